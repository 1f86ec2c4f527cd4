/**
 * A month's MAU counter is split into shards: one DynamoDB partition takes about 1,000 writes per
 * second, and on the first day of a month nearly every logon is a new monthly active user, so a single
 * counter item per instance and month would be a hot key (and every new MAU's transaction would
 * conflict with the others on it). Writers pick the shard by the account; readers sum all shards.
 * 16 shards take about 16,000 new MAU/s per instance, far beyond any tenant's first-morning burst.
 */
export const MAU_COUNTER_SHARDS = 16;

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a, 32 bits, over the string's UTF-8 bytes (draft-eastlake-fnv): stable across processes and runtimes. */
export const fnv1a32 = (s: string): number => {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of utf8.encode(s)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
};

/**
 * The counter shard an account's activity is counted on. Deterministic, so an account's marks and
 * its counts always meet on the same shard (a correction of its first day moves counts within one item).
 */
export const shardOf = (customerId: string): number => fnv1a32(customerId) % MAU_COUNTER_SHARDS;
