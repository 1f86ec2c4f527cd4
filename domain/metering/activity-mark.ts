import type { ApplicationId, CustomerId, InstanceId } from '../shared/ids';
import type { Day, Month } from './activity-period';

/**
 * "This account was active in this instance (or this application of it) in this month": the unit
 * metering counts exactly once. A logon sets two marks, the instance's (its MAU, what is billed) and the
 * application's (the per-application breakdown), each counted on its own.
 */
export type ActivityMark = {
  readonly instanceId: InstanceId;
  /** Absent: the instance-level mark. */
  readonly applicationId?: ApplicationId;
  readonly month: Month;
  /**
   * The day of the logon the mark stands for. The instance mark keeps the earliest such day of the
   * month, so the per-day counts are the same whatever order the logons arrive in.
   */
  readonly day: Day;
  readonly customerId: CustomerId;
  /** `shardOf(customerId)`: the counter shard the mark is counted on. */
  readonly shard: number;
};

/** Identifies a mark whatever its day: two logons of one account in one month set the same marks. */
export const markId = (m: ActivityMark): string => JSON.stringify([m.instanceId, m.month, m.customerId, m.applicationId ?? null]);

export const isInstanceMark = (m: ActivityMark): boolean => m.applicationId === undefined;
