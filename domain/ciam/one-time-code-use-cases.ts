import type { InstanceId } from '../shared/ids';
import { err, fail, ok, type Failure, type Result } from '../shared/result';
import { clientNetwork } from '../shared/client-network';
import { REQUEST_LIMITS, requestLimitKey } from '../shared/request-limits';
import {
  codeMessage,
  issueCode,
  MAX_CODE_ATTEMPTS,
  resendWaitSeconds,
  verifyAttempt,
  type CodeKey,
  type CodePurpose,
} from './one-time-code';
import type { OneTimeCodePorts } from './one-time-code-ports';
import type { E164 } from './phone-number';

/**
 * Daily caps on sending, per instance (an instance is a tenant: one tenant's traffic must not use up
 * another's allowance). Per phone, so nobody can flood someone's phone or run up the SMS bill on one
 * number; per IP, so one client cannot do the same across many numbers. Windows are UTC days (the rate
 * limiter's fixed windows). Above both, the instance's own ceiling (`sms.instance` in
 * domain/shared/request-limits.ts, configurable) bounds what a flood from many networks and numbers can
 * send, and so the SMS bill.
 */
export const CODES_PER_PHONE_PER_DAY = 10;
export const CODES_PER_IP_PER_DAY = 50;
const DAY_SECONDS = 86_400;

export type CodeTooSoon = Failure<'Code.TooSoon'> & { readonly retryAfterSeconds: number };
export type CodeDailyLimit = Failure<'Code.DailyLimit'> & { readonly retryAfterSeconds: number };
export type CodeInvalid = Failure<'Code.Invalid'>;
export type CodeTooManyAttempts = Failure<'Code.TooManyAttempts'>;

export type CodeSent = {
  readonly expiresAt: string;
  /** When the client may offer "send again". */
  readonly resendAfter: string;
};

const tooSoon = (seconds: number) =>
  err<CodeTooSoon>({
    code: 'Code.TooSoon',
    message: `A code was sent to this number moments ago; wait ${seconds} seconds before asking for another.`,
    retryAfterSeconds: seconds,
  });

const dailyLimit = (what: string, retryAfterSeconds: number) =>
  err<CodeDailyLimit>({
    code: 'Code.DailyLimit',
    message: `Too many codes were requested today ${what}; try again tomorrow.`,
    retryAfterSeconds,
  });

/**
 * Sends a new code by SMS. The cooldown is checked before the daily caps, so asking too early does not
 * use up the day's allowance; the conditional write settles races between concurrent sends.
 */
export const sendCode = async (
  ports: OneTimeCodePorts,
  input: {
    readonly instanceId: InstanceId;
    readonly phone: E164;
    readonly purpose: CodePurpose;
    readonly ip: string;
    /** The application or instance name shown in the message ("[Acme] Your verification code…"). */
    readonly appName?: string | undefined;
  },
): Promise<Result<CodeSent, CodeTooSoon | CodeDailyLimit>> => {
  const now = ports.clock.now();
  const key: CodeKey = { instanceId: input.instanceId, phone: input.phone, purpose: input.purpose };
  const wait = resendWaitSeconds(await ports.oneTimeCodes.get(key), now);
  if (wait > 0) return tooSoon(wait);

  // The client first: one over its cap should not use up the allowance of the number it targets.
  const byIp = await ports.rateLimiter.consume(`ciam-sms:ip:${input.instanceId}:${clientNetwork(input.ip)}`, {
    requests: CODES_PER_IP_PER_DAY,
    perSeconds: DAY_SECONDS,
  });
  if (!byIp.allowed) return dailyLimit('from this network', byIp.retryAfterSeconds);
  const byPhone = await ports.rateLimiter.consume(`ciam-sms:phone:${input.instanceId}:${input.phone}`, {
    requests: CODES_PER_PHONE_PER_DAY,
    perSeconds: DAY_SECONDS,
  });
  if (!byPhone.allowed) return dailyLimit('for this number', byPhone.retryAfterSeconds);
  // Last: a client or number over its own cap does not use up the instance's allowance.
  const instanceCap = ports.requestLimits ? ports.requestLimits.limit('sms.instance') : REQUEST_LIMITS['sms.instance'];
  if (instanceCap) {
    const byInstance = await ports.rateLimiter.consume(requestLimitKey('sms.instance', input.instanceId), instanceCap);
    if (!byInstance.allowed) {
      return err<CodeDailyLimit>({
        code: 'Code.DailyLimit',
        message: 'This service has sent too many verification codes for now; try again later, or sign in another way.',
        retryAfterSeconds: byInstance.retryAfterSeconds,
      });
    }
  }

  const digits = ports.codeGenerator.sixDigits();
  const code = issueCode(key, digits, ports.codeHasher, now);
  if ((await ports.oneTimeCodes.put(code)) === 'CoolingDown') {
    // Another send for this key won the race a moment ago.
    return tooSoon(Math.max(1, resendWaitSeconds(await ports.oneTimeCodes.get(key), now)));
  }
  try {
    await ports.sms.send({ to: input.phone, text: codeMessage(digits, input.appName) });
  } catch (error) {
    // Nobody received this code: withdraw it, so the cooldown does not stop the user from asking again.
    await ports.oneTimeCodes.consume(code);
    throw error;
  }
  return ok({ expiresAt: code.expiresAt, resendAfter: code.resendAfter });
};

/** One answer for a wrong, expired, missing, replaced or already used code: it reveals nothing. */
const invalid = () => fail('Code.Invalid', 'The verification code is incorrect or has expired. Check it, or ask for a new code.');
const tooManyAttempts = () => fail('Code.TooManyAttempts', 'Too many wrong attempts for this code; ask for a new code.');

/**
 * Checks a code and uses it up. Each attempt is counted in the store before its result is acted on, so
 * a burst of parallel guesses gets no more than MAX_CODE_ATTEMPTS comparisons between them; the
 * accepted code is then deleted conditionally, so it logs on (or registers, or resets) exactly once.
 */
export const verifyCode = async (
  ports: OneTimeCodePorts,
  input: { readonly instanceId: InstanceId; readonly phone: E164; readonly purpose: CodePurpose; readonly code: string },
): Promise<Result<void, CodeInvalid | CodeTooManyAttempts>> => {
  const now = ports.clock.now();
  const key: CodeKey = { instanceId: input.instanceId, phone: input.phone, purpose: input.purpose };
  const stored = await ports.oneTimeCodes.get(key);
  if (!stored) return invalid();
  const verdict = verifyAttempt(stored, input.code, ports.codeHasher, now);
  if (verdict.outcome === 'Expired') return invalid();
  if (verdict.outcome === 'TooManyAttempts') return tooManyAttempts();

  if (!(await ports.oneTimeCodes.countAttempt(stored, MAX_CODE_ATTEMPTS))) {
    // Refused: either concurrent attempts used up the tries, or the code is gone or was replaced.
    const current = await ports.oneTimeCodes.get(key);
    return current?.issuedAt === stored.issuedAt && current.attempts >= MAX_CODE_ATTEMPTS ? tooManyAttempts() : invalid();
  }
  if (verdict.outcome === 'Wrong') return verdict.attemptsLeft === 0 ? tooManyAttempts() : invalid();
  if (!(await ports.oneTimeCodes.consume(stored))) return invalid();
  return ok(undefined);
};
