import { createHash, timingSafeEqual } from 'node:crypto';
import type { Sha256 } from '../../domain/ciam/oidc/sha256';

/** SHA-256 of the UTF-8 bytes (PKCE S256, at_hash): the digest the OIDC rules take as a parameter. */
export const sha256: Sha256 = (input) => createHash('sha256').update(input, 'utf8').digest();

/**
 * Compares two strings without an early exit on the first differing byte. Used on hashes and CSRF
 * tokens, whose lengths are public (a hex digest, a fixed-size token), so a length mismatch may return
 * at once.
 */
export const constantTimeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};
