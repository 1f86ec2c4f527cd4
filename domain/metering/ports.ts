import type { InstanceId } from '../shared/ids';
import type { ActivityMark } from './activity-mark';
import type { Month } from './activity-period';
import type { UsageThresholds } from './usage-threshold';

export type { ActivityMark } from './activity-mark';

/**
 * What recording a mark did. `counted`: the first time for this (instance or application, month,
 * account): the month's MAU grew by one, on the mark's day. `already-counted`: recorded before
 * (a duplicate, a replay, a concurrent twin that won). `moved-earlier`: an instance mark recorded on a
 * later day (its logons arrived out of order); the account's first active day is now this mark's day
 * and the per-day counts moved with it; the MAU is unchanged.
 */
export type MarkOutcome = 'counted' | 'already-counted' | 'moved-earlier';

/**
 * The metering ledger's write side, for the metering consumer only.
 * Error contract: nothing is an expected failure here; store failures (throttling once retries are
 * spent, network) are thrown, and a thrown mark may be recorded again safely.
 */
export interface ActivityLedger {
  /**
   * Of `marks`, the `markId`s of those whose recording would change nothing: an application mark that
   * exists, an instance mark recorded on the same day or an earlier one (asked about one mark on
   * several days, its id is known only if it is for all of them). One read per 100 marks, so a batch of
   * logons by accounts already active this month costs reads only.
   */
  knownActive(marks: readonly ActivityMark[]): Promise<ReadonlySet<string>>;
  /** Records the mark exactly once, however often and however concurrently it is called. */
  markActive(mark: ActivityMark): Promise<MarkOutcome>;
}

/** One instance's monthly active users in one UTC month, as metering counted them. */
export type MonthlyUsage = {
  readonly instanceId: InstanceId;
  readonly month: Month;
  /** Accounts active in the month (each once, however many applications they used). */
  readonly mau: number;
  /**
   * Accounts whose first activity of the month fell on each day: index 0 is day 1, the length is the
   * month's number of days. MAU as of the end of day D is the sum of the first D entries; the sum of
   * all of them is `mau`.
   */
  readonly newByDay: readonly number[];
  /** Per application: accounts active at it in the month. Applications with none are absent. */
  readonly applications: readonly { readonly applicationId: string; readonly mau: number }[];
};

/**
 * The metering ledger's read side (the usage API, billing, alerts). Error contract: store failures
 * are thrown; a month with no activity (or not begun) reads as zeros. The cost of a read does not
 * grow with the number of accounts.
 */
export interface UsageReader {
  monthlyUsage(instanceId: InstanceId, month: Month): Promise<MonthlyUsage>;
  /** The instance's figures alone, without the per-application counts: what billing reads (one request). */
  instanceMau(instanceId: InstanceId, month: Month): Promise<InstanceMau>;
}

export type InstanceMau = Pick<MonthlyUsage, 'instanceId' | 'month' | 'mau' | 'newByDay'>;

/** The MAU thresholds a customer set on an instance. Store failures are thrown. */
export interface UsageThresholdRepository {
  /** Absent when none were ever set. */
  get(instanceId: InstanceId): Promise<UsageThresholds | undefined>;
  /** Replaces the instance's thresholds (last writer wins: the whole set is one value). */
  put(thresholds: UsageThresholds): Promise<void>;
}
