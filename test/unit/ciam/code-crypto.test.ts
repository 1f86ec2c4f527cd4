import { describe, expect, it } from 'vitest';
import { cryptoCodeGenerator } from '../../../adapters/crypto/code-generator';
import { HmacCodeHasher } from '../../../adapters/crypto/hmac-code-hasher';

describe('cryptoCodeGenerator', () => {
  it('makes six digits, keeps leading zeros, and spreads over every position', () => {
    const codes = Array.from({ length: 5000 }, () => cryptoCodeGenerator.sixDigits());
    for (const c of codes) expect(c).toMatch(/^[0-9]{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(4950); // 5000 draws from 10^6: about 12 repeats expected
    // Every digit shows up in the first position (a generator that dropped leading zeros would fail).
    expect(new Set(codes.map((c) => c[0])).size).toBe(10);
  });
});

describe('HmacCodeHasher', () => {
  const key = 'k'.repeat(32);
  it('is deterministic for the same key, code and context, and differs on any of them', () => {
    const h = new HmacCodeHasher(key);
    expect(h.hash('123456', 'ctx')).toBe(new HmacCodeHasher(key).hash('123456', 'ctx'));
    expect(h.hash('123456', 'ctx')).toMatch(/^[0-9a-f]{64}$/);
    const variants = new Set([
      h.hash('123456', 'ctx'),
      h.hash('123457', 'ctx'),
      h.hash('123456', 'ctx2'),
      new HmacCodeHasher('j'.repeat(32)).hash('123456', 'ctx'),
    ]);
    expect(variants.size).toBe(4);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new HmacCodeHasher('short')).toThrow(/32 bytes/);
    expect(() => new HmacCodeHasher(new Uint8Array(31))).toThrow(/32 bytes/);
    expect(() => new HmacCodeHasher(new Uint8Array(32))).not.toThrow();
  });
});
