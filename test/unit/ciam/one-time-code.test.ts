import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacCodeHasher } from '../../../adapters/crypto/hmac-code-hasher';
import { sameHash } from '../../../domain/ciam/code-hasher';
import {
  codeHashContext,
  codeMessage,
  issueCode,
  MAX_CODE_ATTEMPTS,
  resendWaitSeconds,
  verifyAttempt,
  type CodeKey,
  type OneTimeCode,
} from '../../../domain/ciam/one-time-code';
import type { E164 } from '../../../domain/ciam/phone-number';
import type { InstanceId } from '../../../domain/shared/ids';

const hasher = new HmacCodeHasher('unit-test-key-unit-test-key-unit-test-key');
const now = new Date('2030-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const key: CodeKey = { instanceId: 'idaas_a' as InstanceId, phone: '+8613800138000' as E164, purpose: 'Logon' };
const code = issueCode(key, '004217', hasher, now);

describe('issueCode', () => {
  it('keeps only a keyed hash of the digits, valid 5 minutes, resendable after 60 s, no attempts', () => {
    expect(code).toEqual({
      ...key,
      codeHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      issuedAt: '2030-01-01T10:00:00.000Z',
      expiresAt: '2030-01-01T10:05:00.000Z',
      resendAfter: '2030-01-01T10:01:00.000Z',
      attempts: 0,
    });
    expect(JSON.stringify(code)).not.toContain('004217');
    // Not a plain hash, which anyone could reverse by hashing the 10^6 possible codes.
    expect(code.codeHash).not.toBe(createHash('sha256').update('004217').digest('hex'));
  });

  it('hashes the same digits differently for another key or issue time', () => {
    const hashes = new Set([
      code.codeHash,
      issueCode({ ...key, purpose: 'Register' }, '004217', hasher, now).codeHash,
      issueCode({ ...key, instanceId: 'idaas_b' as InstanceId }, '004217', hasher, now).codeHash,
      issueCode({ ...key, phone: '+8613800138001' as E164 }, '004217', hasher, now).codeHash,
      issueCode(key, '004217', hasher, at(1)).codeHash,
    ]);
    expect(hashes.size).toBe(5);
    expect(codeHashContext(key, code.issuedAt)).toContain(key.instanceId);
  });

  it.each(['12345', '1234567', '12345a', ' 123456', ''])('throws on generator output %j (a bug)', (digits) => {
    expect(() => issueCode(key, digits, hasher, now)).toThrow(/six digits/);
  });
});

describe('resendWaitSeconds (60 s cooldown)', () => {
  it.each([
    [undefined, 0, 0],
    [code, 0, 60],
    [code, 0.5, 60], // rounded up: a client told "0" would ask too early
    [code, 59, 1],
    [code, 59.999, 1],
    [code, 60, 0],
    [code, 400, 0],
  ] as const)('current %#, %s s later → wait %s s', (current, after, wait) => {
    expect(resendWaitSeconds(current, at(after))).toBe(wait);
  });
});

describe('verifyAttempt', () => {
  const tried = (attempts: number): OneTimeCode => ({ ...code, attempts });
  it.each([
    ['right code', code, '004217', 0, { outcome: 'Accepted' }],
    ['right code, full-width and padded', code, ' ００４２１７ ', 0, { outcome: 'Accepted' }],
    ['right code on the last try', tried(MAX_CODE_ATTEMPTS - 1), '004217', 0, { outcome: 'Accepted' }],
    ['right code just before expiry', code, '004217', 299.999, { outcome: 'Accepted' }],
    ['wrong code, first try', code, '004218', 0, { outcome: 'Wrong', attemptsLeft: 4 }],
    ['wrong code, fifth try', tried(4), '000000', 0, { outcome: 'Wrong', attemptsLeft: 0 }],
    ['leading zeros matter', code, '4217', 0, { outcome: 'Wrong', attemptsLeft: 4 }],
    ['malformed', code, '00421x', 0, { outcome: 'Wrong', attemptsLeft: 4 }],
    ['empty', code, '', 0, { outcome: 'Wrong', attemptsLeft: 4 }],
    ['right code after 5 tries', tried(MAX_CODE_ATTEMPTS), '004217', 0, { outcome: 'TooManyAttempts' }],
    ['right code at expiry', code, '004217', 300, { outcome: 'Expired' }],
    ['expired and spent', tried(MAX_CODE_ATTEMPTS), '004217', 301, { outcome: 'Expired' }],
  ] as const)('%s', (_name, stored, attempt, after, expected) => {
    expect(verifyAttempt(stored, attempt, hasher, at(after))).toEqual(expected);
  });

  it('refuses a code hashed under another hashing key (the table alone is not enough)', () => {
    const other = new HmacCodeHasher('another-key-another-key-another-key-xx');
    expect(verifyAttempt(code, '004217', other, now)).toEqual({ outcome: 'Wrong', attemptsLeft: 4 });
  });
});

describe('sameHash', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['', '', true],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameHash(a, b)).toBe(expected);
  });
});

describe('codeMessage', () => {
  it.each([
    ['123456', undefined, 'Your verification code is 123456. It expires in 5 minutes. Do not share it with anyone.'],
    ['123456', 'Acme Shop', '[Acme Shop] Your verification code is 123456. It expires in 5 minutes. Do not share it with anyone.'],
    ['123456', '  ', 'Your verification code is 123456. It expires in 5 minutes. Do not share it with anyone.'],
  ])('%s with app %j', (digits, app, text) => {
    expect(codeMessage(digits, app)).toBe(text);
  });
});
