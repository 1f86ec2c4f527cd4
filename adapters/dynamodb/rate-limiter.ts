import type { Clock } from '../../domain/shared/clock';
import type { RateDecision, RateLimiter } from '../../domain/shared/rate-limiter';
import { rateWindowKey } from './keys';
import type { Table } from './table';

type Limit = { readonly requests: number; readonly perSeconds: number };
type Lease = { window: number; ends: number; left: number; exhausted: boolean; next: number };

/** Past this many keys held, leases of ended windows are dropped (per-client keys are unbounded). */
const MAX_LEASES = 10_000;

/**
 * Fixed windows counted in DynamoDB, shared by every instance. To spare a write per request, an
 * instance leases blocks of requests with one `ADD` and spends them locally. Blocks start small (a
 * 200th of the limit) and double with each lease in the window, up to a tenth of the limit: an instance
 * never holds many more unspent requests than it has spent, so a burst spread over many instances is
 * not refused while idle instances hoard the window (with fixed blocks of a tenth, the eleventh instance
 * was refused at any traffic). A key costs about log2 of its requests in writes per window and
 * instance, and at most one write per tenth of its limit after that, so a busy tenant's counter stays
 * far below a partition's write capacity. Grants never exceed the limit; limits of 10 or less lease one
 * request at a time, and so are exact.
 */
export class DynamoRateLimiter implements RateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async consume(key: string, limit: Limit): Promise<RateDecision> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const window = nowSeconds - (nowSeconds % limit.perSeconds);
    const retryAfterSeconds = Math.max(1, window + limit.perSeconds - nowSeconds);
    for (;;) {
      const lease = this.leases.get(key);
      const current = lease && lease.window === window ? lease : undefined;
      if (current && current.left > 0) {
        current.left -= 1;
        return { allowed: true };
      }
      if (current?.exhausted) return { allowed: false, retryAfterSeconds };
      // Concurrent requests wait for one lease instead of each reserving a block.
      const pending = this.pending.get(key);
      if (pending) {
        await pending;
        continue;
      }
      const acquiring = this.lease(key, window, limit, current?.next ?? firstBlock(limit), nowSeconds).finally(() => this.pending.delete(key));
      this.pending.set(key, acquiring);
      await acquiring;
    }
  }

  private async lease(key: string, window: number, limit: Limit, size: number, nowSeconds: number): Promise<void> {
    const block = Math.min(size, maxBlock(limit));
    const total = await this.table.add(rateWindowKey(key, window), 'count', block, { ttl: window + limit.perSeconds * 2 });
    const granted = Math.min(block, limit.requests - (total - block));
    if (this.leases.size >= MAX_LEASES) this.forgetEnded(nowSeconds);
    const ends = window + limit.perSeconds;
    this.leases.set(key, granted > 0 ? { window, ends, left: granted, exhausted: false, next: block * 2 } : { window, ends, left: 0, exhausted: true, next: block });
  }

  private forgetEnded(nowSeconds: number): void {
    for (const [key, lease] of this.leases) if (lease.ends <= nowSeconds) this.leases.delete(key);
  }
}

const maxBlock = (limit: Limit) => Math.max(1, Math.floor(limit.requests / 10));
const firstBlock = (limit: Limit) => Math.max(1, Math.floor(limit.requests / 200));
