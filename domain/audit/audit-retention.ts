import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * How long a trail keeps its events. ActionTrail keeps 90 days by itself; identity teams usually need
 * six months or more for reviews, so the default is 180 days and each tenant may choose.
 */
export const DEFAULT_RETENTION_DAYS = 180;
export const MIN_RETENTION_DAYS = 7;
export const MAX_RETENTION_DAYS = 3650;

export type AuditSettings = { readonly retentionDays: number; readonly updatedAt?: string };

export type InvalidRetention = Failure<'InvalidParameter.RetentionDays'>;

export const checkRetention = (days: number): Result<number, InvalidRetention> =>
  Number.isInteger(days) && days >= MIN_RETENTION_DAYS && days <= MAX_RETENTION_DAYS
    ? ok(days)
    : fail('InvalidParameter.RetentionDays', `retentionDays must be a whole number from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}.`);

/** When an event recorded at `time` may be reaped (epoch seconds, as DynamoDB TTL wants). */
export const expiresAtSeconds = (time: Date, retentionDays: number): number =>
  Math.floor(time.getTime() / 1000) + retentionDays * 86_400;
