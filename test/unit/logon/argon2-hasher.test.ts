import { argon2Verify } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../../adapters/crypto/argon2-hasher';

const owasp = new Argon2idHasher();
const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

describe('argon2id password hasher (hash-wasm, OWASP parameters)', () => {
  it('makes a PHC string with m=19456 KiB, t=2, p=1, a 16-byte salt and a 32-byte hash', async () => {
    const started = performance.now();
    const hash = await owasp.hash('Correct-Horse-9');
    console.log(`argon2id m=19456,t=2,p=1: ${(performance.now() - started).toFixed(0)} ms for one hash (cold, incl. WebAssembly compile)`);
    const m = PHC.exec(hash);
    expect(m?.slice(1, 4)).toEqual(['19456', '2', '1']);
    expect(Buffer.from(m?.[4] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(m?.[5] ?? '', 'base64')).toHaveLength(32);
  });

  it('verifies the right password only, with a fresh salt each time', async () => {
    const [a, b] = await Promise.all([owasp.hash('Correct-Horse-9'), owasp.hash('Correct-Horse-9')]);
    expect(a).not.toBe(b);
    expect(await owasp.verify(a, 'Correct-Horse-9')).toBe(true);
    expect(await owasp.verify(a, 'correct-Horse-9')).toBe(false);
    expect(await owasp.verify(a, '')).toBe(false);
    // hash-wasm's own verifier agrees with ours.
    expect(await argon2Verify({ password: 'Correct-Horse-9', hash: a })).toBe(true);
  });

  it('verifies the reference implementation test vector (phc-winner-argon2 src/test.c)', async () => {
    const reference = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
    expect(await owasp.verify(reference, 'password')).toBe(true);
    expect(await owasp.verify(reference, 'passwore')).toBe(false);
  });

  it('normalises Unicode (NFKC) so composed and decomposed forms match', async () => {
    const cheap = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });
    const hash = await cheap.hash('Caf\u00e9-Pass1');
    expect(await cheap.verify(hash, 'Cafe\u0301-Pass1')).toBe(true);
  });

  it('throws on a stored value that is not an argon2id hash (corrupt data is a bug, not a wrong password)', async () => {
    await expect(owasp.verify('plaintext', 'plaintext')).rejects.toThrow(/argon2id/);
    await expect(owasp.verify('$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc', 'password')).rejects.toThrow();
  });

  it.each([
    ['$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2pXqvbc3M0BEZTxM5xKMk9bF0m7tkQw6tBR5C2Cj3Ro', false],
    ['$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$2pXqvbc3M0BEZTxM5xKMk9bF0m7tkQw6tBR5C2Cj3Ro', false],
    ['$argon2id$v=19$m=4096,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2pXqvbc3M0BEZTxM5xKMk9bF0m7tkQw6tBR5C2Cj3Ro', true],
    ['$argon2id$v=19$m=19456,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$2pXqvbc3M0BEZTxM5xKMk9bF0m7tkQw6tBR5C2Cj3Ro', true],
    ['$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc', true], // 8-byte salt
    ['$2b$10$abcdefghijklmnopqrstuu', true],
  ])('needsRehash(%s) → %s', (hash, expected) => {
    expect(owasp.needsRehash(hash)).toBe(expected);
  });
});
