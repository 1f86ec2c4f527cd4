import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretSealer } from '../../domain/shared/secrets';

const KEY_BYTES = 32;
const VERSION = 'v1';

/**
 * AES-256-GCM with a random 96-bit IV per secret and the context as additional data, so a sealed
 * value copied to another key's item fails authentication instead of opening. The key lives outside
 * the table (ATRIUM_SEALING_KEY), so a copy of the table alone holds no usable AccessKey secret.
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each base64url; the version leaves room for a key rotation.
 */
export class AesGcmSecretSealer implements SecretSealer {
  private readonly key: Buffer;

  constructor(key: string | Uint8Array) {
    this.key = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
    if (this.key.length !== KEY_BYTES) throw new Error(`the sealing key must be ${KEY_BYTES} bytes (base64 in ATRIUM_SEALING_KEY)`);
  }

  seal(secret: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string | undefined {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

export const newSealingKey = (): string => randomBytes(KEY_BYTES).toString('base64');
