import type { AuditResult } from './audit-event';
import { fail, ok, type Failure, type Result } from '../shared/result';

/** What an auditor asks of a trail: a time range and optional filters, all of which must hold. */
export type AuditQuery = {
  readonly from: string;
  readonly to: string;
  /** The actor's id or name (an administrator, a user, a SCIM credential). */
  readonly actor?: string;
  /** An exact action, or a service prefix ending in `:` or `*` (`portal:`, `cloudsso:Create*`). */
  readonly action?: string;
  /** A resource id the event names. */
  readonly resource?: string;
  readonly result?: AuditResult;
  readonly sourceIp?: string;
};

export type InvalidAuditQuery = Failure<'InvalidParameter.AuditQuery'>;

/** A trail is read at most this far back in one request: the longest retention allowed. */
export const MAX_QUERY_DAYS = 3650;
const DAY_MS = 86_400_000;

const invalid = (message: string) => fail('InvalidParameter.AuditQuery', message);

/**
 * Fills the range (the last 24 hours when `from` is omitted, now when `to` is) and checks it: ISO
 * times, `from` before `to`, not in the future beyond the clock.
 */
export const resolveAuditQuery = (
  input: { readonly [K in keyof AuditQuery]?: AuditQuery[K] | undefined },
  now: Date,
): Result<AuditQuery, InvalidAuditQuery> => {
  const to = input.to === undefined ? now : new Date(input.to);
  const from = input.from === undefined ? new Date(to.getTime() - DAY_MS) : new Date(input.from);
  if (Number.isNaN(from.getTime())) return invalid('from is not an ISO 8601 time.');
  if (Number.isNaN(to.getTime())) return invalid('to is not an ISO 8601 time.');
  if (from.getTime() > to.getTime()) return invalid('from must not be after to.');
  if (to.getTime() - from.getTime() > MAX_QUERY_DAYS * DAY_MS) return invalid(`A query spans at most ${MAX_QUERY_DAYS} days.`);
  if (input.action !== undefined && !/^[a-z]+(:[A-Za-z]*\*?)?$/.test(input.action)) {
    return invalid('action is `service:Operation`, or a prefix such as `cloudsso:` or `cloudsso:Create*`.');
  }
  const { from: _f, to: _t, ...filters } = input;
  return ok({ ...(stripUndefined(filters) as Omit<AuditQuery, 'from' | 'to'>), from: from.toISOString(), to: to.toISOString() });
};

const stripUndefined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * The action filter's meaning: an exact action, or every action under a prefix (`cloudsso:` and
 * `cloudsso:Create*` as written; a bare service name `portal` means `portal:`).
 */
export const actionFilter = (filter: string): { readonly exact: string } | { readonly prefix: string } => {
  if (filter.endsWith('*')) return { prefix: filter.slice(0, -1) };
  if (filter.endsWith(':')) return { prefix: filter };
  if (!filter.includes(':')) return { prefix: `${filter}:` };
  return { exact: filter };
};
