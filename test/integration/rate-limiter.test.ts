import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoRateLimiter } from '../../adapters/dynamodb/rate-limiter';
import type { Table } from '../../adapters/dynamodb/table';
import type { CommandSender } from '../../adapters/dynamodb/table';
import { manualClock } from '../support/clock';
import { freshTable } from '../support/db';

/** Counts the commands that reach the store (each lease is one UpdateItem). */
class CountingSender implements CommandSender {
  updates = 0;
  constructor(private readonly inner: CommandSender) {}
  send(command: unknown) {
    if ((command as { constructor: { name: string } }).constructor.name === 'UpdateCommand') this.updates += 1;
    return this.inner.send(command);
  }
}

let table: Table;
let counting: CountingSender;
let keys = 0;
const newKey = () => `test:${++keys}`;

beforeAll(async () => {
  ({ table } = await freshTable({ wrap: (inner) => (counting = new CountingSender(inner)) }));
});

const allowedOf = async (limiter: DynamoRateLimiter, key: string, limit: { requests: number; perSeconds: number }, times: number) => {
  let allowed = 0;
  for (let i = 0; i < times; i++) if ((await limiter.consume(key, limit)).allowed) allowed += 1;
  return allowed;
};

describe('the shared fixed-window limiter', () => {
  it('serves a burst spread over many function instances: idle instances do not hoard the window', async () => {
    // 20 instances each send 5 requests against a limit of 1,000: a tenth of what is allowed. With
    // blocks of a tenth of the limit, the first ten instances would have leased it all.
    const clock = manualClock();
    const key = newKey();
    const limit = { requests: 1_000, perSeconds: 60 };
    const instances = Array.from({ length: 20 }, () => new DynamoRateLimiter(table, clock));
    const allowed = await Promise.all(instances.map((l) => allowedOf(l, key, limit, 5)));
    expect(allowed).toEqual(Array(20).fill(5));
  });

  it('never grants more than the limit across instances, and at least half of it under contention', async () => {
    const clock = manualClock();
    const key = newKey();
    const limit = { requests: 200, perSeconds: 60 };
    const instances = Array.from({ length: 5 }, () => new DynamoRateLimiter(table, clock));
    const allowed = (await Promise.all(instances.map((l) => allowedOf(l, key, limit, 100)))).reduce((a, b) => a + b, 0);
    expect(allowed).toBeLessThanOrEqual(200);
    expect(allowed).toBeGreaterThanOrEqual(100);
  });

  it('is exact for limits of 10 or less, even across instances', async () => {
    const clock = manualClock();
    const key = newKey();
    const limit = { requests: 10, perSeconds: 60 };
    const instances = Array.from({ length: 3 }, () => new DynamoRateLimiter(table, clock));
    const allowed = await Promise.all(instances.map((l) => allowedOf(l, key, limit, 10)));
    expect(allowed.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('writes about log2 of the requests per window, not one per request', async () => {
    const clock = manualClock();
    const limiter = new DynamoRateLimiter(table, clock);
    const before = counting.updates;
    expect(await allowedOf(limiter, newKey(), { requests: 6_000, perSeconds: 60 }, 1_000)).toBe(1_000);
    // Blocks of 30, 60, 120, 240, 480 and 600 (a tenth of the limit) cover 1,000 requests.
    expect(counting.updates - before).toBe(6);
  });

  it('refuses until the window ends, says when that is, and serves the next window', async () => {
    const clock = manualClock('2030-01-01T10:00:00Z');
    const limiter = new DynamoRateLimiter(table, clock);
    const key = newKey();
    const limit = { requests: 2, perSeconds: 60 };
    expect(await allowedOf(limiter, key, limit, 2)).toBe(2);
    clock.advance(15_000);
    expect(await limiter.consume(key, limit)).toEqual({ allowed: false, retryAfterSeconds: 45 });
    clock.advance(44_000);
    expect((await limiter.consume(key, limit)).allowed).toBe(false);
    clock.advance(1_000);
    expect((await limiter.consume(key, limit)).allowed).toBe(true);
  });
});
