import type { PasswordHasher } from './ports';

/**
 * CloudSSO PasswordReusePrevention: "the previous N passwords cannot be reused" (0: no check).
 * `hashes` are newest first, the current password's hash included (`recentHashes(cred)`); only the
 * first N are checked. True when the password may be used.
 *
 * Each comparison costs one slow hash (about 80 ms with the WebAssembly argon2id here), so N = 24
 * costs up to two seconds: the checks run one after another and stop at the first match, since
 * parallel hashing on one thread would not be faster.
 */
export const checkReuse = async (
  hasher: PasswordHasher,
  hashes: readonly string[],
  password: string,
  reusePrevention: number,
): Promise<boolean> => {
  for (const hash of hashes.slice(0, Math.max(0, reusePrevention))) {
    if (await hasher.verify(hash, password)) return false;
  }
  return true;
};
