/** A UTC calendar month, `YYYY-MM`, as the usage and billing APIs name months. */
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const isMonth = (s: string | undefined): s is string => s !== undefined && MONTH.test(s);

export const monthOfDate = (at: Date): string => at.toISOString().slice(0, 7);

/** The month `delta` months from `month` (`2026-01`, -1 → `2025-12`). */
export const shiftMonth = (month: string, delta: number): string => {
  const [, y, m] = MONTH.exec(month)!;
  const d = new Date(Date.UTC(Number(y), Number(m) - 1 + delta, 1));
  return monthOfDate(d);
};
