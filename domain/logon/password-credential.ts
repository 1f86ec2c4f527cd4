import type { DirectoryId, UserId } from '../shared/ids';
import type { PasswordPolicy } from './password-policy';

/**
 * A directory user's portal password. Only a slow hash is kept, as a PHC string that carries its own
 * algorithm and parameters (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), so hashes made under older
 * parameters still verify and can be upgraded at the next logon (`PasswordHasher.needsRehash`).
 */
export type PasswordCredential = {
  readonly directoryId: DirectoryId;
  readonly userId: UserId;
  readonly hash: string;
  /** When the password was last set: the start of its max age. */
  readonly changedAt: string;
  /** Set for passwords an administrator chose (initial or reset): the user must change it at first logon. */
  readonly mustChange: boolean;
  /** Hashes of earlier passwords, newest first, at most `MAX_PASSWORD_HISTORY`; the current `hash` is not in it. */
  readonly history: readonly string[];
  /** Consecutive failed logons since the last success (or since a lock ran out). */
  readonly failedAttempts: number;
  readonly lockedUntil?: string;
  /** Networks of recent completed logons, most recent first (the OnlyRiskyLogon signal; logon-risk.ts). */
  readonly knownNetworks?: readonly string[];
  readonly version: number;
};

/** The user a credential belongs to: what `setPassword` needs when the user has none yet. */
export type CredentialOwner = { readonly directoryId: DirectoryId; readonly userId: UserId };

/** CloudSSO SetPasswordPolicy MaxLoginAttempts: "the account is locked for one hour". */
export const LOCKOUT_MS = 60 * 60 * 1000;
/** CloudSSO PasswordReusePrevention is at most 24. */
export const MAX_PASSWORD_HISTORY = 24;
const DAY_MS = 24 * 60 * 60 * 1000;

export const isLocked = (cred: PasswordCredential, now: Date): boolean =>
  cred.lockedUntil !== undefined && new Date(cred.lockedUntil).getTime() > now.getTime();

const withoutLock = (cred: PasswordCredential): Omit<PasswordCredential, 'lockedUntil'> => {
  const { lockedUntil: _lockedUntil, ...rest } = cred;
  return rest;
};

/**
 * One more wrong password. When the count reaches `maxFailedAttempts` (0: never) the account locks
 * for an hour; once a lock has run out, counting starts again from zero. While locked it returns `cred`
 * itself: the caller must not verify passwords of a locked account at all (check `isLocked` first), so
 * a lock can neither be extended nor probed.
 */
export const recordFailure = (cred: PasswordCredential, policy: PasswordPolicy, now: Date): PasswordCredential => {
  if (isLocked(cred, now)) return cred;
  const failedAttempts = (cred.lockedUntil === undefined ? cred.failedAttempts : 0) + 1;
  const lock = policy.maxFailedAttempts > 0 && failedAttempts >= policy.maxFailedAttempts;
  return {
    ...withoutLock(cred),
    failedAttempts,
    ...(lock ? { lockedUntil: new Date(now.getTime() + LOCKOUT_MS).toISOString() } : {}),
    version: cred.version + 1,
  };
};

/**
 * A correct password: the failure count and any expired lock are cleared. Returns `cred` itself when
 * there is nothing to clear, so the caller can skip the write.
 */
export const recordSuccess = (cred: PasswordCredential): PasswordCredential =>
  cred.failedAttempts === 0 && cred.lockedUntil === undefined
    ? cred
    : { ...withoutLock(cred), failedAttempts: 0, version: cred.version + 1 };

/** Older than the policy's max age (`maxAgeDays` 0: never expires). */
export const isExpired = (cred: PasswordCredential, policy: PasswordPolicy, now: Date): boolean =>
  policy.maxAgeDays > 0 && now.getTime() >= new Date(cred.changedAt).getTime() + policy.maxAgeDays * DAY_MS;

/** After a correct password: must the user choose a new one before reaching the portal? */
export const mustChangeNow = (cred: PasswordCredential, policy: PasswordPolicy, now: Date): boolean =>
  cred.mustChange || isExpired(cred, policy, now);

/**
 * The hashes a new password is compared with for PasswordReusePrevention: the current one first, then
 * the history. With N = 1 (CloudSSO's default) only the current password is refused.
 */
export const recentHashes = (cred: PasswordCredential | undefined): readonly string[] =>
  cred ? [cred.hash, ...cred.history] : [];

/**
 * A new password (set by the user, or by an administrator with `mustChange`). The replaced hash joins
 * the history, which keeps `keep` (the policy's `reusePrevention`, at most 24) earlier hashes; setting a
 * password also clears failures and any lock. `current` is the existing credential, or just its owner
 * when the user has none yet (then the result has version 1: create it with `put(cred, undefined)`).
 */
export const setPassword = (
  current: PasswordCredential | CredentialOwner,
  newHash: string,
  options: { readonly mustChange: boolean; readonly now: Date; readonly keep: number },
): PasswordCredential => {
  const previous = 'hash' in current ? current : undefined;
  const keep = Math.max(0, Math.min(MAX_PASSWORD_HISTORY, Math.floor(options.keep)));
  return {
    directoryId: current.directoryId,
    userId: current.userId,
    hash: newHash,
    changedAt: options.now.toISOString(),
    mustChange: options.mustChange,
    history: previous ? [previous.hash, ...previous.history].slice(0, keep) : [],
    failedAttempts: 0,
    version: previous ? previous.version + 1 : 1,
  };
};

/** The same password under a stronger hash (after `needsRehash` at logon): age and history unchanged. */
export const replaceHash = (cred: PasswordCredential, newHash: string): PasswordCredential => ({
  ...cred,
  hash: newHash,
  version: cred.version + 1,
});
