import { describe, expect, it } from 'vitest';
import { fnv1a32, MAU_COUNTER_SHARDS, shardOf } from '../../../domain/metering/counter-shard';

describe('MAU counter shards', () => {
  it('hash with FNV-1a 32 (the reference test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('put an account on the same shard every time, in range', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `user_${i.toString(36).padStart(26, '0')}`);
    for (const id of ids) {
      const shard = shardOf(id);
      expect(shard).toBe(shardOf(id));
      expect(Number.isInteger(shard) && shard >= 0 && shard < MAU_COUNTER_SHARDS).toBe(true);
    }
    // Pinned: a change of hash would move accounts to other shards mid-month (their first-day corrections
    // would then miss the shard their count is on).
    expect(['user_a', 'user_b', 'user_c', 'user_0000000000000000000000000z', 'user_01hzx3k9q2m4n5p6r7s8t9v0w1'].map(shardOf)).toEqual([2, 15, 12, 13, 15]);
  });

  it('spread sequential ids evenly: every shard within 15 % of its share', () => {
    const counts = new Array<number>(MAU_COUNTER_SHARDS).fill(0);
    const n = 16_000;
    for (let i = 0; i < n; i++) counts[shardOf(`user_${i.toString(36).padStart(26, '0')}`)]! += 1;
    const share = n / MAU_COUNTER_SHARDS;
    for (const count of counts) expect(Math.abs(count - share) / share).toBeLessThan(0.15);
  });

  it('hash the UTF-8 bytes, so non-ASCII ids shard the same in every runtime', () => {
    // "é" is two UTF-8 bytes (0xc3 0xa9); hashing UTF-16 code units would give another value.
    let h = 0x811c9dc5;
    for (const byte of [0xc3, 0xa9]) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    expect(fnv1a32('é')).toBe(h);
  });
});
