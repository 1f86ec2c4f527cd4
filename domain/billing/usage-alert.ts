import type { AlertPercent } from '../metering/usage-threshold';
import type { AccountId, InstanceId } from '../shared/ids';

/** The hourly job's record of an instance's MAU so far in the hour's month, as counted when it ran. */
export type MauSnapshot = {
  readonly instanceId: InstanceId;
  /** The UTC hour the snapshot is for: 'YYYY-MM-DDTHH'. */
  readonly hour: string;
  readonly mau: number;
  readonly takenAt: string;
};

/** An instance's MAU reached `percent` of a threshold its customer set, in `month`. */
export type UsageAlert = {
  readonly instanceId: InstanceId;
  readonly accountId: AccountId;
  readonly month: string;
  readonly threshold: number;
  readonly percent: AlertPercent;
  readonly mau: number;
  readonly at: string;
};
