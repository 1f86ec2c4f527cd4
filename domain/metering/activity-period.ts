import type { Brand } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * Metering's periods are UTC calendar months ('2026-11') and days ('2026-11-23'). An account is active
 * in a month when it logs on or refreshes a token at an instant of that month in UTC, whatever the
 * customer's or the region's time zone: one definition everywhere, and billing's months are the same.
 */
export type Month = Brand<string, 'Month'>;
export type Day = Brand<string, 'Day'>;

export type InvalidMonth = Failure<'InvalidParameter.Month'>;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
// Date.UTC reads years 0-99 as 1900-1999, and nothing metered predates the epoch.
const FIRST_YEAR = 1970;

const isoOf = (at: Date): string => {
  const year = at.getUTCFullYear();
  // toISOString writes years outside 0-9999 as ±YYYYYY, which no key or month string may hold.
  if (Number.isNaN(year) || year < FIRST_YEAR || year > 9999) throw new RangeError(`${String(at)} is outside the metered years`);
  return at.toISOString();
};

export const monthOf = (at: Date): Month => isoOf(at).slice(0, 7) as Month;
export const dayOf = (at: Date): Day => isoOf(at).slice(0, 10) as Day;

export const parseMonth = (s: string): Result<Month, InvalidMonth> => {
  const m = MONTH.exec(s);
  if (!m || Number(m[1]) < FIRST_YEAR) return fail('InvalidParameter.Month', `The month must be a UTC calendar month YYYY-MM from ${FIRST_YEAR} on, e.g. 2026-11.`);
  return ok(s as Month);
};

const parts = (month: Month): [year: number, monthIndex: number] => [Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1];

/** 1-31: the day's number within its month (index + 1 into MonthlyUsage.newByDay). */
export const dayOfMonth = (day: Day): number => Number(day.slice(8, 10));
export const monthOfDay = (day: Day): Month => day.slice(0, 7) as Month;

/** The first instant of the month (inclusive). */
export const monthStart = (month: Month): Date => {
  const [year, index] = parts(month);
  return new Date(Date.UTC(year, index, 1));
};

/** The first instant of the next month: the month is [monthStart, monthEnd). */
export const monthEnd = (month: Month): Date => {
  const [year, index] = parts(month);
  return new Date(Date.UTC(year, index + 1, 1));
};

/** 28-31; February has 29 days in leap years (2028, 2000; not 2100). */
export const daysInMonth = (month: Month): number => {
  const [year, index] = parts(month);
  return new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
};

/** The month `n` months after (negative: before) `month`, across year ends. */
export const addMonths = (month: Month, n: number): Month => {
  const [year, index] = parts(month);
  return monthOf(new Date(Date.UTC(year, index + n, 1)));
};
