import type { InstanceId } from '../shared/ids';
import { clientNetwork } from '../shared/client-network';
import { sameHash, type CodeHasher } from './code-hasher';

/**
 * The product default: after 2 failed logons within 3 minutes, for one login identifier or from one
 * client, the next logon must solve a CAPTCHA. It stays required while that many failures lie within
 * the window, so someone who keeps failing keeps solving; after 3 quiet minutes the form is plain again.
 * Counting per client too stops one client from trying many identifiers once each (password spraying).
 */
export const CAPTCHA_AFTER_FAILURES = 2;
export const CAPTCHA_FAILURE_WINDOW_SECONDS = 3 * 60;
export const CAPTCHA_TTL_SECONDS = 5 * 60;
// An answer is a few characters; anything longer is not worth hashing.
const MAX_ANSWER = 32;

export type FailedLogonKey = {
  readonly instanceId: InstanceId;
  readonly scope: 'Identifier' | 'Ip';
  readonly value: string;
};

/**
 * The identifier as counted: "Alice@Example.com ", "alice@example.com" and its full-width form are one
 * person, or a guesser could go round the rule by changing case.
 */
export const identifierKey = (instanceId: InstanceId, identifier: string): FailedLogonKey => ({
  instanceId,
  scope: 'Identifier',
  value: identifier.normalize('NFKC').trim().toLowerCase(),
});

/** The client as counted: see clientNetwork (an IPv6 client by its /64). */
export const clientKey = (instanceId: InstanceId, ip: string): FailedLogonKey => ({ instanceId, scope: 'Ip', value: clientNetwork(ip) });

/** Failures of one key that fall within the window ending at `now`. */
export const failuresWithinWindow = (failures: readonly Date[], now: Date): number => {
  const from = now.getTime() - CAPTCHA_FAILURE_WINDOW_SECONDS * 1000;
  return failures.filter((t) => t.getTime() > from && t.getTime() <= now.getTime()).length;
};

/** Whether the next logon needs a CAPTCHA, given each key's recent failures (identifier's, client's). */
export const captchaRequired = (failuresPerKey: readonly (readonly Date[])[], now: Date): boolean =>
  failuresPerKey.some((failures) => failuresWithinWindow(failures, now) >= CAPTCHA_AFTER_FAILURES);

/** A challenge as stored: the answer only as a keyed hash bound to the challenge (see CodeHasher). */
export type CaptchaChallenge = {
  readonly instanceId: InstanceId;
  readonly id: string;
  readonly answerHash: string;
  readonly expiresAt: string;
};

/** Answers are compared without case or surrounding space, and full-width letters count as ASCII. */
export const normaliseAnswer = (answer: string): string => answer.normalize('NFKC').trim().toLowerCase();

export const captchaHashContext = (instanceId: InstanceId, id: string): string => ['captcha', instanceId, id].join('\n');

export const newCaptchaChallenge = (input: {
  readonly instanceId: InstanceId;
  readonly id: string;
  readonly text: string;
  readonly hasher: CodeHasher;
  readonly now: Date;
}): CaptchaChallenge => ({
  instanceId: input.instanceId,
  id: input.id,
  answerHash: input.hasher.hash(normaliseAnswer(input.text), captchaHashContext(input.instanceId, input.id)),
  expiresAt: new Date(input.now.getTime() + CAPTCHA_TTL_SECONDS * 1000).toISOString(),
});

/**
 * Whether `answer` solves `challenge` at `now`. The hash context names the challenge's own instance and
 * id, so a solved answer is worth nothing for any other challenge.
 */
export const answerMatches = (challenge: CaptchaChallenge, answer: string, hasher: CodeHasher, now: Date): boolean => {
  if (now.getTime() >= new Date(challenge.expiresAt).getTime()) return false;
  const normalised = normaliseAnswer(answer);
  if (normalised.length === 0 || normalised.length > MAX_ANSWER) return false;
  return sameHash(hasher.hash(normalised, captchaHashContext(challenge.instanceId, challenge.id)), challenge.answerHash);
};
