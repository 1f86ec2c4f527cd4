import type { Clock } from '../../domain/shared/clock';
import type { RateDecision, RateLimiter } from '../../domain/shared/rate-limiter';
import { rateWindowKey } from './keys';
import type { Table } from './table';

type Lease = { window: number; left: number; exhausted: boolean };

/**
 * Fixed windows counted in DynamoDB, shared by every instance. To spare a write per request, an
 * instance leases a block of requests (a tenth of the limit) with one `ADD` and spends it locally; the
 * window can overshoot by at most one partly used block per instance. Limits of 10 or less lease one
 * request at a time, and so are exact.
 */
export class DynamoRateLimiter implements RateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async consume(key: string, limit: { readonly requests: number; readonly perSeconds: number }): Promise<RateDecision> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const window = nowSeconds - (nowSeconds % limit.perSeconds);
    const retryAfterSeconds = Math.max(1, window + limit.perSeconds - nowSeconds);
    for (;;) {
      const lease = this.leases.get(key);
      if (lease && lease.window === window && lease.left > 0) {
        lease.left -= 1;
        return { allowed: true };
      }
      if (lease && lease.window === window && lease.exhausted) return { allowed: false, retryAfterSeconds };
      // Concurrent requests wait for one lease instead of each reserving a block.
      const pending = this.pending.get(key);
      if (pending) {
        await pending;
        continue;
      }
      const acquiring = this.lease(key, window, limit).finally(() => this.pending.delete(key));
      this.pending.set(key, acquiring);
      await acquiring;
    }
  }

  private async lease(key: string, window: number, limit: { readonly requests: number; readonly perSeconds: number }): Promise<void> {
    const block = Math.max(1, Math.floor(limit.requests / 10));
    const total = await this.table.add(rateWindowKey(key, window), 'count', block, { ttl: window + limit.perSeconds * 2 });
    const granted = Math.min(block, limit.requests - (total - block));
    this.leases.set(key, granted > 0 ? { window, left: granted, exhausted: false } : { window, left: 0, exhausted: true });
  }
}
