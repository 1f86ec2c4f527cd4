import { createHmac } from 'node:crypto';
import type { CodeHasher } from '../../domain/ciam/code-hasher';

const MIN_KEY_BYTES = 32;

/**
 * HMAC-SHA256 under a server-side key (a pepper) that is never stored in the table: a copy of the table
 * alone does not give away codes or CAPTCHA answers, though each has few enough values to try them all
 * against an unkeyed hash. Every Lambda instance must be given the same key, or a code sent by one could
 * not be verified by another.
 */
export class HmacCodeHasher implements CodeHasher {
  private readonly key: Buffer;

  constructor(key: string | Uint8Array) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
    if (this.key.length < MIN_KEY_BYTES) throw new Error(`the code hashing key needs at least ${MIN_KEY_BYTES} bytes`);
  }

  hash(code: string, context: string): string {
    // The context's fields never contain a newline, so this framing cannot make two pairs collide.
    return createHmac('sha256', this.key).update(`${context}\n${code}`, 'utf8').digest('hex');
  }
}
