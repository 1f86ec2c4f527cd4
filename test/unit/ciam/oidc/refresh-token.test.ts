import { describe, expect, it } from 'vitest';
import type { Grant } from '../../../../domain/ciam/oidc/grant';
import {
  issuesRefreshToken,
  REFRESH_TOKEN_IDLE_SECONDS,
  revokeFamily,
  rotateRefreshToken,
  startRefreshFamily,
  type RefreshTokenRecord,
} from '../../../../domain/ciam/oidc/refresh-token';
import type { Scope } from '../../../../domain/ciam/oidc/scope';
import { at, confidentialClient, INSTANCE, NOW, NOW_S, publicClient } from './fixtures';

const DAY = 24 * 3600;
const grant: Grant = {
  instanceId: INSTANCE,
  grantId: 'g-1',
  clientId: 'web-app',
  accountId: 'acct-1',
  scope: ['openid', 'email', 'offline_access'],
  nonce: 'n-1',
  authTime: NOW_S - 5,
};
const first = startRefreshFamily({ tokenHash: 'rt-1', grant, client: confidentialClient, now: NOW });
const rotate = (token: RefreshTokenRecord | undefined, now: Date, extra: { clientId?: string; instanceId?: string; requestedScope?: readonly Scope[] } = {}) =>
  rotateRefreshToken(token, { instanceId: extra.instanceId ?? INSTANCE, clientId: extra.clientId ?? 'web-app', newTokenHash: 'rt-next', now, ...(extra.requestedScope === undefined ? {} : { requestedScope: extra.requestedScope }) });

describe('whether a refresh token is issued (OIDC Core §11)', () => {
  it.each<[string, Parameters<typeof issuesRefreshToken>[0], readonly Scope[], boolean]>([
    ['offline_access and the refresh_token grant', confidentialClient, ['openid', 'offline_access'], true],
    ['no offline_access', confidentialClient, ['openid', 'email'], false],
    ['offline_access but no refresh_token grant', publicClient, ['openid', 'offline_access'], false],
  ])('%s → %s', (_name, client, scope, expected) => {
    expect(issuesRefreshToken(client, scope)).toBe(expected);
  });

  it('starting a family for a grant without offline_access is a bug', () => {
    expect(() => startRefreshFamily({ tokenHash: 'x', grant: { ...grant, scope: ['openid'] }, client: confidentialClient, now: NOW })).toThrow();
  });
});

describe('a refresh token family', () => {
  it('starts with the absolute family expiry from the client and an idle expiry per token', () => {
    expect(first).toEqual({
      tokenHash: 'rt-1',
      instanceId: INSTANCE,
      clientId: 'web-app',
      grantId: 'g-1',
      accountId: 'acct-1',
      scope: ['openid', 'email', 'offline_access'],
      authTime: NOW_S - 5,
      issuedAt: NOW.toISOString(),
      expiresAt: at(REFRESH_TOKEN_IDLE_SECONDS).toISOString(),
      familyExpiresAt: at(90 * DAY).toISOString(),
    });
  });

  it('a token never outlives its family', () => {
    const short = startRefreshFamily({ tokenHash: 'rt-s', grant, client: { ...confidentialClient, refreshTokenSeconds: 3600 }, now: NOW });
    expect(short.expiresAt).toBe(at(3600).toISOString());
    expect(short.familyExpiresAt).toBe(at(3600).toISOString());
  });

  it('rotates: the presented token is marked used, a successor is issued in the same family', () => {
    const out = rotate(first, at(DAY));
    expect(out).toEqual({
      ok: true,
      value: {
        used: { ...first, usedAt: at(DAY).toISOString() },
        next: {
          ...first,
          tokenHash: 'rt-next',
          issuedAt: at(DAY).toISOString(),
          expiresAt: at(DAY + REFRESH_TOKEN_IDLE_SECONDS).toISOString(),
        },
        // No nonce on a refresh (OIDC Core §12.2); auth_time stays the original authentication's.
        grant: { instanceId: INSTANCE, grantId: 'g-1', clientId: 'web-app', accountId: 'acct-1', scope: grant.scope, authTime: NOW_S - 5 },
      },
    });
  });

  it('rotation never extends the family: the last token expires with it', () => {
    // A token rotated on day 70 (its idle window reaches past the family's end).
    const day70: RefreshTokenRecord = { ...first, issuedAt: at(70 * DAY).toISOString(), expiresAt: at(90 * DAY).toISOString() };
    const late = rotate(day70, at(80 * DAY));
    expect(late.ok && late.value.next.expiresAt).toBe(at(90 * DAY).toISOString());
    expect(late.ok && late.value.next.familyExpiresAt).toBe(first.familyExpiresAt);
  });

  it('a narrower requested scope applies to the access token, the family keeps the granted scope', () => {
    const out = rotate(first, at(1), { requestedScope: ['openid'] });
    expect(out.ok && out.value.grant.scope).toEqual(['openid']);
    expect(out.ok && out.value.next.scope).toEqual(grant.scope);
  });

  it('a chain of rotations stays in the family', () => {
    const one = rotate(first, at(10));
    if (!one.ok) throw new Error('first rotation failed');
    const two = rotateRefreshToken(one.value.next, { instanceId: INSTANCE, clientId: 'web-app', newTokenHash: 'rt-3', now: at(20) });
    expect(two.ok && two.value.next).toMatchObject({ tokenHash: 'rt-3', grantId: 'g-1', familyExpiresAt: first.familyExpiresAt });
  });
});

describe('refresh token reuse revokes the whole family (RFC 6819 §5.2.2.3, RFC 9700 §4.14.2)', () => {
  const used: RefreshTokenRecord = { ...first, usedAt: at(10).toISOString() };
  const revocation = { instanceId: INSTANCE, grantId: 'g-1', clientId: 'web-app', reason: 'refresh-token-reuse' };

  it.each<[string, Date, { clientId?: string }]>([
    ['by the same client', at(20), {}],
    ['by another client', at(20), { clientId: 'spa' }],
    ['after the token would have expired', at(REFRESH_TOKEN_IDLE_SECONDS + 10), {}],
  ])('a used token presented again %s → invalid_grant and revoke the family', (_name, now, extra) => {
    expect(rotate(used, now, extra)).toEqual({ ok: false, error: { code: 'invalid_grant', message: expect.any(String), revoke: revocation } });
  });

  it('revoking marks every token of the family, once', () => {
    const revoked = revokeFamily([used, first, { ...first, tokenHash: 'old', revokedAt: at(1).toISOString() }], at(30));
    expect(revoked.map((t) => t.revokedAt)).toEqual([at(30).toISOString(), at(30).toISOString(), at(1).toISOString()]);
  });

  it('a token of a revoked family is refused without a second instruction', () => {
    const [revokedFirst] = revokeFamily([first], at(30));
    expect(rotate(revokedFirst, at(31))).toEqual({ ok: false, error: { code: 'invalid_grant', message: expect.any(String) } });
  });
});

describe('refresh token refused', () => {
  it.each<[string, RefreshTokenRecord | undefined, Date, { clientId?: string; instanceId?: string; requestedScope?: readonly Scope[] }, string]>([
    ['unknown token', undefined, at(1), {}, 'invalid_grant'],
    ['token of another instance', first, at(1), { instanceId: 'ci-2' }, 'invalid_grant'],
    ['token of another client', first, at(1), { clientId: 'spa' }, 'invalid_grant'],
    ['idle too long', first, at(REFRESH_TOKEN_IDLE_SECONDS), {}, 'invalid_grant'],
    ['family expired', { ...first, expiresAt: at(100 * DAY).toISOString() }, at(90 * DAY), {}, 'invalid_grant'],
    ['scope wider than granted', first, at(1), { requestedScope: ['openid', 'phone'] }, 'invalid_scope'],
  ])('%s → %s', (_name, token, now, extra, code) => {
    expect(rotate(token, now, extra)).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  });
});
