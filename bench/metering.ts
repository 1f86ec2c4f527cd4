import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { billableInstanceKey } from '../adapters/dynamodb/keys';
import { Table } from '../adapters/dynamodb/table';
import { ensureTable } from '../adapters/dynamodb/table-definition';
import { RecordedLogonEvents } from '../adapters/local/recorded-logon-events';
import { RecordedUsageAlerts } from '../adapters/local/recorded-usage-alerts';
import { startDynamoDbLocal } from '../adapters/local/dynamodb-local';
import { createLogger } from '../adapters/log/json-logger';
import { closeMonth, snapshotHourlyMau } from '../domain/billing/billing-jobs';
import { editionOffer, EDITIONS } from '../domain/ciam/catalogue';
import type { Month } from '../domain/metering/activity-period';
import type { MonthlyUsage } from '../domain/metering/ports';
import type { InstanceId } from '../domain/shared/ids';
import { logonSucceeded } from '../events/logon-succeeded';
import { createMeteringHandler } from '../functions/queue/metering';
import { createContainer } from '../functions/wire';
import { sqsEvent } from '../test/support/sqs';
import { CountingSender, fmt, throughput } from './measure';

/**
 * Issue 7's scale benchmark: 1,000,000 logon events of 200,000 accounts across 50 instances through
 * the real metering consumer (batches of 100, as the SQS event source delivers them, several batches
 * in flight as several Lambda instances would), into DynamoDB Local. Printed: events per second and
 * the ratio to the engine's raw conditional-write rate measured in the same run; the monthly job's time
 * and store reads; and a replay of the whole stream, which must leave MAU and bills identical (checked
 * here, and the run fails if not). BENCH_METERING_EVENTS scales the stream down for a quick look.
 */
const EVENTS = Number(process.env.BENCH_METERING_EVENTS ?? 1_000_000);
const ACCOUNTS = Math.max(1, Math.round(EVENTS / 5));
const INSTANCES = 50;
const APPS_PER_INSTANCE = 3;
const BATCH = 100;
const IN_FLIGHT = 8;
const MONTH = '2026-11' as Month;
const REORDER_WINDOW = 500;
const PROGRESS_EVERY = 100_000;

/** A seeded PRNG (mulberry32): the same stream every run. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const instanceId = (i: number) => `idaas_bench${String(i).padStart(3, '0')}` as InstanceId;

/**
 * The month's logons: each account belongs to one instance and logs on about five times, on random
 * days and applications. They arrive in time order give or take a window of a few hundred events, as a
 * standard SQS queue delivers a steady stream (best-effort order, retries and several consumers).
 */
const stream = (): string[] => {
  const random = prng(7);
  const events: { at: number; body: string }[] = [];
  for (let e = 0; e < EVENTS; e++) {
    const account = e < ACCOUNTS ? e : Math.floor(random() * ACCOUNTS);
    const at = Date.UTC(2026, 10, 1) + Math.floor(random() * 30 * 86_400) * 1000;
    const body = JSON.stringify(
      logonSucceeded({
        instanceId: instanceId(account % INSTANCES),
        applicationId: `app_${Math.floor(random() * APPS_PER_INSTANCE)}`,
        customerId: `cust_${account}`,
        method: random() < 0.2 ? 'RefreshToken' : 'Password',
        at: new Date(at).toISOString(),
      }),
    );
    events.push({ at, body });
  }
  events.sort((a, b) => a.at - b.at);
  const bodies = events.map((e) => e.body);
  for (let start = 0; start < bodies.length; start += REORDER_WINDOW) {
    const end = Math.min(bodies.length, start + REORDER_WINDOW);
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      [bodies[i], bodies[j]] = [bodies[j]!, bodies[i]!];
    }
  }
  return bodies;
};

export const benchMetering = async () => {
  // The in-memory engine holds over a million marks and counters by the end: room beyond the default
  // 512 MB heap. (The heap is not what limits the rate: the transactions are, about 270 a second here.)
  process.env.DYNAMODB_LOCAL_HEAP ??= '2g';
  const engine = await startDynamoDbLocal({});
  try {
    const client = createDynamoClient({ endpoint: engine.endpoint, region: 'local' });
    await ensureTable(client, 'bench');
    const counting = new CountingSender(createDocumentClient(client));
    const table = new Table('bench', counting);
    const now = { at: new Date('2026-12-01T00:30:00.000Z') };
    const container = createContainer({
      table,
      clock: { now: () => now.at },
      logger: createLogger({ service: 'bench' }, { level: 'error', write: () => undefined }),
      logonEvents: new RecordedLogonEvents(),
      usageAlertPublisher: new RecordedUsageAlerts(),
      taskQueue: { enqueue: async () => undefined },
    });
    const consume = createMeteringHandler(() => container);

    // The engine's raw conditional-write rate, measured now, at the same concurrency as the ingest.
    const raw = (i: number) => table.put({ Item: { pk: `RAW#${i}`, sk: 'META', v: 1 }, ConditionExpression: 'attribute_not_exists(pk)' });
    await throughput(3000, IN_FLIGHT, (i) => raw(i + 1e8));
    const rawPerS = await throughput(5000, IN_FLIGHT, raw);

    // The instances billing knows about: bought before November, Basic to Ultimate in turn.
    for (let i = 0; i < INSTANCES; i++) {
      const edition = EDITIONS[i % EDITIONS.length]!;
      await table.put({
        Item: { ...billableInstanceKey(instanceId(i)), kind: 'BillableInstance', id: instanceId(i), accountId: `acct_${i % 10}`, edition, hourlyFee: editionOffer(edition).hourlyFee, createdAt: '2026-10-01T00:00:00.000Z' },
      });
    }

    console.log(`\n## Metering: ${EVENTS.toLocaleString('en')} logon events, ${ACCOUNTS.toLocaleString('en')} accounts, ${INSTANCES} instances (batches of ${BATCH}, ${IN_FLIGHT} in flight)`);
    const bodies = stream();
    const ingest = async (label: string) => {
      counting.counts.clear();
      const started = performance.now();
      let next = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < bodies.length) {
            const start = next;
            next += BATCH;
            failed += (await consume(sqsEvent(bodies.slice(start, start + BATCH)))).batchItemFailures.length;
            // A long run reports as it goes, so a stopped one still tells its rate.
            if ((start + BATCH) % PROGRESS_EVERY === 0) {
              const at = (performance.now() - started) / 1000;
              console.log(`  ${label}: ${(start + BATCH).toLocaleString('en')} events in ${fmt(at, 0)} s (${fmt((start + BATCH) / at, 0)}/s)`);
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const perS = EVENTS / seconds;
      const commands = Object.fromEntries(counting.counts);
      console.log(`${label.padEnd(22)} ${fmt(seconds, 1).padStart(7)} s  ${fmt(perS, 0).padStart(7)} events/s  ratio to raw conditional writes ${fmt(perS / rawPerS, 2)}  failed ${failed}  store commands ${JSON.stringify(commands)}`);
      if (failed > 0) throw new Error(`${failed} events failed`);
      return { seconds, eventsPerS: perS, ratioToRawConditionalWrites: perS / rawPerS, commands };
    };
    console.log(`raw conditional puts:  ${fmt(rawPerS, 0).padStart(7)} /s (${IN_FLIGHT} in flight)`);
    const first = await ingest('first pass');

    const usageOf = async (): Promise<MonthlyUsage[]> => Promise.all(Array.from({ length: INSTANCES }, (_, i) => container.usage.monthlyUsage(instanceId(i), MONTH)));
    const canonical = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
    const usage = await usageOf();
    const totalMau = usage.reduce((n, u) => n + u.mau, 0);

    const job = async (label: string, run: () => Promise<unknown>) => {
      counting.counts.clear();
      const started = performance.now();
      const out = await run();
      const ms = performance.now() - started;
      const commands = Object.fromEntries(counting.counts);
      const reads = (commands.Get ?? 0) + (commands.BatchGet ?? 0) + (commands.Query ?? 0);
      console.log(`${label.padEnd(22)} ${fmt(ms, 0).padStart(7)} ms  ${reads} read requests (${fmt(reads / INSTANCES, 1)} per instance)  ${JSON.stringify(commands)}`);
      return { out, ms, reads, commands };
    };
    const hourly = await job('hourly snapshot', async () => snapshotHourlyMau(container, '2026-11-30T23'));
    now.at = new Date('2026-12-01T02:00:00.000Z');
    const monthly = await job('monthly close', async () => closeMonth(container, MONTH));
    const statementsOf = async () => Promise.all(Array.from({ length: 10 }, (_, a) => container.bills.getStatement(`acct_${a}` as never, MONTH)));
    const statements = await statementsOf();

    // The whole stream again: nothing may change.
    const replay = await ingest('replay (all seen)');
    now.at = new Date('2026-12-02T02:00:00.000Z');
    await closeMonth(container, MONTH);
    const identicalUsage = canonical(await usageOf()) === canonical(usage);
    const identicalBills = canonical(await statementsOf()) === canonical(statements);
    const expectedMau = new Set(Array.from({ length: EVENTS }, (_, e) => (e < ACCOUNTS ? e : -1)).filter((a) => a >= 0)).size;
    console.log(`MAU counted: ${totalMau.toLocaleString('en')} (accounts in the stream: ${expectedMau.toLocaleString('en')})  replay identical: usage ${identicalUsage}, statements ${identicalBills}`);
    if (!identicalUsage || !identicalBills || totalMau !== expectedMau) throw new Error('metering is not exactly-once: see the figures above');
    return {
      events: EVENTS,
      accounts: ACCOUNTS,
      instances: INSTANCES,
      rawConditionalWritesPerS: rawPerS,
      first,
      replay,
      mau: totalMau,
      hourlyJob: { ms: hourly.ms, reads: hourly.reads },
      monthlyJob: { ms: monthly.ms, reads: monthly.reads },
      replayIdentical: identicalUsage && identicalBills,
    };
  } finally {
    await engine.stop();
  }
};
