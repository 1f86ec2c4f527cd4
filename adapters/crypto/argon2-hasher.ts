import { randomBytes, timingSafeEqual } from 'node:crypto';
import { argon2id } from 'hash-wasm';
import type { PasswordHasher } from '../../domain/logon/ports';

export type Argon2idParams = {
  /** Memory in KiB. */
  readonly memorySize: number;
  readonly iterations: number;
  readonly parallelism: number;
  readonly hashLength: number;
  readonly saltLength: number;
};

/**
 * OWASP Password Storage Cheat Sheet, argon2id: m = 19 MiB, t = 2, p = 1; 16-byte salt, 32-byte hash.
 *
 * Measured here (Node 20, one AMD EPYC core, hash-wasm 4.13 WebAssembly): about 80–88 ms per hash or
 * verify warm, about 170 ms for the first one in a process (WebAssembly compile); four in parallel
 * take about 400 ms (one thread). The native `@node-rs/argon2` does the same in about 22 ms but cannot
 * be bundled by esbuild; this one can.
 */
export const OWASP_ARGON2ID: Argon2idParams = {
  memorySize: 19456,
  iterations: 2,
  parallelism: 1,
  hashLength: 32,
  saltLength: 16,
};

type Parsed = { memorySize: number; iterations: number; parallelism: number; salt: Buffer; hash: Buffer };

// PHC string format: $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt, base64 no padding>$<hash>
const PHC = /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{6,})$/;

const parse = (encoded: string): Parsed | undefined => {
  const m = PHC.exec(encoded);
  if (!m) return undefined;
  return {
    memorySize: Number(m[1]),
    iterations: Number(m[2]),
    parallelism: Number(m[3]),
    salt: Buffer.from(m[4] ?? '', 'base64'),
    hash: Buffer.from(m[5] ?? '', 'base64'),
  };
};

/**
 * NIST SP 800-63B §5.1.1.2: normalise Unicode passwords (NFKC) before hashing, so the same password
 * typed on different keyboards or systems matches. Changing this later would invalidate stored hashes.
 */
const normalise = (password: string) => password.normalize('NFKC');

/** argon2id in WebAssembly (hash-wasm), so it bundles with esbuild and needs no native module on Lambda. */
export class Argon2idHasher implements PasswordHasher {
  /** Tests may pass cheaper parameters; production uses the OWASP ones. */
  constructor(private readonly params: Argon2idParams = OWASP_ARGON2ID) {}

  hash(password: string): Promise<string> {
    return argon2id({
      password: normalise(password),
      salt: randomBytes(this.params.saltLength),
      memorySize: this.params.memorySize,
      iterations: this.params.iterations,
      parallelism: this.params.parallelism,
      hashLength: this.params.hashLength,
      outputType: 'encoded',
    });
  }

  /**
   * Recomputes the hash with the stored salt and parameters and compares with `timingSafeEqual`.
   * Not hash-wasm's `argon2Verify`: it compares the encoded strings with `===`, which is not constant-time.
   */
  async verify(encoded: string, password: string): Promise<boolean> {
    const stored = parse(encoded);
    if (!stored) throw new Error('Stored password hash is not an argon2id v19 PHC string');
    // hash-wasm refuses an empty password; no password policy allows one, so it never matches.
    if (password.length === 0) return false;
    const computed = await argon2id({
      password: normalise(password),
      salt: stored.salt,
      memorySize: stored.memorySize,
      iterations: stored.iterations,
      parallelism: stored.parallelism,
      hashLength: stored.hash.length,
      outputType: 'binary',
    });
    return computed.length === stored.hash.length && timingSafeEqual(computed, stored.hash);
  }

  needsRehash(encoded: string): boolean {
    const stored = parse(encoded);
    if (!stored) return true;
    return (
      stored.memorySize < this.params.memorySize ||
      stored.iterations < this.params.iterations ||
      stored.parallelism < this.params.parallelism ||
      stored.hash.length < this.params.hashLength ||
      stored.salt.length < this.params.saltLength
    );
  }
}
