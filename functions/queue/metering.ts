import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isInstanceMark } from '../../domain/metering/activity-mark';
import { recordLogons, type LogonOutcome } from '../../domain/metering/record-logon';
import { LogonSucceeded } from '../../events/logon-succeeded';
import { invocationLogger, tenantField, type InvocationContext } from '../invocation-logger';
import { container, type Container } from '../wire';
import { processBatch } from './batch';

type Parsed = { readonly ok: true; readonly logon: LogonSucceeded } | { readonly ok: false; readonly error: Error };

// A body that is not a logon.succeeded v1 event can never succeed: it fails every delivery and so ends
// in the dead-letter queue, where this message (logged with each failure) says why.
const parse = (body: string): Parsed => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: new Error('not a logon.succeeded v1 event: the body is not JSON') };
  }
  const parsed = LogonSucceeded.safeParse(json);
  if (parsed.success) return { ok: true, logon: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return { ok: false, error: new Error(`not a logon.succeeded v1 event: ${issues.join('; ')}`) };
};

/** The `Outcome` dimension of `MauEvents`. */
const OUTCOME: Record<LogonOutcome['outcome'], string> = { recorded: 'Recorded', poison: 'Poison', retry: 'Retry' };

/**
 * Consumes `logon.succeeded`: each logon marks its account active for the instance's and the
 * application's month, exactly once. The whole batch is recorded together (one read of what is known
 * already), then each record is reported on its own: poison and store failures in batchItemFailures.
 */
export const createMeteringHandler =
  (deps: () => Container) =>
  async (event: SQSEvent, context?: InvocationContext): Promise<SQSBatchResponse> => {
    const receivedAt = Date.now();
    const c = deps();
    const logger = invocationLogger(c.logger, context, { queue: 'metering' });
    const parsed = new Map(event.Records.map((record) => [record, parse(record.body)] as const));
    const logons = [...parsed.values()].flatMap((p) => (p.ok ? [p.logon] : []));
    const outcomes = await recordLogons(c.activityLedger, logons, c.clock.now());
    const outcomeOf = new Map<SQSRecord, LogonOutcome>();
    let next = 0;
    for (const [record, p] of parsed) if (p.ok) outcomeOf.set(record, outcomes[next++]!);

    const describe = (record: SQSRecord) => {
      const p = parsed.get(record);
      return p?.ok ? tenantField('instance', p.logon.instanceId) : undefined;
    };
    const response = await processBatch(event, { logger, metrics: c.metrics, queue: 'metering', describe, receivedAt }, async (record) => {
      const p = parsed.get(record)!;
      if (!p.ok) throw p.error;
      const outcome = outcomeOf.get(record)!;
      if (outcome.outcome === 'poison') throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
      if (outcome.outcome === 'retry') throw outcome.error;
    });
    const recorded = outcomes.flatMap((o) => (o.outcome === 'recorded' ? [o] : []));
    const newActive = recorded.reduce((n, o) => n + o.counted.filter(isInstanceMark).length, 0);
    const newApplicationActive = recorded.reduce((n, o) => n + o.counted.filter((m) => !isInstanceMark(m)).length, 0);
    // Per outcome: every record is one event (a body that is no event at all is poison too).
    const byOutcome = new Map<string, number>();
    for (const [record, p] of parsed) {
      const outcome = OUTCOME[p.ok ? outcomeOf.get(record)!.outcome : 'poison'];
      byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    }
    for (const [outcome, n] of byOutcome) c.metrics.record('MauEvents', n, 'Count', { Outcome: outcome });
    if (event.Records.length > 0) {
      c.metrics.record('MauNewActives', newActive, 'Count', { Scope: 'Instance' });
      c.metrics.record('MauNewActives', newApplicationActive, 'Count', { Scope: 'Application' });
    }
    logger.log('info', 'logons metered', {
      records: event.Records.length,
      instances: new Set(logons.map((l) => l.instanceId)).size,
      newActive,
      newApplicationActive,
      movedEarlier: recorded.reduce((n, o) => n + o.movedEarlier.length, 0),
      failed: response.batchItemFailures.length,
    });
    return response;
  };

export const handler = createMeteringHandler(container);
