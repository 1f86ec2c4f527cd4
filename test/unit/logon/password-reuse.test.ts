import { describe, expect, it } from 'vitest';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../../adapters/crypto/argon2-hasher';
import { recentHashes, setPassword, type PasswordCredential } from '../../../domain/logon/password-credential';
import { checkReuse } from '../../../domain/logon/password-reuse';
import type { DirectoryId, UserId } from '../../../domain/shared/ids';

// The same argon2id code at toy cost: the OWASP parameters take about 80 ms a hash here, and these
// cases hash dozens of times. One test below uses the real parameters.
const cheap = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });
const owner = { directoryId: 'd-aaaaaaaaaaaa' as DirectoryId, userId: 'u-1' as UserId };
const now = new Date('2026-11-23T10:00:00Z');

/** A user who set p1, then p2, …, then pN (the current one). */
const historyOf = async (hasher: Argon2idHasher, passwords: readonly string[], keep: number): Promise<PasswordCredential> => {
  let cred: PasswordCredential | undefined;
  for (const p of passwords) cred = setPassword(cred ?? owner, await hasher.hash(p), { mustChange: false, now, keep });
  if (!cred) throw new Error('no passwords');
  return cred;
};

describe('password reuse prevention (CloudSSO PasswordReusePrevention: the previous N passwords)', () => {
  const passwords = ['Old-Pass-1', 'Old-Pass-2', 'Old-Pass-3', 'Old-Pass-4', 'Current-5'];

  it.each<[number, string, boolean]>([
    [0, 'Current-5', true], // 0: no check at all
    [1, 'Current-5', false], // 1: the current password cannot be set again
    [1, 'Old-Pass-4', true],
    [2, 'Old-Pass-4', false],
    [2, 'Old-Pass-3', true],
    [4, 'Old-Pass-2', false],
    [4, 'Old-Pass-1', true],
    [5, 'Old-Pass-1', false],
    [24, 'Old-Pass-1', false],
    [24, 'Brand-New-6', true],
  ])('N = %i: %s allowed %s', async (n, candidate, allowed) => {
    const cred = await historyOf(cheap, passwords, 24);
    expect(await checkReuse(cheap, recentHashes(cred), candidate, n)).toBe(allowed);
  });

  it('only what the history kept can be checked (keep = the policy at each change)', async () => {
    const cred = await historyOf(cheap, passwords, 1);
    expect(cred.history).toHaveLength(1);
    expect(await checkReuse(cheap, recentHashes(cred), 'Old-Pass-4', 24)).toBe(false);
    expect(await checkReuse(cheap, recentHashes(cred), 'Old-Pass-3', 24)).toBe(true);
  });

  it('works with the real OWASP argon2id hashes', async () => {
    const real = new Argon2idHasher();
    const cred = await historyOf(real, ['First-Pass-1', 'Second-Pass-2'], 1);
    const started = performance.now();
    expect(await checkReuse(real, recentHashes(cred), 'First-Pass-1', 2)).toBe(false);
    expect(await checkReuse(real, recentHashes(cred), 'Second-Pass-2', 1)).toBe(false);
    expect(await checkReuse(real, recentHashes(cred), 'Third-Pass-3', 2)).toBe(true);
    console.log(`argon2id m=19456,t=2,p=1: ${((performance.now() - started) / 4).toFixed(0)} ms per verify (warm)`);
  });
});
