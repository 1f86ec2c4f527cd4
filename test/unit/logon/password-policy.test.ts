import { describe, expect, it } from 'vitest';
import {
  checkPasswordAgainstPolicy,
  checkPolicySettings,
  DEFAULT_PASSWORD_POLICY,
  PASSWORD_MAX_LENGTH,
  type PasswordPolicy,
  type PasswordRule,
} from '../../../domain/logon/password-policy';

describe('password policy settings (CloudSSO SetPasswordPolicy ranges)', () => {
  it.each<[Partial<Record<keyof PasswordPolicy, unknown>>, keyof PasswordPolicy | undefined]>([
    [{ minLength: 8 }, undefined],
    [{ minLength: 32 }, undefined],
    [{ minLength: 7 }, 'minLength'],
    [{ minLength: 33 }, 'minLength'],
    [{ minLength: 8.5 }, 'minLength'],
    [{ minLength: '8' }, 'minLength'],
    [{ minDistinctChars: 0 }, undefined],
    [{ minDistinctChars: 8 }, undefined],
    [{ minDistinctChars: 9 }, 'minDistinctChars'],
    [{ minLength: 12, minDistinctChars: 12 }, undefined],
    [{ minLength: 12, minDistinctChars: 13 }, 'minDistinctChars'],
    [{ minDistinctChars: -1 }, 'minDistinctChars'],
    [{ mustNotContainUserName: false }, undefined],
    [{ mustNotContainUserName: 'yes' }, 'mustNotContainUserName'],
    [{ requireUpper: true, requireLower: true, requireDigit: true, requireSymbol: true }, undefined],
    [{ requireSymbol: 1 }, 'requireSymbol'],
    [{ maxAgeDays: 0 }, undefined],
    [{ maxAgeDays: 1 }, undefined],
    [{ maxAgeDays: 120 }, undefined],
    [{ maxAgeDays: 121 }, 'maxAgeDays'],
    [{ maxAgeDays: -1 }, 'maxAgeDays'],
    [{ reusePrevention: 0 }, undefined],
    [{ reusePrevention: 24 }, undefined],
    [{ reusePrevention: 25 }, 'reusePrevention'],
    [{ maxFailedAttempts: 0 }, undefined],
    [{ maxFailedAttempts: 1 }, undefined],
    [{ maxFailedAttempts: 32 }, undefined],
    [{ maxFailedAttempts: 33 }, 'maxFailedAttempts'],
    [{ maxFailedAttempts: Number.NaN }, 'maxFailedAttempts'],
  ])('%j → bad field %s', (input, badField) => {
    const out = checkPolicySettings(input as Partial<PasswordPolicy>);
    if (badField === undefined) {
      expect(out.ok).toBe(true);
    } else {
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.error.code).toBe('InvalidParameter.PasswordPolicy');
      expect(out.error.field).toBe(badField);
      expect(out.error.message).toContain(badField);
    }
  });

  it('keeps the current value of every field not given, and ignores unknown fields', () => {
    const current: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, minLength: 12, maxAgeDays: 30 };
    const out = checkPolicySettings({ reusePrevention: 5, ...({ DirectoryId: 'd-1' } as object) }, current);
    expect(out).toEqual({ ok: true, value: { ...current, reusePrevention: 5 } });
  });

  it('checks the distinct-character count against the resulting length', () => {
    const current: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, minLength: 12, minDistinctChars: 10 };
    expect(checkPolicySettings({ minLength: 8 }, current).ok).toBe(false);
    expect(checkPolicySettings({ minLength: 8, minDistinctChars: 8 }, current).ok).toBe(true);
  });

  it('the defaults are valid', () => {
    expect(checkPolicySettings({})).toEqual({ ok: true, value: DEFAULT_PASSWORD_POLICY });
  });
});

describe('a password against the policy', () => {
  const base: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY, minLength: 8, minDistinctChars: 0, mustNotContainUserName: true };

  it.each<[string, string, Partial<PasswordPolicy>, PasswordRule[]]>([
    ['Abcdef1!', 'alice', {}, []],
    ['Abcdefg1', 'alice', {}, []], // three kinds: upper, lower, digit
    ['abcdef1!', 'alice', {}, []], // three kinds: lower, digit, symbol
    ['ABCDEF1!', 'alice', {}, []],
    ['Abc1!', 'alice', {}, ['minLength']],
    ['abcdefgh', 'alice', {}, ['characterKinds']],
    ['abcdefg1', 'alice', {}, ['characterKinds']],
    ['12345678', 'alice', {}, ['characterKinds']],
    ['xAlice1!', 'alice', {}, ['mustNotContainUserName']],
    ['xALICE1!', 'alice', {}, ['mustNotContainUserName']], // case-insensitive
    ['xAlice1!', 'alice', { mustNotContainUserName: false }, []],
    ['Aa1!Aa1!', 'alice', { minDistinctChars: 4 }, []],
    ['Aa1!Aa1!', 'alice', { minDistinctChars: 5 }, ['minDistinctChars']],
    ['Abcdefg1', 'alice', { requireSymbol: true }, ['requireSymbol']],
    ['abcdef1!', 'alice', { requireUpper: true }, ['requireUpper']],
    ['ABCDEF1!', 'alice', { requireLower: true }, ['requireLower']],
    ['Abcdefg!', 'alice', { requireDigit: true }, ['requireDigit']],
    ['Aa1!', 'alice', { minLength: 12, minDistinctChars: 5, requireDigit: true }, ['minLength', 'minDistinctChars']],
    ['alice', 'alice', { requireUpper: true, requireDigit: true, requireSymbol: true }, [
      'minLength', 'mustNotContainUserName', 'characterKinds', 'requireUpper', 'requireDigit', 'requireSymbol',
    ]],
    ['Ünïcödé1', 'alice', {}, []], // Unicode upper, lower, digit
    ['密码密码密码密码', 'alice', {}, ['characterKinds']], // uncased letters count as no kind
    ['pass word 1', 'alice', {}, []], // a space is a symbol
  ])('%j (user %s, %j) fails %j', (password, userName, overrides, unmet) => {
    const out = checkPasswordAgainstPolicy({ ...base, ...overrides }, password, userName);
    if (unmet.length === 0) {
      expect(out).toEqual({ ok: true, value: undefined });
    } else {
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.error.code).toBe('InvalidParameter.Password');
      expect(out.error.unmet).toEqual(unmet);
    }
  });

  it('lists every unmet rule in one message', () => {
    const out = checkPasswordAgainstPolicy({ ...base, requireSymbol: true }, 'alice', 'alice');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.message).toBe(
      'The password must be at least 8 characters long; not contain the user name; contain at least 3 of: uppercase letters, lowercase letters, digits, symbols; contain a symbol.',
    );
  });

  it(`refuses passwords longer than ${PASSWORD_MAX_LENGTH} characters, counting code points`, () => {
    const ok128 = `Aa1!${'x'.repeat(PASSWORD_MAX_LENGTH - 4)}`;
    expect(checkPasswordAgainstPolicy(base, ok128, 'alice').ok).toBe(true);
    const out = checkPasswordAgainstPolicy(base, `${ok128}x`, 'alice');
    expect(!out.ok && out.error.unmet).toEqual(['maxLength']);
    // 128 emoji are 256 UTF-16 units but 128 characters.
    expect(checkPasswordAgainstPolicy(base, `Aa1${'😀'.repeat(125)}`, 'alice').ok).toBe(true);
    // 7 characters are too short even though they are 11 UTF-16 units.
    const short = checkPasswordAgainstPolicy(base, `Aa1${'😀'.repeat(4)}`, 'alice');
    expect(!short.ok && short.error.unmet).toEqual(['minLength']);
  });
});
