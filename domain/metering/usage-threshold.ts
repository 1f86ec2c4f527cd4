import type { InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * MAU levels a customer wants to hear about (budget alerts): alerts are raised at 80 % and at 100 % of
 * each threshold. This file is the pure part; the hourly alert job remembers which levels it raised.
 */
export type UsageThresholds = {
  readonly instanceId: InstanceId;
  /** Ascending, distinct, positive integers. */
  readonly thresholds: readonly number[];
  /** Absent while the instance's thresholds were never set. */
  readonly updatedAt?: string;
};

export const MAX_THRESHOLDS = 10;
/** No edition meters more accounts than this; a larger threshold is a typo. */
export const MAX_THRESHOLD = 1_000_000_000;
export const ALERT_PERCENTS = [80, 100] as const;
export type AlertPercent = (typeof ALERT_PERCENTS)[number];

export type InvalidThresholds = Failure<'InvalidParameter.Thresholds'>;

/** Checks what a customer sent and returns it sorted, so equal sets are stored (and compared) alike. */
export const validateThresholds = (input: readonly number[]): Result<readonly number[], InvalidThresholds> => {
  if (input.length > MAX_THRESHOLDS) return fail('InvalidParameter.Thresholds', `At most ${MAX_THRESHOLDS} thresholds; ${input.length} were given.`);
  const bad = input.find((t) => !Number.isSafeInteger(t) || t < 1 || t > MAX_THRESHOLD);
  if (bad !== undefined) return fail('InvalidParameter.Thresholds', `Thresholds are whole numbers of monthly active users from 1 to ${MAX_THRESHOLD}; ${bad} is not.`);
  const sorted = [...input].sort((a, b) => a - b);
  const repeated = sorted.find((t, i) => i > 0 && sorted[i - 1] === t);
  if (repeated !== undefined) return fail('InvalidParameter.Thresholds', `Thresholds must be distinct; ${repeated} is given twice.`);
  return ok(sorted);
};

export type CrossedLevel = { readonly threshold: number; readonly percent: AlertPercent };

/**
 * The alert levels `mau` has reached: (threshold, 80) once mau ≥ 80 % of the threshold, (threshold,
 * 100) once mau ≥ the threshold. Levels only ever get added as a month's MAU grows, so the alert job
 * raises each one once by remembering what it raised. Ordered by threshold, then percent.
 */
export const crossedLevels = (thresholds: readonly number[], mau: number): CrossedLevel[] =>
  [...thresholds]
    .sort((a, b) => a - b)
    // In integers (mau·100 ≥ threshold·percent), so 80 % of 5 is reached at exactly 4, never at 3.9999….
    .flatMap((threshold) => ALERT_PERCENTS.filter((percent) => mau * 100 >= threshold * percent).map((percent) => ({ threshold, percent })));
