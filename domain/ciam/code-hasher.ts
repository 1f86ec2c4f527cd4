/**
 * Hashes short secrets a person types: SMS one-time codes (10^6 values) and CAPTCHA answers. A plain
 * hash of so few values is reversed by trying them all, so whoever reads the table would read the codes;
 * the adapter therefore uses a keyed hash (HMAC with a server-side key kept outside the table).
 * `context` binds the hash to where the secret belongs (instance, phone, purpose, issue time; or the
 * challenge id), so a stored hash is worth nothing for any other code or challenge.
 */
export interface CodeHasher {
  /** Deterministic for the same `code` and `context`; lower-case hex of a fixed length. */
  hash(code: string, context: string): string;
}

/**
 * Compares two hashes in time that depends only on their length, so response timing does not tell an
 * attacker how many leading characters of a guess's hash matched.
 */
export const sameHash = (a: string, b: string): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
};
