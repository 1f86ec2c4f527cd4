import { HOUR_MS, parseInstant, utcDayStart } from './utc-calendar';

/** When an instance was in service: from purchase until release, or still in service when never released. */
export type ServicePeriod = {
  readonly purchasedAt: string;
  readonly releasedAt?: string | undefined;
};

/**
 * The hours of one UTC day an instance is billed for. It is in service over [purchasedAt, releasedAt)
 * (or [purchasedAt, ∞)), and every clock hour of the day it was in service for any part of is billed:
 * a started hour is a billed hour. Bought at 10:20 and released at 13:05 → hours 10, 11, 12, 13 = 4;
 * released at 13:00:00.000 exactly → hours up to 12 only, since the period ends as hour 13 begins.
 * Days wholly before the purchase or after the release bill 0.
 */
export const billedHours = (period: ServicePeriod, day: string): number => {
  const dayStart = utcDayStart(day);
  const from = parseInstant(period.purchasedAt);
  const until = period.releasedAt === undefined ? Number.POSITIVE_INFINITY : parseInstant(period.releasedAt);
  if (until < from) throw new Error(`released (${period.releasedAt}) before purchased (${period.purchasedAt})`);
  let hours = 0;
  for (let hour = 0; hour < 24; hour += 1) {
    const start = dayStart + hour * HOUR_MS;
    // Half-open intervals overlap when each starts before the other ends; an empty period overlaps nothing.
    if (from < start + HOUR_MS && until > start && until > from) hours += 1;
  }
  return hours;
};
