/**
 * Billing days and months are UTC calendar days ('YYYY-MM-DD') and months ('YYYY-MM'): every day has
 * 24 hours, with no daylight-saving day of 23 or 25. The jobs compute these strings themselves, so a
 * malformed or impossible one ('2024-02-30') is a bug and throws.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const DAY = /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** An ISO 8601 instant with an explicit zone: without one, Date.parse would read local time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Midnight UTC at the start of `day`, in epoch milliseconds. */
export const utcDayStart = (day: string): number => {
  const start = DAY.test(day) ? Date.parse(`${day}T00:00:00.000Z`) : Number.NaN;
  // The round trip refuses days the month does not have, which Date.parse may roll over.
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) throw new Error(`${JSON.stringify(day)} is not a YYYY-MM-DD day`);
  return start;
};

export const assertUtcMonth = (month: string): string => {
  if (!MONTH.test(month)) throw new Error(`${JSON.stringify(month)} is not a YYYY-MM month`);
  return month;
};

/** The month ('YYYY-MM') a day belongs to. */
export const monthOfDay = (day: string): string => {
  utcDayStart(day);
  return day.slice(0, 7);
};

/** Every day of a month, in order: what the daily job walks and a statement covers. */
export const daysOfMonth = (month: string): string[] => {
  assertUtcMonth(month);
  const days: string[] = [];
  for (let at = utcDayStart(`${month}-01`); new Date(at).toISOString().startsWith(month); at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
};

/** An instant (an instance's createdAt or releasedAt) in epoch milliseconds. */
export const parseInstant = (instant: string): number => {
  const at = INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(at)) throw new Error(`${JSON.stringify(instant)} is not an ISO 8601 instant with a time zone`);
  return at;
};
