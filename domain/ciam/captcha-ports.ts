import type { Clock } from '../shared/clock';
import type { InstanceId } from '../shared/ids';
import type { SecretService } from '../shared/secrets';
import type { CaptchaChallenge, FailedLogonKey } from './captcha';
import type { CodeHasher } from './code-hasher';

/**
 * Recent failed logons per key (an instance's login identifier, or a client). Keys carry their
 * instance; one instance's failures never count for another. Every failure is thrown.
 */
export interface FailedLogonCounter {
  /** Notes one failed logon at `at` against each key; each key's write is atomic on its own. */
  record(keys: readonly FailedLogonKey[], at: Date): Promise<void>;
  /**
   * The newest failures of each key (at least the newest CAPTCHA_AFTER_FAILURES, newest first), in the
   * order of `keys`; of any age, the domain applies the window. A key with none gives [].
   */
  recent(keys: readonly FailedLogonKey[]): Promise<readonly (readonly Date[])[]>;
  /** Forgets a key's failures (a successful logon clears its identifier). Idempotent. */
  clear(key: FailedLogonKey): Promise<void>;
}

/**
 * Outstanding CAPTCHA challenges. Reads may return an expired challenge (DynamoDB deletes expired items
 * late): the domain checks expiry. Every failure is thrown.
 */
export interface CaptchaChallenges {
  /** Stores a new challenge. Ids are random and never reused: a collision is thrown (a bug). */
  create(challenge: CaptchaChallenge): Promise<void>;
  /**
   * Removes the challenge and returns it, whatever the answer will be: a challenge is good for one
   * answer. Of concurrent takes of one id only one receives it; a missing, implausible or already taken
   * id gives undefined.
   */
  take(instanceId: InstanceId, id: string): Promise<CaptchaChallenge | undefined>;
}

/** Draws a CAPTCHA: the text to type and the image showing it. Randomness lives in the adapter. */
export interface CaptchaGenerator {
  generate(): Promise<{ readonly text: string; readonly svg: string }>;
}

/** What the CAPTCHA use cases need; the composition root's container satisfies it. */
export type CaptchaPorts = {
  readonly clock: Clock;
  readonly failedLogons: FailedLogonCounter;
  readonly captchaChallenges: CaptchaChallenges;
  readonly captchaGenerator: CaptchaGenerator;
  readonly codeHasher: CodeHasher;
  /** Challenge ids are opaque random tokens (256 bits): unguessable, so nobody can take another's. */
  readonly secrets: Pick<SecretService, 'newOpaqueToken'>;
};
