import type { Clock } from '../../domain/shared/clock';
import type { RateDecision, RateLimiter } from '../../domain/shared/rate-limiter';
import { rateWindowKey } from './keys';
import type { Table } from './table';

/**
 * Fixed windows counted in DynamoDB: one `ADD` per request on an item per key and window, reaped by
 * TTL. A window key takes at most `limit` + the overflow attempts of one window, far below a
 * partition's 1,000 writes a second for any sane limit.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async consume(key: string, limit: { readonly requests: number; readonly perSeconds: number }): Promise<RateDecision> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % limit.perSeconds);
    const count = await this.table.add(rateWindowKey(key, windowStart), 'count', 1, { ttl: windowStart + limit.perSeconds * 2 });
    if (count <= limit.requests) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, windowStart + limit.perSeconds - nowSeconds) };
  }
}
