import { describe, expect, it } from 'vitest';
import { AesGcmSecretSealer, newSealingKey } from '../../../adapters/crypto/secret-sealer';

describe('the AccessKey secret sealer', () => {
  const sealer = new AesGcmSecretSealer(newSealingKey());

  it('opens what it sealed, for the same context only', () => {
    const sealed = sealer.seal('atr_AK1_secret', 'AK1');
    expect(sealed).not.toContain('secret');
    expect(sealer.open(sealed, 'AK1')).toBe('atr_AK1_secret');
    expect(sealer.open(sealed, 'AK2')).toBeUndefined();
  });

  it('seals the same secret differently each time (a fresh IV)', () => {
    expect(sealer.seal('s', 'AK1')).not.toBe(sealer.seal('s', 'AK1'));
  });

  it('refuses a tampered text, another key, and garbage', () => {
    const sealed = sealer.seal('atr_AK1_secret', 'AK1');
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(sealer.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'AK1')).toBeUndefined();
    expect(new AesGcmSecretSealer(newSealingKey()).open(sealed, 'AK1')).toBeUndefined();
    expect(sealer.open('v2.a.b.c', 'AK1')).toBeUndefined();
    expect(sealer.open('nonsense', 'AK1')).toBeUndefined();
  });

  it('needs a 32-byte key', () => {
    expect(() => new AesGcmSecretSealer(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
