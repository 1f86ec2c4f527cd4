import type { InstanceId } from '../shared/ids';
import { sameHash, type CodeHasher } from './code-hasher';
import type { E164 } from './phone-number';

/**
 * SMS one-time codes of a CIAM instance. A code belongs to one (instance, phone, purpose): a code sent
 * to register cannot reset a password, and a new code for a purpose replaces the previous one.
 *
 * The numbers bound a guesser: 5 tries per code and (use cases) 10 codes per phone a day give at most 50
 * guesses a day against 10^6 values, a 1 in 20,000 chance.
 */
export type CodePurpose = 'Logon' | 'Register' | 'ResetPassword' | 'SecondFactor';
export const CODE_PURPOSES: readonly CodePurpose[] = ['Logon', 'Register', 'ResetPassword', 'SecondFactor'];

export const CODE_DIGITS = 6;
export const CODE_TTL_SECONDS = 5 * 60;
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_COOLDOWN_SECONDS = 60;

const SIX_DIGITS = /^[0-9]{6}$/;

export type CodeKey = {
  readonly instanceId: InstanceId;
  readonly phone: E164;
  readonly purpose: CodePurpose;
};

/** A code as stored: only its keyed hash, never the digits (see CodeHasher). */
export type OneTimeCode = CodeKey & {
  readonly codeHash: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** No new code for this key before this time (the resend cooldown). */
  readonly resendAfter: string;
  /** Verification attempts made so far, right or wrong; at MAX_CODE_ATTEMPTS the code is dead. */
  readonly attempts: number;
};

/** The issue time is part of the context, so the same digits issued twice hash differently. */
export const codeHashContext = (key: CodeKey, issuedAt: string): string =>
  ['otp', key.instanceId, key.phone, key.purpose, issuedAt].join('\n');

const plus = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

/** A new pending code. Throws if `digits` are not six digits: the generator's bug, not an outcome. */
export const issueCode = (key: CodeKey, digits: string, hasher: CodeHasher, now: Date): OneTimeCode => {
  if (!SIX_DIGITS.test(digits)) throw new Error('a one-time code has exactly six digits');
  const issuedAt = now.toISOString();
  return {
    ...key,
    codeHash: hasher.hash(digits, codeHashContext(key, issuedAt)),
    issuedAt,
    expiresAt: plus(now, CODE_TTL_SECONDS),
    resendAfter: plus(now, RESEND_COOLDOWN_SECONDS),
    attempts: 0,
  };
};

/** Seconds until a new code may be sent for this key (0: now), rounded up so a client never asks early. */
export const resendWaitSeconds = (current: OneTimeCode | undefined, now: Date): number => {
  if (!current) return 0;
  const ms = new Date(current.resendAfter).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
};

export const isExpired = (code: OneTimeCode, now: Date): boolean => now.getTime() >= new Date(code.expiresAt).getTime();

export type Verification =
  | { readonly outcome: 'Accepted' }
  | { readonly outcome: 'Wrong'; readonly attemptsLeft: number }
  | { readonly outcome: 'Expired' }
  | { readonly outcome: 'TooManyAttempts' };

/**
 * Judges one attempt against the code as it stood before the attempt. Spent attempts are checked before
 * the digits, so once the tries are used up even the right code is refused: otherwise a guesser could
 * go on trying and only the winning guess would be refused. Malformed input is a wrong attempt and counts
 * (it is never compared, but treating it alike keeps every failure the same to the caller).
 * The attempt is only worth acting on once the store has counted it (`OneTimeCodeStore.countAttempt`).
 */
export const verifyAttempt = (code: OneTimeCode, attempt: string, hasher: CodeHasher, now: Date): Verification => {
  if (isExpired(code, now)) return { outcome: 'Expired' };
  if (code.attempts >= MAX_CODE_ATTEMPTS) return { outcome: 'TooManyAttempts' };
  // Long input is no code; it is not worth normalising.
  const digits = attempt.length > 32 ? '' : attempt.normalize('NFKC').trim();
  if (SIX_DIGITS.test(digits) && sameHash(hasher.hash(digits, codeHashContext(code, code.issuedAt)), code.codeHash)) {
    return { outcome: 'Accepted' };
  }
  return { outcome: 'Wrong', attemptsLeft: MAX_CODE_ATTEMPTS - code.attempts - 1 };
};

/** The text message; the application's name first, so the reader knows who asked (and phishing stands out). */
export const codeMessage = (digits: string, appName?: string): string => {
  const minutes = CODE_TTL_SECONDS / 60;
  const body = `Your verification code is ${digits}. It expires in ${minutes} minutes. Do not share it with anyone.`;
  return appName && appName.trim() ? `[${appName.trim()}] ${body}` : body;
};
