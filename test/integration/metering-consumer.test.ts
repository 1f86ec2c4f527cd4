import type { SQSEvent } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../adapters/local/in-process-queue';
import { InProcessLogonEventPublisher } from '../../adapters/queue/in-process-logon-event-publisher';
import type { Month } from '../../domain/metering/activity-period';
import type { InstanceId } from '../../domain/shared/ids';
import { logonSucceeded, type LogonSucceeded } from '../../events/logon-succeeded';
import { QUEUES } from '../../events/queues';
import { createMeteringHandler } from '../../functions/queue/metering';
import { awsError, FaultySender } from '../support/faults';
import { TEST_NOW } from '../support/clock';
import { freshTable } from '../support/db';
import { sqsEvent } from '../support/sqs';
import { apiOver } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let faults: FaultySender;
let instanceCount = 0;

// November and December of next year: the marks' `ttl` is always in the future, so DynamoDB Local (which
// reaps by the real clock) never takes them during a run, however late this test runs.
const Y = new Date(TEST_NOW).getUTCFullYear() + 1;
const NOV = `${Y}-11`;
const DEC = `${Y}-12`;

beforeAll(async () => {
  const t = await freshTable({ wrap: (inner) => (faults = new FaultySender(inner)) });
  api = apiOver(t.table);
});

beforeEach(() => {
  // Just after midnight on 1 December: November's last logons are still arriving.
  api.clock.set(`${DEC}-01T00:05:00.000Z`);
  api.logs.length = 0;
});

/** Each test meters its own instance, so tests never see each other's counts. */
const newInstance = () => `idaas_consumer${++instanceCount}` as InstanceId;
const handler = () => createMeteringHandler(() => api.container);

const logon = (instanceId: InstanceId, customerId: string, at: string, applicationId = 'app_web'): LogonSucceeded =>
  logonSucceeded({ instanceId, applicationId, customerId, method: 'Password', at });

const batch = (bodies: readonly (LogonSucceeded | string)[]): SQSEvent => sqsEvent(bodies);

const usage = (instanceId: InstanceId, month = NOV) => api.container.usage.monthlyUsage(instanceId, month as Month);
const days = (newByDay: readonly number[]) => Object.fromEntries(newByDay.flatMap((n, i) => (n ? [[i + 1, n]] : [])));
const failedIds = (out: { batchItemFailures: { itemIdentifier: string }[] }) => out.batchItemFailures.map((f) => f.itemIdentifier);

/** A month of traffic: 30 accounts over three applications, most logging on several times, some on two applications. */
const stream = (instanceId: InstanceId): LogonSucceeded[] =>
  Array.from({ length: 120 }, (_, i) => {
    const customer = `user_${(i * 7) % 30}`;
    // An account's logons fall on different days, so the order they arrive in matters to its first day.
    const day = String(((i * 11) % 28) + 1).padStart(2, '0');
    return logon(instanceId, customer, `${NOV}-${day}T${String(i % 24).padStart(2, '0')}:15:00.000Z`, `app_${(i + Math.floor(i / 30)) % 3}`);
  });

/** What metering must make of a stream, computed the plain way: distinct accounts, their first day, per application. */
const expectedUsage = (events: readonly LogonSucceeded[]) => {
  const first = new Map<string, number>();
  const perApp = new Map<string, Set<string>>();
  for (const e of events) {
    const day = new Date(e.at).getUTCDate();
    first.set(e.customerId, Math.min(day, first.get(e.customerId) ?? 99));
    perApp.set(e.applicationId, (perApp.get(e.applicationId) ?? new Set()).add(e.customerId));
  }
  const newByDay = Array<number>(30).fill(0);
  for (const day of first.values()) newByDay[day - 1]! += 1;
  const applications = [...perApp].sort(([a], [b]) => a.localeCompare(b)).map(([applicationId, set]) => ({ applicationId, mau: set.size }));
  return { mau: first.size, newByDay, applications };
};

describe('metering consumer', () => {
  it('counts a logon once for the instance and once for its application, even twice in one batch', async () => {
    const id = newInstance();
    const e = logon(id, 'user_1', `${NOV}-23T08:00:00.000Z`);
    const out = await handler()(batch([e, e]));
    expect(out.batchItemFailures).toEqual([]);
    const u = await usage(id);
    expect(u).toMatchObject({ mau: 1, applications: [{ applicationId: 'app_web', mau: 1 }] });
    expect(days(u.newByDay)).toEqual({ 23: 1 });
    expect(api.logs).toContainEqual(expect.objectContaining({ message: 'logons metered', records: 2, newActive: 1, newApplicationActive: 1, failed: 0 }));
  });

  it('changes nothing when a batch is delivered again, and then only reads', async () => {
    const id = newInstance();
    const events = [logon(id, 'user_1', `${NOV}-02T08:00:00.000Z`), logon(id, 'user_2', `${NOV}-03T08:00:00.000Z`, 'app_ios')];
    expect(failedIds(await handler()(batch(events)))).toEqual([]);
    const first = await usage(id);
    faults.sent.length = 0;
    expect(failedIds(await handler()(batch(events)))).toEqual([]);
    // One BatchGet found every mark: no write was even tried.
    expect(faults.sent).toEqual(['BatchGetCommand']);
    expect(await usage(id)).toEqual(first);
    expect(first.mau).toBe(2);
  });

  it('counts once when two deliveries of the same logons run at the same time', async () => {
    const id = newInstance();
    const events = Array.from({ length: 12 }, (_, i) => logon(id, `user_${i}`, `${NOV}-15T12:00:00.000Z`, `app_${i % 2}`));
    const outs = await Promise.all([handler()(batch(events)), handler()(batch([...events].reverse()))]);
    expect(outs.flatMap(failedIds)).toEqual([]);
    const u = await usage(id);
    expect(u.mau).toBe(12);
    expect(u.applications).toEqual([
      { applicationId: 'app_0', mau: 6 },
      { applicationId: 'app_1', mau: 6 },
    ]);
    expect(days(u.newByDay)).toEqual({ 15: 12 });
  });

  it('gives identical usage when a whole stream is replayed, and in whatever order it arrives', async () => {
    const id = newInstance();
    const events = stream(id);
    for (let i = 0; i < events.length; i += 10) expect(failedIds(await handler()(batch(events.slice(i, i + 10))))).toEqual([]);
    const once = await usage(id);
    expect(once).toEqual({ instanceId: id, month: NOV, ...expectedUsage(events) });
    expect(once.mau).toBe(30);
    expect(once.applications.reduce((n, a) => n + a.mau, 0)).toBeGreaterThan(30);

    // The same stream again, in other batches and backwards: nothing changes.
    const backwards = [...events].reverse();
    for (let i = 0; i < backwards.length; i += 7) expect(failedIds(await handler()(batch(backwards.slice(i, i + 7))))).toEqual([]);
    expect(await usage(id)).toEqual(once);

    // Another instance fed the stream backwards, one logon per batch, counts exactly the same, per day too.
    const mirror = newInstance();
    for (const e of [...stream(mirror)].reverse()) expect(failedIds(await handler()(batch([e])))).toEqual([]);
    expect({ ...(await usage(mirror)), instanceId: id }).toEqual(once);
  });

  it('counts a logon in the UTC month and day of its `at`, not of its processing', async () => {
    const id = newInstance();
    const out = await handler()(batch([logon(id, 'user_1', `${DEC}-01T00:00:00.000Z`), logon(id, 'user_1', `${NOV}-30T23:59:59.000Z`)]));
    expect(out.batchItemFailures).toEqual([]);
    const november = await usage(id, NOV);
    expect(november.mau).toBe(1);
    expect(november.newByDay).toHaveLength(30);
    expect(days(november.newByDay)).toEqual({ 30: 1 });
    const december = await usage(id, DEC);
    expect(december.mau).toBe(1);
    expect(days(december.newByDay)).toEqual({ 1: 1 });
  });

  it('counts per application, and another instance sees none of it', async () => {
    const id = newInstance();
    const other = newInstance();
    const out = await handler()(
      batch([
        logon(id, 'user_a', `${NOV}-10T10:00:00.000Z`, 'app_web'),
        logon(id, 'user_a', `${NOV}-11T10:00:00.000Z`, 'app_ios'),
        logon(id, 'user_b', `${NOV}-11T10:00:00.000Z`, 'app_ios'),
        logon(id, 'user_c', `${NOV}-12T10:00:00.000Z`, 'app_ios'),
      ]),
    );
    expect(out.batchItemFailures).toEqual([]);
    const u = await usage(id);
    expect(u.mau).toBe(3);
    expect(u.applications).toEqual([
      { applicationId: 'app_ios', mau: 3 },
      { applicationId: 'app_web', mau: 1 },
    ]);
    expect(days(u.newByDay)).toEqual({ 10: 1, 11: 1, 12: 1 });
    expect(await usage(other)).toMatchObject({ mau: 0, applications: [] });
  });

  it('reports poison records with a clear error and still counts the good records of the batch', async () => {
    const id = newInstance();
    const good = logon(id, 'user_good', `${NOV}-29T09:00:00.000Z`);
    const poison = [
      '{not json',
      JSON.stringify({ ...good, version: 2 }),
      JSON.stringify({ ...good, tenant: 'x' }),
      JSON.stringify(logon(id, 'user_old', `${Y - 1}-11-30T23:59:59.000Z`)),
      JSON.stringify(logon(id, 'user_future', `${DEC}-01T01:00:00.000Z`)),
    ];
    const event = batch([poison[0]!, poison[1]!, good, poison[2]!, poison[3]!, poison[4]!]);
    const out = await handler()(event);
    const ids = event.Records.map((r) => r.messageId);
    expect(failedIds(out)).toEqual([ids[0], ids[1], ids[3], ids[4], ids[5]]);
    expect((await usage(id)).mau).toBe(1);
    expect((await usage(id)).applications).toEqual([{ applicationId: 'app_web', mau: 1 }]);

    const errors = api.logs.filter((l) => l.message === 'queue record failed').map((l) => `${l.messageId}: ${l.error}`);
    expect(errors).toEqual([
      `${ids[0]}: not a logon.succeeded v1 event: the body is not JSON`,
      expect.stringMatching(new RegExp(`^${ids[1]}: not a logon.succeeded v1 event: version: .*expected 1`)),
      expect.stringMatching(new RegExp(`^${ids[3]}: not a logon.succeeded v1 event: .*tenant`)),
      expect.stringMatching(new RegExp(`^${ids[4]}: Metering.EventTooOld: The logon at ${Y - 1}-11-30T23:59:59.000Z is before ${Y - 1}-12`)),
      expect.stringMatching(new RegExp(`^${ids[5]}: Metering.EventInFuture: `)),
    ]);
  });

  it('retries the records a store failure stopped; the redelivery counts them exactly once', async () => {
    const id = newInstance();
    const seen = logon(id, 'user_seen', `${NOV}-05T10:00:00.000Z`);
    await handler()(batch([seen]));
    const fresh = logon(id, 'user_new', `${NOV}-06T10:00:00.000Z`);
    faults.failNext(1, { match: /TransactWrite/, error: () => awsError('ValidationException') });
    const event = batch([seen, fresh]);
    const out = await handler()(event);
    expect(failedIds(out)).toEqual([event.Records[1]!.messageId]);
    expect(api.logs).toContainEqual(expect.objectContaining({ message: 'queue record failed', errorName: 'ValidationException' }));
    expect(failedIds(await handler()(batch([fresh])))).toEqual([]);
    const u = await usage(id);
    expect(u.mau).toBe(2);
    expect(u.applications).toEqual([{ applicationId: 'app_web', mau: 2 }]);

    // A failed read of what is known fails the whole batch's good records, and changes nothing.
    faults.failNext(1, { match: /BatchGet/, error: () => awsError('ValidationException') });
    const all = batch([logon(id, 'user_later', `${NOV}-07T10:00:00.000Z`), '{not json']);
    expect(failedIds(await handler()(all))).toEqual(all.Records.map((r) => r.messageId));
    expect((await usage(id)).mau).toBe(2);
  });

  it('through the in-process queue: good logons are counted, poison ones dead-letter after maxReceiveCount', async () => {
    const id = newInstance();
    const queue = new InProcessQueue({ name: 'metering', visibilityTimeoutMs: 5, maxReceiveCount: QUEUES.metering.maxReceiveCount, batchSize: QUEUES.metering.batchSize });
    queue.consume(handler());
    const publisher = new InProcessLogonEventPublisher(queue);
    for (const customer of ['user_1', 'user_2', 'user_1']) await publisher.publish(logon(id, customer, `${NOV}-20T20:00:00.000Z`));
    const poison = ['{"type":"logon.succeeded"', JSON.stringify(logon(id, 'user_old', '2020-01-01T00:00:00.000Z'))];
    queue.send(poison);
    await queue.idle();
    await queue.stop();
    expect(queue.deadLetters().map((d) => [d.body, d.receiveCount])).toEqual(poison.map((body) => [body, QUEUES.metering.maxReceiveCount]));
    const u = await usage(id);
    expect(u.mau).toBe(2);
    expect(days(u.newByDay)).toEqual({ 20: 2 });
  });
});
