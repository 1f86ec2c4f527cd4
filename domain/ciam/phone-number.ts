// Parsing a phone number is deterministic (no I/O, clock or randomness), so the domain uses the library.
// The `max` metadata validates a number against each country's real number ranges; the default `min`
// metadata only checks lengths and accepted, for example, +86 128… (no such mobile range) and 15-digit
// Chinese numbers, which would each cost an SMS that cannot arrive.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Brand } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

export type { CountryCode };

/** A phone number in E.164 (`+8613800138000`): the only form stored, keyed on and sent to. */
export type E164 = Brand<string, 'E164'>;

export type PhoneNumberInvalid = Failure<'InvalidParameter.PhoneNumber'>;

// Longer input is no phone number; refusing it early keeps the parser's work bounded.
const MAX_INPUT = 64;

const invalid = (message: string) => fail('InvalidParameter.PhoneNumber', message);

/**
 * Normalises what a person typed (`+86 138 0013 8000`, `0086 13800138000`, `13800138000` with default
 * country `CN`, full-width digits from an IME) to E.164. A number without a country calling code needs
 * `defaultCountry` (the instance's or application's country, ISO 3166-1 alpha-2). Extensions are refused:
 * an SMS cannot be delivered to one.
 */
export const normalisePhoneNumber = (input: string, defaultCountry?: string): Result<E164, PhoneNumberInvalid> => {
  // NFKC turns full-width digits and plus signs (＋８６…) into ASCII ones.
  const text = input.normalize('NFKC').trim();
  if (text.length === 0) return invalid('A phone number is required.');
  if (text.length > MAX_INPUT) return invalid(`A phone number has at most ${MAX_INPUT} characters.`);
  if (defaultCountry !== undefined && !isSupportedCountry(defaultCountry)) {
    // The default country comes from configuration, not from the person typing: still an outcome, so a
    // misconfigured application answers with a clear message rather than a 500.
    return invalid(`${defaultCountry} is not a country code phone numbers can be read for.`);
  }
  const parsed = parsePhoneNumberFromString(text, defaultCountry === undefined ? undefined : (defaultCountry as CountryCode));
  if (!parsed) {
    return invalid(
      text.startsWith('+') || defaultCountry !== undefined
        ? `${text} is not a phone number.`
        : `${text} has no country calling code; write it as +<country code> <number>, e.g. +86 138 0013 8000.`,
    );
  }
  if (parsed.ext) return invalid(`${text} has an extension; give a number that can receive text messages.`);
  if (!parsed.isValid()) return invalid(`${text} is not a valid phone number for +${parsed.countryCallingCode}.`);
  return ok(parsed.number as E164);
};

/**
 * How a number is shown back to its owner ("we sent a code to +86 138****8000"): the country calling
 * code, at most three leading and four trailing digits, and at least four digits hidden, so a page or a
 * log line never shows the whole number. Throws if `phone` is not E.164 (a caller's bug: numbers are
 * normalised before they are stored).
 */
export const maskPhoneNumber = (phone: E164 | string): string => {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed || parsed.number !== phone) throw new Error('maskPhoneNumber expects a number in E.164');
  const national = parsed.nationalNumber as string;
  const n = national.length;
  const tail = n >= 8 ? 4 : Math.max(0, n - 4);
  const head = Math.max(0, Math.min(3, n - tail - 4));
  return `+${parsed.countryCallingCode} ${national.slice(0, head)}${'*'.repeat(n - head - tail)}${national.slice(n - tail)}`;
};
