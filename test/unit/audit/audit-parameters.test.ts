import { describe, expect, it } from 'vitest';
import { auditParameters, REDACTED } from '../../../domain/audit/audit-parameters';

describe('audit parameters', () => {
  it.each([
    ['a password', { userName: 'a', password: 'Secret-1!' }, { userName: 'a', password: REDACTED }],
    ['a new and a current password', { current: 'x', newPassword: 'y' }, { current: 'x', newPassword: REDACTED }],
    ['a client secret', { clientSecret: 's', name: 'app' }, { clientSecret: REDACTED, name: 'app' }],
    ['a token', { scimToken: 't', refresh_token: 'r', id_token: 'i' }, { scimToken: REDACTED, refresh_token: REDACTED, id_token: REDACTED }],
    ['an OTP and a code', { otp: '123456', code: '654321', smsCode: '1' }, { otp: REDACTED, code: REDACTED, smsCode: REDACTED }],
    ['a password hash in an import', { records: [{ username: 'u', passwordHash: '$argon2id$…' }] }, { records: [{ username: 'u', passwordHash: REDACTED }] }],
    ['a SAML response', { SAMLResponse: 'PHNhbWw+' }, { SAMLResponse: REDACTED }],
    ['a private key', { privateKeyPem: '-----BEGIN' }, { privateKeyPem: REDACTED }],
    [
      'a SCIM PATCH of the password',
      { Operations: [{ op: 'replace', path: 'password', value: 'Secret-1!' }, { op: 'replace', path: 'displayName', value: 'Ann' }] },
      { Operations: [{ op: 'replace', path: 'password', value: REDACTED }, { op: 'replace', path: 'displayName', value: 'Ann' }] },
    ],
    ['a SCIM PATCH without a path', { Operations: [{ op: 'replace', value: { password: 'x', active: false } }] }, { Operations: [{ op: 'replace', value: { password: REDACTED, active: false } }] }],
  ])('keeps no %s', (_what, input, expected) => {
    expect(auditParameters(input)).toEqual(expected);
  });

  it('keeps ids and names that look like secrets but are not', () => {
    const kept = { credentialId: 'scimcred-1', keyId: 'AK1', accessConfigurationId: 'ac-1', principalType: 'User', countryCode: '86' };
    expect(auditParameters(kept)).toEqual(kept);
  });

  it('bounds long strings, long lists and deep nesting', () => {
    const out = auditParameters({ s: 'x'.repeat(1000), list: Array.from({ length: 50 }, (_, i) => i), deep: { a: { b: { c: { d: { e: 1 } } } } } });
    expect((out.s as string).length).toBe(257);
    expect(out.list).toHaveLength(21);
    expect((out.list as unknown[])[20]).toBe('… 30 more');
    expect(out.deep).toEqual({ a: { b: { c: '{…}' } } });
  });
});
