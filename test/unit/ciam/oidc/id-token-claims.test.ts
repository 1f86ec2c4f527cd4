import { describe, expect, it } from 'vitest';
import {
  accessTokenHash,
  idTokenClaims,
  scopedClaims,
  userInfoClaims,
  type CustomerProfile,
  type ScopedClaims,
} from '../../../../domain/ciam/oidc/id-token-claims';
import type { Scope } from '../../../../domain/ciam/oidc/scope';
import { confidentialClient, ISSUER, NOW, NOW_S, sha256 } from './fixtures';

const profile: CustomerProfile = {
  sub: 'acct-1',
  preferredUsername: 'ana',
  name: 'Ana Silva',
  email: 'ana@example.com',
  emailVerified: true,
  phoneNumber: '+4915112345678',
  phoneNumberVerified: false,
};

describe('claims by scope (OIDC Core §5.4)', () => {
  it.each<[string, CustomerProfile, readonly Scope[], ScopedClaims]>([
    ['openid only', profile, ['openid'], {}],
    ['offline_access releases nothing', profile, ['openid', 'offline_access'], {}],
    ['profile', profile, ['openid', 'profile'], { preferred_username: 'ana', name: 'Ana Silva' }],
    ['email', profile, ['openid', 'email'], { email: 'ana@example.com', email_verified: true }],
    ['phone', profile, ['openid', 'phone'], { phone_number: '+4915112345678', phone_number_verified: false }],
    [
      'all',
      profile,
      ['openid', 'profile', 'email', 'phone'],
      { preferred_username: 'ana', name: 'Ana Silva', email: 'ana@example.com', email_verified: true, phone_number: '+4915112345678', phone_number_verified: false },
    ],
    ['email scope, no email: nothing', { sub: 'acct-2', emailVerified: true }, ['openid', 'email'], {}],
    ['email without a verified flag', { sub: 'acct-2', email: 'b@example.com' }, ['openid', 'email'], { email: 'b@example.com' }],
    ['profile scope, only a name', { sub: 'acct-2', name: 'B' }, ['openid', 'profile'], { name: 'B' }],
  ])('%s', (_name, p, scope, expected) => {
    expect(scopedClaims(p, scope)).toEqual(expected);
  });

  it('userinfo always has sub (OIDC Core §5.3.2)', () => {
    expect(userInfoClaims(profile, ['openid'])).toEqual({ sub: 'acct-1' });
    expect(userInfoClaims(profile, ['openid', 'email'])).toEqual({ sub: 'acct-1', email: 'ana@example.com', email_verified: true });
  });
});

describe('at_hash (OIDC Core §3.1.3.6)', () => {
  it('matches the OIDC Core example value', () => {
    expect(accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', sha256)).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });
});

describe('ID token claims (OIDC Core §2)', () => {
  const base = { issuer: ISSUER, client: confidentialClient, profile, authTime: NOW_S - 30, now: new Date(NOW.getTime() + 400), sha256 };

  it('with nonce and access token', () => {
    expect(idTokenClaims({ ...base, scope: ['openid', 'email'], nonce: 'n-1', accessToken: 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y' })).toEqual({
      iss: ISSUER,
      sub: 'acct-1',
      aud: 'web-app',
      iat: NOW_S,
      exp: NOW_S + 300,
      auth_time: NOW_S - 30,
      nonce: 'n-1',
      at_hash: '77QmUPtjPfzWtF2AnpK9RQ',
      email: 'ana@example.com',
      email_verified: true,
    });
  });

  it('without nonce or access token, those claims are absent', () => {
    const claims = idTokenClaims({ ...base, scope: ['openid'] });
    expect(claims).toEqual({ iss: ISSUER, sub: 'acct-1', aud: 'web-app', iat: NOW_S, exp: NOW_S + 300, auth_time: NOW_S - 30 });
    expect(Object.keys(claims)).not.toContain('nonce');
  });

  it('needs the openid scope', () => {
    expect(() => idTokenClaims({ ...base, scope: ['email'] })).toThrow();
  });
});
