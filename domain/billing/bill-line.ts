import type { Edition, MauTier } from '../ciam/catalogue';
import type { AccountId, InstanceId } from '../shared/ids';
import { billedHours } from './billed-hours';
import { accruedMauCharge } from './mau-pricing';
import { multiplyMicros, parseUsd, sumMicros, type Micros } from './money';

/**
 * What one instance owes for one UTC day: the edition fee for the hours it ran, and the MAU charge
 * accrued that day. Amounts in micro-USD. The daily job writes one line per instance and day, keyed by
 * both, so a re-run overwrites the line with the same figures.
 */
export type BillLine = {
  readonly instanceId: InstanceId;
  readonly accountId: AccountId;
  readonly day: string;
  readonly edition: Edition;
  readonly hourlyFee: Micros;
  readonly billedHours: number;
  readonly editionFee: Micros;
  /** The instance's MAU from the 1st of the month to the end of this day. */
  readonly mauToDate: number;
  /** MAU first active this month on this day: mauToDate minus the previous day's. */
  readonly newMau: number;
  readonly mauCharge: Micros;
  readonly total: Micros;
};

/** The instance as billing sees it. */
export type BilledInstance = {
  readonly id: InstanceId;
  readonly accountId: AccountId;
  readonly edition: Edition;
  /**
   * From the instance's Purchase order: kept as bought even if the catalogue's price changes later.
   * (The Release order carries '0'; it is not the price the instance ran at.)
   */
  readonly hourlyFee: string;
  readonly createdAt: string;
  readonly releasedAt?: string | undefined;
};

export type DailyBillInput = {
  readonly instance: BilledInstance;
  readonly day: string;
  /** MAU to date at the end of the previous day of the same month; 0 on the 1st, since MAU count per month. */
  readonly mauBeforeDay: number;
  /** MAU to date at the end of `day` (the day's last hourly snapshot). */
  readonly mauAtEndOfDay: number;
  /** The catalogue's MAU tiers (CATALOGUE.mauTiers). */
  readonly tiers: readonly MauTier[];
};

/**
 * The day's bill line for one instance, or undefined when it owes nothing that day (no hour in service
 * and no new MAU), so days before the purchase or after the release write nothing. Pure: the same input
 * always gives the same line, which is what makes re-running the daily job harmless.
 */
export const dailyBillLine = (input: DailyBillInput): BillLine | undefined => {
  const { instance, day, mauBeforeDay, mauAtEndOfDay, tiers } = input;
  // A month's MAU start from zero; carrying last month's count would price this month's MAU at the wrong tiers.
  if (day.endsWith('-01') && mauBeforeDay !== 0) throw new Error(`MAU before ${day} must be 0 (a new month), not ${mauBeforeDay}`);
  const hours = billedHours({ purchasedAt: instance.createdAt, releasedAt: instance.releasedAt }, day);
  const mauCharge = accruedMauCharge(mauBeforeDay, mauAtEndOfDay, tiers);
  const newMau = mauAtEndOfDay - mauBeforeDay;
  if (hours === 0 && newMau === 0) return undefined;
  const hourlyFee = parseUsd(instance.hourlyFee);
  const editionFee = multiplyMicros(hourlyFee, hours);
  return {
    instanceId: instance.id,
    accountId: instance.accountId,
    day,
    edition: instance.edition,
    hourlyFee,
    billedHours: hours,
    editionFee,
    mauToDate: mauAtEndOfDay,
    newMau,
    mauCharge,
    total: sumMicros([editionFee, mauCharge]),
  };
};
