import type { LogonSucceeded } from '../../events/logon-succeeded';
import type { ApplicationId, CustomerId, InstanceId } from '../shared/ids';
import { err, fail, ok, type Failure, type Result } from '../shared/result';
import { markId, type ActivityMark } from './activity-mark';
import { addMonths, dayOf, monthOf, monthStart } from './activity-period';
import { shardOf } from './counter-shard';
import type { ActivityLedger, MarkOutcome } from './ports';

/**
 * The months metering accepts logons for: the current one and the 12 before it. The ledger keeps
 * each mark 13 months after its month starts (its `ttl`), longer than this window, so every mark a
 * logon could meet is still there to dedupe against: an older logon cannot be counted exactly once.
 */
export const RETENTION_MONTHS = 12;
/** Producers' clocks may run a little ahead of the consumer's; beyond this an `at` is wrong. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Marks one batch writes at once: enough to hide round trips, few enough not to fight over a shard. */
export const WRITE_CONCURRENCY = 8;

/** What metering reads of a `logon.succeeded` event. */
export type LogonActivity = Pick<LogonSucceeded, 'instanceId' | 'applicationId' | 'customerId' | 'at'>;

/** A logon that can never be recorded: retrying it changes nothing, so it belongs in the dead letters. */
export type PoisonLogon = Failure<'Metering.EventTooOld' | 'Metering.EventInFuture' | 'Metering.MalformedEvent'>;

// Atrium's ids (`idaas_…`, `app_…`, `user_…`) never hold `#`, the ledger's key separator.
const ATRIUM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The two marks a logon sets, on the month and day of its `at` (UTC), not of its processing: a logon at
 * 23:59:59 on 30 November counts for November even when the consumer sees it in December.
 */
export const marksOfLogon = (logon: LogonActivity, now: Date): Result<readonly [ActivityMark, ActivityMark], PoisonLogon> => {
  for (const [field, id] of [['instanceId', logon.instanceId], ['applicationId', logon.applicationId], ['customerId', logon.customerId]] as const) {
    if (!ATRIUM_ID.test(id)) return fail('Metering.MalformedEvent', `${field} ${JSON.stringify(id)} is not an Atrium id.`);
  }
  const at = new Date(logon.at);
  if (Number.isNaN(at.getTime())) return fail('Metering.MalformedEvent', `at ${JSON.stringify(logon.at)} is not an instant.`);
  if (at.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS) {
    return fail(
      'Metering.EventInFuture',
      `The logon at ${logon.at} is more than ${MAX_CLOCK_SKEW_MS / 60_000} minutes ahead of the consumer's clock (${now.toISOString()}): the producer's clock is wrong.`,
    );
  }
  const oldest = addMonths(monthOf(now), -RETENTION_MONTHS);
  if (at.getTime() < monthStart(oldest).getTime()) {
    return fail(
      'Metering.EventTooOld',
      `The logon at ${logon.at} is before ${oldest}, the oldest month metering keeps (${RETENTION_MONTHS} months back): it can no longer be counted exactly once.`,
    );
  }
  const customerId = logon.customerId as CustomerId;
  const instanceMark: ActivityMark = { instanceId: logon.instanceId as InstanceId, month: monthOf(at), day: dayOf(at), customerId, shard: shardOf(customerId) };
  return ok([instanceMark, { ...instanceMark, applicationId: logon.applicationId as ApplicationId }]);
};

export type LogonBatchPlan = {
  /** Per logon, in order: the ids of its marks, or why it can never be recorded. */
  readonly logons: readonly Result<readonly string[], PoisonLogon>[];
  /** Each distinct mark once, with the earliest day any logon of the batch gives it. */
  readonly marks: ReadonlyMap<string, ActivityMark>;
};

/**
 * Dedupes a batch: the same account logging on twice (or an event delivered twice) sets each mark
 * once, on the earlier day, so a batch costs one write per new mark at most.
 */
export const planLogonBatch = (logons: readonly LogonActivity[], now: Date): LogonBatchPlan => {
  const marks = new Map<string, ActivityMark>();
  const planned = logons.map((logon) => {
    const own = marksOfLogon(logon, now);
    if (!own.ok) return own;
    return ok(
      own.value.map((mark) => {
        const id = markId(mark);
        const seen = marks.get(id);
        if (!seen || mark.day < seen.day) marks.set(id, mark);
        return id;
      }),
    );
  });
  return { logons: planned, marks };
};

/**
 * One logon's outcome in a batch: `recorded` (with the marks it counted or moved earlier; a mark set by
 * several logons of the batch is credited to the first), `poison` (never recordable), or `retry` (a
 * store failure stopped one of its marks; recording it again is safe).
 */
export type LogonOutcome =
  | { readonly outcome: 'recorded'; readonly counted: readonly ActivityMark[]; readonly movedEarlier: readonly ActivityMark[] }
  | { readonly outcome: 'poison'; readonly error: PoisonLogon }
  | { readonly outcome: 'retry'; readonly error: unknown };

type MarkResult = { readonly outcome: MarkOutcome } | { readonly error: unknown };

/**
 * Records a batch of logons exactly once: plan (dedupe), one `knownActive` read for the whole batch
 * to skip what is recorded already (after the first days of a month, nearly everything), then
 * `markActive` for the rest, a few at a time. Duplicates and replays change nothing.
 */
export const recordLogons = async (
  ledger: ActivityLedger,
  logons: readonly LogonActivity[],
  now: Date,
  options: { readonly concurrency?: number } = {},
): Promise<LogonOutcome[]> => {
  const plan = planLogonBatch(logons, now);
  const results = new Map<string, MarkResult>();
  const marks = [...plan.marks.values()];
  let known: ReadonlySet<string> = new Set();
  try {
    if (marks.length > 0) known = await ledger.knownActive(marks);
  } catch (error) {
    for (const id of plan.marks.keys()) results.set(id, { error });
  }
  const todo = marks.filter((mark) => !known.has(markId(mark)) && !results.has(markId(mark)));
  await inParallel(todo, options.concurrency ?? WRITE_CONCURRENCY, async (mark) => {
    try {
      results.set(markId(mark), { outcome: await ledger.markActive(mark) });
    } catch (error) {
      results.set(markId(mark), { error });
    }
  });

  const credited = new Set<string>();
  return plan.logons.map((planned): LogonOutcome => {
    if (!planned.ok) return { outcome: 'poison', error: planned.error };
    for (const id of planned.value) {
      const result = results.get(id);
      if (result && 'error' in result) return { outcome: 'retry', error: result.error };
    }
    const counted: ActivityMark[] = [];
    const movedEarlier: ActivityMark[] = [];
    for (const id of planned.value) {
      const result = results.get(id);
      if (!result || !('outcome' in result) || credited.has(id)) continue;
      credited.add(id);
      if (result.outcome === 'counted') counted.push(plan.marks.get(id)!);
      if (result.outcome === 'moved-earlier') movedEarlier.push(plan.marks.get(id)!);
    }
    return { outcome: 'recorded', counted, movedEarlier };
  });
};

/** One logon on its own: what it counted, why it never can be, or the store failure thrown. */
export const recordLogon = async (
  ledger: ActivityLedger,
  logon: LogonActivity,
  now: Date,
): Promise<Result<{ readonly counted: readonly ActivityMark[]; readonly movedEarlier: readonly ActivityMark[] }, PoisonLogon>> => {
  const [outcome] = await recordLogons(ledger, [logon], now);
  if (outcome!.outcome === 'retry') throw outcome!.error;
  if (outcome!.outcome === 'poison') return err(outcome!.error);
  return ok({ counted: outcome!.counted, movedEarlier: outcome!.movedEarlier });
};

const inParallel = async <T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
};
