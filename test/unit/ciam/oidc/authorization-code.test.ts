import { describe, expect, it } from 'vitest';
import {
  AUTHORIZATION_CODE_SECONDS,
  issueAuthorizationCode,
  redeemAuthorizationCode,
  type AuthorizationCodeRecord,
  type PresentedCode,
} from '../../../../domain/ciam/oidc/authorization-code';
import type { AuthorizationRequest } from '../../../../domain/ciam/oidc/authorization-request';
import { at, CHALLENGE, INSTANCE, NOW, NOW_S, sha256, VERIFIER } from './fixtures';

const request: AuthorizationRequest = {
  instanceId: INSTANCE,
  clientId: 'web-app',
  redirectUri: 'https://app.example.com/callback',
  responseType: 'code',
  scope: ['openid', 'email', 'offline_access'],
  state: 'st-1',
  nonce: 'n-1',
  codeChallenge: CHALLENGE,
  prompt: [],
};

const withPkce = issueAuthorizationCode({ codeHash: 'h-1', grantId: 'g-1', request, accountId: 'acct-1', authTime: NOW_S - 5, now: NOW });
const { codeChallenge: _c, ...requestWithoutPkce } = request;
const withoutPkce = issueAuthorizationCode({ codeHash: 'h-2', grantId: 'g-2', request: requestWithoutPkce, accountId: 'acct-1', authTime: NOW_S - 5, now: NOW });

const presented: PresentedCode = { instanceId: INSTANCE, clientId: 'web-app', redirectUri: request.redirectUri, codeVerifier: VERIFIER };
const { codeVerifier: _v, ...presentedWithoutVerifier } = presented;

describe('issuing an authorization code', () => {
  it('records the request, the account and a 60 s expiry', () => {
    expect(withPkce).toEqual({
      codeHash: 'h-1',
      instanceId: INSTANCE,
      clientId: 'web-app',
      grantId: 'g-1',
      redirectUri: 'https://app.example.com/callback',
      accountId: 'acct-1',
      scope: ['openid', 'email', 'offline_access'],
      nonce: 'n-1',
      codeChallenge: CHALLENGE,
      authTime: NOW_S - 5,
      issuedAt: NOW.toISOString(),
      expiresAt: at(AUTHORIZATION_CODE_SECONDS).toISOString(),
    });
    expect(AUTHORIZATION_CODE_SECONDS).toBe(60);
    expect(withoutPkce).not.toHaveProperty('codeChallenge');
  });
});

describe('redeeming an authorization code: refused with invalid_grant', () => {
  it.each<[string, AuthorizationCodeRecord | undefined, PresentedCode, Date]>([
    ['unknown code', undefined, presented, at(1)],
    ['code of another instance', withPkce, { ...presented, instanceId: 'ci-2' }, at(1)],
    ['code issued to another client', withPkce, { ...presented, clientId: 'spa' }, at(1)],
    ['expired code (at expiry)', withPkce, presented, at(60)],
    ['expired code (after expiry)', withPkce, presented, at(3600)],
    ['redirect_uri differs', withPkce, { ...presented, redirectUri: 'https://app.example.com/callback/' }, at(1)],
    ['redirect_uri of the other registered URI', withPkce, { ...presented, redirectUri: 'https://app.example.com/cb?tenant=a' }, at(1)],
    ['PKCE verifier missing', withPkce, presentedWithoutVerifier, at(1)],
    ['PKCE verifier mismatch', withPkce, { ...presented, codeVerifier: `${VERIFIER.slice(0, -1)}l` }, at(1)],
    ['PKCE challenge replayed as verifier (plain downgrade)', withPkce, { ...presented, codeVerifier: CHALLENGE }, at(1)],
    ['verifier sent but no challenge stored (RFC 9700 §4.8.2)', withoutPkce, presented, at(1)],
  ])('%s', (_name, code, p, now) => {
    const out = redeemAuthorizationCode(code, p, now, sha256);
    expect(out).toEqual({ ok: false, error: { code: 'invalid_grant', message: expect.any(String) } });
  });
});

describe('redeeming an authorization code: single use (RFC 6749 §4.1.2)', () => {
  it('the first redemption consumes the code and yields the grant', () => {
    const out = redeemAuthorizationCode(withPkce, presented, at(59), sha256);
    expect(out).toEqual({
      ok: true,
      value: {
        consumed: { ...withPkce, consumedAt: at(59).toISOString() },
        grant: {
          instanceId: INSTANCE,
          grantId: 'g-1',
          clientId: 'web-app',
          accountId: 'acct-1',
          scope: ['openid', 'email', 'offline_access'],
          nonce: 'n-1',
          authTime: NOW_S - 5,
        },
      },
    });
  });

  it('a code without PKCE redeems without a verifier', () => {
    const out = redeemAuthorizationCode(withoutPkce, presentedWithoutVerifier, at(1), sha256);
    expect(out.ok && out.value.grant.grantId).toBe('g-2');
  });

  const consumed: AuthorizationCodeRecord = { ...withPkce, consumedAt: at(1).toISOString() };
  it.each<[string, PresentedCode, Date]>([
    ['by the same client', presented, at(2)],
    ['by another client', { ...presented, clientId: 'spa' }, at(2)],
    ['without the verifier', presentedWithoutVerifier, at(2)],
    ['after expiry', presented, at(600)],
  ])('a second redemption %s is invalid_grant with an instruction to revoke the grant', (_name, p, now) => {
    expect(redeemAuthorizationCode(consumed, p, now, sha256)).toEqual({
      ok: false,
      error: {
        code: 'invalid_grant',
        message: expect.any(String),
        revoke: { instanceId: INSTANCE, grantId: 'g-1', clientId: 'web-app', reason: 'authorization-code-reuse' },
      },
    });
  });

  it('a failed redemption does not consume the code', () => {
    const failed = redeemAuthorizationCode(withPkce, { ...presented, codeVerifier: 'x'.repeat(43) }, at(1), sha256);
    expect(failed.ok).toBe(false);
    expect(redeemAuthorizationCode(withPkce, presented, at(2), sha256).ok).toBe(true);
  });
});
