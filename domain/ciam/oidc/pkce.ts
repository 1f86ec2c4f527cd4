import { base64UrlEncode } from './base64url';
import type { Sha256 } from './sha256';

// RFC 7636 §4.1: code-verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

// RFC 7636 §4.2: S256 challenge = BASE64URL(SHA256(verifier)): 32 bytes are 43 unpadded characters.
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

/** RFC 7636 §4.1: the verifier grammar. */
export const isCodeVerifier = (value: string): boolean => CODE_VERIFIER.test(value);

/** RFC 7636 §4.2: the shape every S256 code_challenge has. Atrium supports no other method. */
export const isS256CodeChallenge = (value: string): boolean => S256_CHALLENGE.test(value);

/** RFC 7636 §4.2: code_challenge = BASE64URL-ENCODE(SHA256(ASCII(code_verifier))). */
export const s256CodeChallenge = (verifier: string, sha256: Sha256): string => base64UrlEncode(sha256(verifier));

/**
 * RFC 7636 §4.6: the verifier matches the stored S256 challenge. A verifier outside the §4.1 grammar never
 * matches (it is also ASCII-only, so hashing its UTF-8 bytes is hashing ASCII(verifier)). The comparison
 * need not be constant-time: the challenge travelled through the browser and is no secret.
 */
export const verifyS256 = (verifier: string, challenge: string, sha256: Sha256): boolean =>
  isCodeVerifier(verifier) && s256CodeChallenge(verifier, sha256) === challenge;
