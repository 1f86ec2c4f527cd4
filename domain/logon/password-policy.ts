import { definedOnly, type Changes } from '../shared/changes';
import { err, ok, type Failure, type Result } from '../shared/result';

/**
 * A directory's password policy (CloudSSO API 2021-05-15 SetPasswordPolicy / GetPasswordPolicy).
 *
 * | field                  | CloudSSO parameter          | range                        |
 * |------------------------|-----------------------------|------------------------------|
 * | minLength              | MinPasswordLength           | 8–32                         |
 * | minDistinctChars       | MinPasswordDifferentChars   | 0 (no limit) – minLength     |
 * | mustNotContainUserName | PasswordNotContainUsername  | boolean                      |
 * | maxAgeDays             | MaxPasswordAge              | 1–120; 0 = never (Atrium)    |
 * | reusePrevention        | PasswordReusePrevention     | 0 (off) – 24                 |
 * | maxFailedAttempts      | MaxLoginAttempts            | 0 (no lockout) – 32          |
 * | requireUpper/Lower/Digit/Symbol | (none: Atrium)     | boolean                      |
 *
 * The character-kind rule of the product is fixed, not a setting: a password holds at least three of
 * uppercase letters, lowercase letters, digits and symbols (`MIN_CHARACTER_KINDS`). The `require*`
 * switches only make particular kinds mandatory on top of that.
 */
export type PasswordPolicy = {
  readonly minLength: number;
  readonly minDistinctChars: number;
  readonly mustNotContainUserName: boolean;
  readonly requireUpper: boolean;
  readonly requireLower: boolean;
  readonly requireDigit: boolean;
  readonly requireSymbol: boolean;
  readonly maxAgeDays: number;
  readonly reusePrevention: number;
  readonly maxFailedAttempts: number;
};

export const PASSWORD_POLICY_LIMITS = {
  minLength: { min: 8, max: 32 },
  maxAgeDays: { min: 1, max: 120 },
  reusePrevention: { min: 0, max: 24 },
  maxFailedAttempts: { min: 0, max: 32 },
} as const;

/** Longer passwords are refused whatever the policy: hashing cost stays bounded (OWASP ASVS 2.1.2 allows ≥ 64). */
export const PASSWORD_MAX_LENGTH = 128;

/** CloudSSO: a password contains at least three of the four character kinds. */
export const MIN_CHARACTER_KINDS = 3;

/** CloudSSO's console defaults, except `minDistinctChars` (0: no limit). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  minDistinctChars: 0,
  mustNotContainUserName: true,
  requireUpper: false,
  requireLower: false,
  requireDigit: false,
  requireSymbol: false,
  maxAgeDays: 90,
  reusePrevention: 1,
  maxFailedAttempts: 5,
};

export type PasswordPolicyInvalid = Failure<'InvalidParameter.PasswordPolicy'> & {
  /** The first field found out of range, so an edge can name its own parameter. */
  readonly field: keyof PasswordPolicy;
};

const invalid = (field: keyof PasswordPolicy, rule: string) =>
  err<PasswordPolicyInvalid>({ code: 'InvalidParameter.PasswordPolicy', message: `${field} ${rule}.`, field });

const isIntIn = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;

const BOOLEAN_FIELDS = ['mustNotContainUserName', 'requireUpper', 'requireLower', 'requireDigit', 'requireSymbol'] as const;

/**
 * Applies SetPasswordPolicy's changes over the current policy (fields not given keep their value, as
 * in CloudSSO) and checks the result. `minDistinctChars` is checked against the resulting `minLength`,
 * so lowering the length below the distinct-character count is refused until both change together.
 */
export const checkPolicySettings = (
  input: Changes<PasswordPolicy>,
  current: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): Result<PasswordPolicy, PasswordPolicyInvalid> => {
  // Only the policy's own fields are taken: an edge passing its whole request body adds nothing else.
  const given = definedOnly(input);
  const p = Object.fromEntries(
    (Object.keys(current) as (keyof PasswordPolicy)[]).map((k) => [k, k in given ? given[k] : current[k]]),
  ) as PasswordPolicy;
  const { minLength, maxAgeDays, reusePrevention, maxFailedAttempts } = PASSWORD_POLICY_LIMITS;
  if (!isIntIn(p.minLength, minLength.min, minLength.max)) {
    return invalid('minLength', `must be an integer from ${minLength.min} to ${minLength.max}`);
  }
  if (!isIntIn(p.minDistinctChars, 0, p.minLength)) {
    return invalid('minDistinctChars', `must be an integer from 0 to minLength (${p.minLength})`);
  }
  for (const field of BOOLEAN_FIELDS) {
    if (typeof p[field] !== 'boolean') return invalid(field, 'must be true or false');
  }
  if (!(p.maxAgeDays === 0 || isIntIn(p.maxAgeDays, maxAgeDays.min, maxAgeDays.max))) {
    return invalid('maxAgeDays', `must be 0 (never expires) or an integer from ${maxAgeDays.min} to ${maxAgeDays.max}`);
  }
  if (!isIntIn(p.reusePrevention, reusePrevention.min, reusePrevention.max)) {
    return invalid('reusePrevention', `must be an integer from ${reusePrevention.min} to ${reusePrevention.max}`);
  }
  if (!isIntIn(p.maxFailedAttempts, maxFailedAttempts.min, maxFailedAttempts.max)) {
    return invalid('maxFailedAttempts', `must be 0 (no lockout) or an integer from 1 to ${maxFailedAttempts.max}`);
  }
  return ok(p);
};

/** A rule a password can fail; the edge may show them as a checklist. */
export type PasswordRule =
  | 'minLength'
  | 'maxLength'
  | 'minDistinctChars'
  | 'mustNotContainUserName'
  | 'characterKinds'
  | 'requireUpper'
  | 'requireLower'
  | 'requireDigit'
  | 'requireSymbol';

export type PasswordRejected = Failure<'InvalidParameter.Password'> & { readonly unmet: readonly PasswordRule[] };

type Kind = 'upper' | 'lower' | 'digit' | 'symbol';

/** Unicode-aware: cased letters count as upper/lower, decimal digits as digits, anything not a letter or number as a symbol. */
const kindOf = (ch: string): Kind | undefined => {
  if (/\p{Lu}/u.test(ch)) return 'upper';
  if (/\p{Ll}/u.test(ch)) return 'lower';
  if (/\p{Nd}/u.test(ch)) return 'digit';
  if (/[^\p{L}\p{N}]/u.test(ch)) return 'symbol';
  return undefined; // uncased letters (e.g. CJK) and other numbers count as no kind
};

/**
 * Checks a new password against the policy and reports every unmet rule at once, so a person fixes
 * them in one go. Lengths count Unicode code points, not UTF-16 units. Reuse of earlier passwords is
 * checked separately (`checkReuse`), since it needs the hasher.
 */
export const checkPasswordAgainstPolicy = (
  policy: PasswordPolicy,
  password: string,
  userName: string,
): Result<void, PasswordRejected> => {
  const chars = [...password];
  const kinds = new Set(chars.map(kindOf).filter((k): k is Kind => k !== undefined));
  const unmet: [PasswordRule, string][] = [];
  if (chars.length < policy.minLength) unmet.push(['minLength', `be at least ${policy.minLength} characters long`]);
  if (chars.length > PASSWORD_MAX_LENGTH) unmet.push(['maxLength', `be at most ${PASSWORD_MAX_LENGTH} characters long`]);
  if (policy.minDistinctChars > 0 && new Set(chars).size < policy.minDistinctChars) {
    unmet.push(['minDistinctChars', `contain at least ${policy.minDistinctChars} different characters`]);
  }
  if (policy.mustNotContainUserName && userName !== '' && password.toLowerCase().includes(userName.toLowerCase())) {
    unmet.push(['mustNotContainUserName', 'not contain the user name']);
  }
  if (kinds.size < MIN_CHARACTER_KINDS) {
    unmet.push(['characterKinds', `contain at least ${MIN_CHARACTER_KINDS} of: uppercase letters, lowercase letters, digits, symbols`]);
  }
  if (policy.requireUpper && !kinds.has('upper')) unmet.push(['requireUpper', 'contain an uppercase letter']);
  if (policy.requireLower && !kinds.has('lower')) unmet.push(['requireLower', 'contain a lowercase letter']);
  if (policy.requireDigit && !kinds.has('digit')) unmet.push(['requireDigit', 'contain a digit']);
  if (policy.requireSymbol && !kinds.has('symbol')) unmet.push(['requireSymbol', 'contain a symbol']);
  if (unmet.length === 0) return ok(undefined);
  return err({
    code: 'InvalidParameter.Password',
    message: `The password must ${unmet.map(([, text]) => text).join('; ')}.`,
    unmet: unmet.map(([rule]) => rule),
  });
};
