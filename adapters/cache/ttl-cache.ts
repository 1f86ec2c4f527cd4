import type { Clock } from '../../domain/shared/clock';

/**
 * A small per-instance cache for reads that may be a moment stale. Each Lambda instance has its own,
 * so an entry lives at most `ttlMs` after the write that changed it.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly maxEntries = 1000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: now + this.ttlMs });
    return value;
  }

  /** Drops an entry this instance just changed, so it reads its own write. */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
