import { describe, expect, it } from 'vitest';
import {
  changeCustomer,
  checkCustomerInput,
  checkDisplayName,
  checkEmail,
  checkUsername,
  newCustomer,
  withNewPassword,
  withStatus,
  type Customer,
} from '../../../domain/ciam/customer';
import { checkImportedHash, credentialWith } from '../../../domain/ciam/customer-credential';
import { checkCustomerPassword } from '../../../domain/ciam/customer-password-policy';
import type { CustomerId, InstanceId } from '../../../domain/shared/ids';

const NOW = new Date('2025-03-01T08:00:00.000Z');
const LATER = new Date('2025-03-02T09:30:00.000Z');
const instanceId = 'idaas_test0000000000000000000000' as InstanceId;
const id = 'user_test0000000000000000000000' as CustomerId;

const customer = (overrides: Partial<Customer> = {}): Customer => {
  const profile = checkCustomerInput({ username: 'alice', phone: '13800138000', email: 'alice@example.com', displayName: 'Alice' }, { phoneRequired: true });
  if (!profile.ok) throw new Error(profile.error.message);
  return { ...newCustomer(instanceId, id, profile.value, { source: 'Administrator', now: NOW }), ...overrides };
};

describe('account name', () => {
  it.each([
    ['alice', 'alice'],
    ['Alice.Smith', 'Alice.Smith'],
    ['a_b-c@d.e', 'a_b-c@d.e'],
    ['8613800138000', '8613800138000'],
    ['  bob  ', 'bob'],
    ['x'.repeat(64), 'x'.repeat(64)],
  ])('%j is accepted as %j', (input, expected) => {
    expect(checkUsername(input)).toEqual({ ok: true, value: expected });
  });

  it.each([[''], ['   '], ['x'.repeat(65)], ['a b'], ['a+b'], ['a#b'], ['a/b'], ['用户'], ['alice!'], ['tab\there']])('%j is refused', (input) => {
    const out = checkUsername(input);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe('InvalidParameter.Username');
  });
});

describe('e-mail (RFC 5322 addr-spec, dot-atom form)', () => {
  it.each([
    ['a@example.com'],
    ['first.last+tag@sub.example.co'],
    ["o'brien@example.ie"],
    ['USER@EXAMPLE.COM'],
    ['x_y=z{1}@a-b.example'],
    [`${'l'.repeat(64)}@example.com`],
  ])('%s is accepted', (input) => {
    expect(checkEmail(input)).toEqual({ ok: true, value: input });
  });

  it.each([
    ['plainaddress'],
    ['@example.com'],
    ['a@'],
    ['a..b@example.com'],
    ['.a@example.com'],
    ['a.@example.com'],
    ['a b@example.com'],
    ['"quoted"@example.com'],
    ['a@[127.0.0.1]'],
    ['a@-example.com'],
    ['a@example-.com'],
    ['a@example'],
    ['a@exa_mple.com'],
    ['a@example..com'],
    ['用户@example.com'],
    [`${'l'.repeat(65)}@example.com`],
    [`a@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.com`],
  ])('%s is refused', (input) => {
    const out = checkEmail(input);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.code).toBe('InvalidParameter.Email');
  });
});

describe('display name', () => {
  it.each([['Alice', 'Alice'], ['  张三  ', '张三'], ['é'.repeat(64), 'é'.repeat(64)]])('%j → %j', (input, expected) => {
    expect(checkDisplayName(input)).toEqual({ ok: true, value: expected });
  });
  it.each([[''], ['  '], ['x'.repeat(65)], ['line\nbreak']])('%j is refused', (input) => {
    expect(checkDisplayName(input).ok).toBe(false);
  });
});

describe('a new account', () => {
  it('normalises the phone number to E.164, reading national numbers as Chinese', () => {
    for (const [phone, expected] of [
      ['138 0013 8000', '+8613800138000'],
      ['+86 138-0013-8000', '+8613800138000'],
      ['+1 415 555 2671', '+14155552671'],
    ] as const) {
      const out = checkCustomerInput({ username: 'alice', phone }, { phoneRequired: true });
      expect(out.ok && out.value.phone, phone).toBe(expected);
    }
  });

  it.each([
    [{ username: 'alice' }, 'InvalidParameter.PhoneNumber'],
    [{ username: 'alice', phone: '12345' }, 'InvalidParameter.PhoneNumber'],
    [{ username: 'al ice', phone: '13800138000' }, 'InvalidParameter.Username'],
    [{ username: 'alice', phone: '13800138000', email: 'nope' }, 'InvalidParameter.Email'],
    [{ username: 'alice', phone: '13800138000', displayName: '' }, 'InvalidParameter.DisplayName'],
  ])('%j is refused with %s when a phone is required', (input, code) => {
    const out = checkCustomerInput(input, { phoneRequired: true });
    expect(out.ok ? 'accepted' : out.error.code).toBe(code);
  });

  it('may come without a phone number when imported', () => {
    expect(checkCustomerInput({ username: 'alice' }, { phoneRequired: false })).toEqual({ ok: true, value: { username: 'alice' } });
  });

  it('starts Enabled, version 1, with the password date only when it has a password', () => {
    const c = customer();
    expect(c).toMatchObject({ status: 'Enabled', version: 1, mustChangePassword: false, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    expect(c.passwordChangedAt).toBeUndefined();
    const withPassword = newCustomer(instanceId, id, { username: 'bob' }, { source: 'Import', now: NOW, password: { changedAt: '2020-01-01T00:00:00.000Z', mustChange: true }, createdAt: '2019-05-05T00:00:00.000Z' });
    expect(withPassword).toMatchObject({ passwordChangedAt: '2020-01-01T00:00:00.000Z', mustChangePassword: true, createdAt: '2019-05-05T00:00:00.000Z', source: 'Import' });
  });
});

describe('changing an account', () => {
  it('changes the phone (normalised), removes e-mail and display name with null, and bumps the version', () => {
    const out = changeCustomer(customer(), { phone: '139 0013 9000', email: null, displayName: null }, LATER);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toMatchObject({ phone: '+8613900139000', version: 2, updatedAt: LATER.toISOString() });
    expect('email' in out.value).toBe(false);
    expect('displayName' in out.value).toBe(false);
  });

  it('keeps fields that are not given', () => {
    const out = changeCustomer(customer(), { displayName: 'Alice Smith' }, LATER);
    expect(out.ok && out.value).toMatchObject({ displayName: 'Alice Smith', phone: '+8613800138000', email: 'alice@example.com' });
  });

  it.each([
    [{ phone: 'not a phone' }, 'InvalidParameter.PhoneNumber'],
    [{ email: 'a@b' }, 'InvalidParameter.Email'],
    [{ displayName: 'x'.repeat(65) }, 'InvalidParameter.DisplayName'],
  ])('refuses %j with %s', (changes, code) => {
    const out = changeCustomer(customer(), changes, LATER);
    expect(out.ok ? 'accepted' : out.error.code).toBe(code);
  });

  it('enables and disables; the same status again is nothing to write', () => {
    const disabled = withStatus(customer(), 'Disabled', LATER);
    expect(disabled).toMatchObject({ status: 'Disabled', version: 2 });
    expect(withStatus(customer(), 'Enabled', LATER)).toBeUndefined();
  });

  it('records a new password: its date and whether it must be changed', () => {
    expect(withNewPassword(customer(), { mustChange: true, now: LATER })).toMatchObject({ passwordChangedAt: LATER.toISOString(), mustChangePassword: true, version: 2 });
  });
});

describe('customer password policy', () => {
  it.each([
    ['12345678', 'alice', true],
    ['correct horse battery staple', 'alice', true],
    ['x'.repeat(128), 'alice', true],
    // Eight code points, though more UTF-16 units.
    ['🔑🔑🔑🔑🔑🔑🔑🔑', 'alice', true],
    ['1234567', 'alice', false],
    ['x'.repeat(129), 'alice', false],
    ['', 'alice', false],
    ['alice.smith', 'alice.smith', false],
    ['Alice.Smith', 'alice.smith', false],
    // Full-width letters are the same password after NFKC, which is what gets hashed.
    ['ａｌｉｃｅ．ｓｍｉｔｈ', 'alice.smith', false],
    ['alice.smith1', 'alice.smith', true],
  ])('%j for %s: %s', (password, username, accepted) => {
    const out = checkCustomerPassword(password, username);
    expect(out.ok).toBe(accepted);
    if (!out.ok) expect(out.error.code).toBe('InvalidParameter.Password');
  });
});

describe('imported password hashes', () => {
  const salt = 'c29tZXNhbHRzb21lc2FsdA';
  const hash = 'Gx0S0zQWxAXn8C1mK1YVb9cZxwN3tmMwYqHWsB0fXt4';
  it.each([
    [`$argon2id$v=19$m=19456,t=2,p=1$${salt}$${hash}`, true],
    [`$argon2id$v=19$m=64,t=1,p=1$${salt}$${hash}`, true],
    [`$argon2id$v=19$m=65536,t=4,p=4$${salt}$${hash}`, true],
    [`$argon2i$v=19$m=19456,t=2,p=1$${salt}$${hash}`, false],
    [`$argon2id$v=16$m=19456,t=2,p=1$${salt}$${hash}`, false],
    [`$2b$12$abcdefghijklmnopqrstuuOeZ6Hb1Ff0b2ZQjJz0f2n9nI0x1Jq6`, false],
    [`$argon2id$v=19$m=4194304,t=2,p=1$${salt}$${hash}`, false],
    [`$argon2id$v=19$m=19456,t=100,p=1$${salt}$${hash}`, false],
    [`$argon2id$v=19$m=65536,t=5,p=1$${salt}$${hash}`, false],
    [`$argon2id$v=19$m=8,t=1,p=2$${salt}$${hash}`, false],
    [`$argon2id$v=19$m=19456,t=2,p=1$${salt}$short`, false],
    [`$argon2id$v=19$m=19456,t=2,p=1$${salt}$${hash}=`, false],
    ['', false],
  ])('%s: %s', (input, accepted) => {
    const out = checkImportedHash(input);
    expect(out.ok).toBe(accepted);
    if (!out.ok) expect(out.error.code).toBe('InvalidParameter.PasswordHash');
  });

  it('starts a credential at version 1 and counts up on replacement', () => {
    const first = credentialWith({ instanceId, id }, 'h1', undefined);
    expect(first).toEqual({ instanceId, customerId: id, hash: 'h1', version: 1 });
    expect(credentialWith({ instanceId, id }, 'h2', first).version).toBe(2);
  });
});
