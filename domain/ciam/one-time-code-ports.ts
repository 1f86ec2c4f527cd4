import type { Clock } from '../shared/clock';
import type { RateLimiter } from '../shared/rate-limiter';
import type { RequestLimitSource } from '../shared/request-limits';
import type { CodeHasher } from './code-hasher';
import type { CodeKey, OneTimeCode } from './one-time-code';

/**
 * Pending one-time codes, one per (instance, phone, purpose). Every method names the instance through
 * the code's key. Error contract: the outcomes below are data; any other failure is thrown.
 * Reads may return a code whose expiry has passed (DynamoDB deletes expired items late): the domain
 * decides on expiry, not the store.
 */
export interface OneTimeCodeStore {
  get(key: CodeKey): Promise<OneTimeCode | undefined>;
  /**
   * Stores `code` in place of the key's previous code, only if there is none or its `resendAfter` is not
   * after `code.issuedAt` (conditional write): of two concurrent sends, one gets 'CoolingDown'.
   */
  put(code: OneTimeCode): Promise<'Stored' | 'CoolingDown'>;
  /**
   * Counts one verification attempt against this very code (same `issuedAt`), atomically and only
   * while its attempts are below `max`. False when it was refused: the tries are used up, or the code was
   * consumed or replaced meanwhile. Concurrent attempts can therefore never exceed `max` between them.
   */
  countAttempt(code: OneTimeCode, max: number): Promise<boolean>;
  /**
   * Deletes this very code (same `issuedAt`) if it is still stored: single use, so of two concurrent
   * verifications of one code only one gets true. Also withdraws a code whose SMS could not be sent.
   */
  consume(code: OneTimeCode): Promise<boolean>;
}

/** Sends a text message. Throws when the message could not be handed to the carrier (transport failure). */
export interface SmsSender {
  send(message: { readonly to: string; readonly text: string }): Promise<void>;
}

/** Randomness for codes, kept in an adapter so the rules stay deterministic under test. */
export interface CodeGenerator {
  /** Six decimal digits, uniformly random from a cryptographic source, leading zeros kept ("004217"). */
  sixDigits(): string;
}

/** What the one-time-code use cases need; the composition root's container satisfies it. */
export type OneTimeCodePorts = {
  readonly clock: Clock;
  readonly oneTimeCodes: OneTimeCodeStore;
  readonly codeGenerator: CodeGenerator;
  readonly codeHasher: CodeHasher;
  readonly sms: SmsSender;
  readonly rateLimiter: RateLimiter;
  /** The instance's SMS ceiling (`sms.instance`); its default when absent. */
  readonly requestLimits?: RequestLimitSource;
};
