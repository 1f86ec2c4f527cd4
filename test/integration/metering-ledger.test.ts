import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoActivityLedger } from '../../adapters/dynamodb/activity-ledger';
import { mauCounterKey } from '../../adapters/dynamodb/keys';
import type { Table } from '../../adapters/dynamodb/table';
import { markId, type ActivityMark } from '../../domain/metering/activity-mark';
import type { Day, Month } from '../../domain/metering/activity-period';
import { MAU_COUNTER_SHARDS, shardOf } from '../../domain/metering/counter-shard';
import type { ApplicationId, CustomerId, InstanceId } from '../../domain/shared/ids';
import { awsError, FaultySender } from '../support/faults';
import { TEST_NOW } from '../support/clock';
import { freshTable } from '../support/db';

let table: Table;
let faults: FaultySender;
let ledger: DynamoActivityLedger;
let instanceCount = 0;

// November and December of next year: the marks' `ttl` is always in the future, so DynamoDB Local (which
// reaps by the real clock) never takes them during a run, however late this test runs.
const Y = new Date(TEST_NOW).getUTCFullYear() + 1;
const NOV = `${Y}-11`;
const DEC = `${Y}-12`;
const LEAP = Array.from({ length: 4 }, (_, i) => Y + i).find((y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)!;

beforeAll(async () => {
  ({ table } = await freshTable({ wrap: (inner) => (faults = new FaultySender(inner)) }));
  ledger = new DynamoActivityLedger(table);
});

/** Each test meters its own instance, so tests never see each other's counts. */
const newInstance = () => `idaas_ledger${++instanceCount}` as InstanceId;

const mark = (instanceId: InstanceId, customerId: string, day: string, applicationId?: string): ActivityMark => ({
  instanceId,
  month: day.slice(0, 7) as Month,
  day: day as Day,
  customerId: customerId as CustomerId,
  shard: shardOf(customerId),
  ...(applicationId ? { applicationId: applicationId as ApplicationId } : {}),
});

const usage = (instanceId: InstanceId, month = NOV) => ledger.monthlyUsage(instanceId, month as Month);
/** newByDay as { day: count } for the days with any, easier to read in a failure. */
const days = (newByDay: readonly number[]) => Object.fromEntries(newByDay.flatMap((n, i) => (n ? [[i + 1, n]] : [])));

describe('activity ledger (DynamoDB)', () => {
  it('counts a mark once: the first time `counted`, every later time `already-counted`', async () => {
    const id = newInstance();
    expect(await ledger.markActive(mark(id, 'user_1', `${NOV}-23`))).toBe('counted');
    expect(await ledger.markActive(mark(id, 'user_1', `${NOV}-23`))).toBe('already-counted');
    expect(await ledger.markActive(mark(id, 'user_1', `${NOV}-25`))).toBe('already-counted');
    expect(await ledger.markActive(mark(id, 'user_1', `${NOV}-23`, 'app_1'))).toBe('counted');
    expect(await ledger.markActive(mark(id, 'user_1', `${NOV}-29`, 'app_1'))).toBe('already-counted');
    const u = await usage(id);
    expect(u).toMatchObject({ instanceId: id, month: NOV, mau: 1, applications: [{ applicationId: 'app_1', mau: 1 }] });
    expect(u.newByDay).toHaveLength(30);
    expect(days(u.newByDay)).toEqual({ 23: 1 });
  });

  it('counts concurrent twins once (one wins the condition; conflicts are retried until they lose it)', async () => {
    const id = newInstance();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => ledger.markActive(mark(id, 'user_twin', `${NOV}-02`))));
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-counted')).toHaveLength(7);
    expect((await usage(id)).mau).toBe(1);
  });

  it('keeps the earliest day of an account, whatever order its logons arrive in', async () => {
    const id = newInstance();
    expect(await ledger.markActive(mark(id, 'user_late', `${NOV}-20`))).toBe('counted');
    expect(days((await usage(id)).newByDay)).toEqual({ 20: 1 });
    expect(await ledger.markActive(mark(id, 'user_late', `${NOV}-05`))).toBe('moved-earlier');
    expect(await ledger.markActive(mark(id, 'user_late', `${NOV}-10`))).toBe('already-counted');
    expect(await ledger.markActive(mark(id, 'user_late', `${NOV}-05`))).toBe('already-counted');
    const u = await usage(id);
    expect(u.mau).toBe(1);
    expect(days(u.newByDay)).toEqual({ 5: 1 });
    // Concurrent corrections settle on the earliest of them, counted once.
    const moves = await Promise.all([`${NOV}-04`, `${NOV}-02`, `${NOV}-03`].map((d) => ledger.markActive(mark(id, 'user_late', d))));
    expect(moves).toContain('moved-earlier');
    const after = await usage(id);
    expect(after.mau).toBe(1);
    expect(days(after.newByDay)).toEqual({ 2: 1 });
  });

  it('knows which marks need no write: existing application marks, instance marks on the same or an earlier day', async () => {
    const id = newInstance();
    await ledger.markActive(mark(id, 'user_k', `${NOV}-10`));
    await ledger.markActive(mark(id, 'user_k', `${NOV}-10`, 'app_1'));
    const knows = async (m: ActivityMark) => (await ledger.knownActive([m])).has(markId(m));
    expect(await knows(mark(id, 'user_k', `${NOV}-10`))).toBe(true);
    expect(await knows(mark(id, 'user_k', `${NOV}-12`))).toBe(true);
    // An earlier day than recorded needs a write (the correction of the first active day).
    expect(await knows(mark(id, 'user_k', `${NOV}-09`))).toBe(false);
    expect(await knows(mark(id, 'user_k', `${NOV}-01`, 'app_1'))).toBe(true);
    expect(await knows(mark(id, 'user_k', `${NOV}-10`, 'app_2'))).toBe(false);
    expect(await knows(mark(id, 'user_other', `${NOV}-10`))).toBe(false);
    expect(await knows(mark(id, 'user_k', `${DEC}-01`))).toBe(false);
    // Asked together, a mark on two days is known only if both are.
    const both = await ledger.knownActive([mark(id, 'user_k', `${NOV}-12`), mark(id, 'user_k', `${NOV}-09`), mark(id, 'user_k', `${NOV}-10`, 'app_1')]);
    expect([...both]).toEqual([markId(mark(id, 'user_k', `${NOV}-10`, 'app_1'))]);
  });

  it('reads what is known in one BatchGet per 100 marks, however many are asked', async () => {
    const id = newInstance();
    const marks = Array.from({ length: 150 }, (_, i) => mark(id, `user_b${i}`, `${NOV}-15`));
    await Promise.all(marks.slice(0, 30).map((m) => ledger.markActive(m)));
    faults.sent.length = 0;
    const known = await ledger.knownActive([...marks, ...marks.slice(0, 10)]);
    expect(faults.sent).toEqual(['BatchGetCommand', 'BatchGetCommand']);
    expect(known.size).toBe(30);
  });

  it('spreads a month over the counter shards and sums them back, per day and per application', async () => {
    const id = newInstance();
    const customers = Array.from({ length: 64 }, (_, i) => `user_s${i}`);
    await Promise.all(
      customers.flatMap((c, i) => {
        const day = `${NOV}-${String((i % 3) + 1).padStart(2, '0')}`;
        return [mark(id, c, day), mark(id, c, day, i % 4 === 0 ? 'app_a' : 'app_b')].map((m) => ledger.markActive(m));
      }),
    );
    const u = await usage(id);
    expect(u.mau).toBe(64);
    expect(days(u.newByDay)).toEqual({ 1: 22, 2: 21, 3: 21 });
    expect(u.newByDay.reduce((a, b) => a + b, 0)).toBe(u.mau);
    expect(u.applications).toEqual([
      { applicationId: 'app_a', mau: 16 },
      { applicationId: 'app_b', mau: 48 },
    ]);
    // Really sharded: the count is spread over several items, none holding most of it.
    const shards = await Promise.all(Array.from({ length: MAU_COUNTER_SHARDS }, (_, s) => table.get(mauCounterKey(id, NOV as Month, s))));
    const perShard = shards.map((item) => Number(item?.n ?? 0));
    expect(perShard.filter((n) => n > 0).length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...perShard)).toBeLessThan(16);
  });

  it('reads a month in 17 requests, whatever the number of accounts', async () => {
    const id = newInstance();
    const read = async () => {
      faults.sent.length = 0;
      await usage(id);
      return [...faults.sent].sort();
    };
    const expected = ['BatchGetCommand', ...Array<string>(MAU_COUNTER_SHARDS).fill('QueryCommand')];
    expect(await read()).toEqual(expected);
    await Promise.all(Array.from({ length: 40 }, (_, i) => ledger.markActive(mark(id, `user_r${i}`, `${NOV}-11`, `app_${i % 3}`))));
    await Promise.all(Array.from({ length: 40 }, (_, i) => ledger.markActive(mark(id, `user_r${i}`, `${NOV}-11`))));
    expect(await read()).toEqual(expected);
  });

  it('keeps months apart, and another instance sees nothing', async () => {
    const id = newInstance();
    const other = newInstance();
    await ledger.markActive(mark(id, 'user_m', `${NOV}-30`, 'app_1'));
    await ledger.markActive(mark(id, 'user_m', `${NOV}-30`));
    expect(await ledger.markActive(mark(id, 'user_m', `${DEC}-01`))).toBe('counted');
    expect(days((await usage(id, NOV)).newByDay)).toEqual({ 30: 1 });
    const december = await usage(id, DEC);
    expect(december).toMatchObject({ mau: 1, applications: [] });
    expect(days(december.newByDay)).toEqual({ 1: 1 });
    expect(december.newByDay).toHaveLength(31);
    expect(await usage(other, NOV)).toEqual({ instanceId: other, month: NOV, mau: 0, newByDay: Array(30).fill(0), applications: [] });
    expect((await ledger.knownActive([mark(other, 'user_m', `${NOV}-30`)])).size).toBe(0);
    expect(await ledger.markActive(mark(other, 'user_m', `${NOV}-30`))).toBe('counted');
  });

  it('has a day per day of the month: 29 in a leap February', async () => {
    const id = newInstance();
    await ledger.markActive(mark(id, 'user_leap', `${LEAP}-02-29`));
    const u = await usage(id, `${LEAP}-02`);
    expect(u.newByDay).toHaveLength(29);
    expect(u.newByDay[28]).toBe(1);
  });

  it('keeps marks 13 months from the start of their month (ttl), so replays within a year dedupe', async () => {
    const id = newInstance();
    await ledger.markActive(mark(id, 'user_ttl', `${NOV}-17`));
    await ledger.markActive(mark(id, 'user_ttl', `${NOV}-17`, 'app_1'));
    for (const sk of ['INSTANCE', 'APP#app_1']) {
      const item = await table.get({ pk: `MAUMARK#${id}#${NOV}#user_ttl`, sk });
      expect(item?.ttl, sk).toBe(Date.parse(`${Y + 1}-12-01T00:00:00Z`) / 1000);
    }
  });

  it('writes a mark and its count together or not at all; a failed write may be repeated', async () => {
    const id = newInstance();
    faults.failNext(1, { match: /TransactWrite/, error: () => awsError('ValidationException') });
    await expect(ledger.markActive(mark(id, 'user_f', `${NOV}-08`))).rejects.toThrow(/ValidationException/);
    expect((await usage(id)).mau).toBe(0);
    expect((await ledger.knownActive([mark(id, 'user_f', `${NOV}-08`)])).size).toBe(0);
    // A throttled transaction is retried by the table; a conflict too.
    faults.failNext(2, { match: /TransactWrite/ });
    expect(await ledger.markActive(mark(id, 'user_f', `${NOV}-08`))).toBe('counted');
    faults.failNext(1, {
      match: /TransactWrite/,
      error: () => awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
    });
    expect(await ledger.markActive(mark(id, 'user_g', `${NOV}-08`))).toBe('counted');
    expect((await usage(id)).mau).toBe(2);
  });
});
