import type { InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { answerMatches, captchaRequired, clientKey, identifierKey, newCaptchaChallenge } from './captcha';
import type { CaptchaPorts } from './captcha-ports';

export type CaptchaRequired = Failure<'Captcha.Required'>;
export type CaptchaInvalid = Failure<'Captcha.Invalid'>;

export type IssuedCaptcha = { readonly id: string; readonly svg: string; readonly expiresAt: string };

type LogonSubject = { readonly instanceId: InstanceId; readonly identifier: string; readonly ip: string };

const keysOf = (s: LogonSubject) => [identifierKey(s.instanceId, s.identifier), clientKey(s.instanceId, s.ip)];

/** Whether the logon form should show a CAPTCHA for this identifier from this client. */
export const isCaptchaRequired = async (ports: CaptchaPorts, subject: LogonSubject): Promise<boolean> =>
  captchaRequired(await ports.failedLogons.recent(keysOf(subject)), ports.clock.now());

/** A new challenge of the instance; only its image leaves the server, the answer is stored hashed. */
export const issueCaptcha = async (ports: CaptchaPorts, input: { readonly instanceId: InstanceId }): Promise<IssuedCaptcha> => {
  const { text, svg } = await ports.captchaGenerator.generate();
  const challenge = newCaptchaChallenge({
    instanceId: input.instanceId,
    id: ports.secrets.newOpaqueToken(),
    text,
    hasher: ports.codeHasher,
    now: ports.clock.now(),
  });
  await ports.captchaChallenges.create(challenge);
  return { id: challenge.id, svg, expiresAt: challenge.expiresAt };
};

const invalid = () => fail('Captcha.Invalid', 'The characters do not match the picture, or it has expired; try the new picture.');

/**
 * Checks an answer and uses the challenge up, right or wrong: one challenge, one answer, so neither a
 * solved challenge can be replayed nor an unsolved one brute-forced.
 */
export const checkCaptcha = async (
  ports: CaptchaPorts,
  input: { readonly instanceId: InstanceId; readonly id: string; readonly answer: string },
): Promise<Result<void, CaptchaInvalid>> => {
  const challenge = await ports.captchaChallenges.take(input.instanceId, input.id);
  if (!challenge || !answerMatches(challenge, input.answer, ports.codeHasher, ports.clock.now())) return invalid();
  return ok(undefined);
};

/**
 * The gate in front of every logon attempt (before the password is checked). The server decides whether
 * a CAPTCHA is needed from its own counts, so a client cannot skip one by leaving it out.
 */
export const admitLogonAttempt = async (
  ports: CaptchaPorts,
  input: LogonSubject & { readonly captcha?: { readonly id: string; readonly answer: string } | undefined },
): Promise<Result<void, CaptchaRequired | CaptchaInvalid>> => {
  if (!(await isCaptchaRequired(ports, input))) return ok(undefined);
  if (!input.captcha) return fail('Captcha.Required', 'Solve the CAPTCHA to continue: there were several failed logons.');
  return checkCaptcha(ports, { instanceId: input.instanceId, ...input.captcha });
};

/** After a logon failed (wrong password, unknown identifier: both, so the count does not tell them apart). */
export const recordFailedLogon = async (ports: CaptchaPorts, subject: LogonSubject): Promise<void> =>
  ports.failedLogons.record(keysOf(subject), ports.clock.now());

/**
 * After a logon succeeded: the identifier's failures are forgotten; the client's are kept, or a sprayer
 * could reset its count by logging on to an account of its own between guesses.
 */
export const recordSuccessfulLogon = async (
  ports: CaptchaPorts,
  subject: { readonly instanceId: InstanceId; readonly identifier: string },
): Promise<void> => ports.failedLogons.clear(identifierKey(subject.instanceId, subject.identifier));
