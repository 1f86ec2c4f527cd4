import { describe, expect, it } from 'vitest';
import { codeRedirectUrl, errorRedirectUrl } from '../../../../domain/ciam/oidc/authorization-response';
import { oauthError } from '../../../../domain/ciam/oidc/errors';
import { ISSUER } from './fixtures';

const iss = encodeURIComponent(ISSUER);

describe('authorization responses (RFC 6749 §4.1.2, RFC 9207 §2)', () => {
  it.each<[string, Parameters<typeof codeRedirectUrl>[0], string]>([
    ['code, state and iss', { redirectUri: 'https://app.example.com/callback', code: 'c1', state: 'xyz', issuer: ISSUER }, `https://app.example.com/callback?code=c1&state=xyz&iss=${iss}`],
    ['no state', { redirectUri: 'https://app.example.com/callback', code: 'c1', issuer: ISSUER }, `https://app.example.com/callback?code=c1&iss=${iss}`],
    ['registered query kept as registered', { redirectUri: 'https://app.example.com/cb?tenant=a;b', code: 'c1', issuer: ISSUER }, `https://app.example.com/cb?tenant=a;b&code=c1&iss=${iss}`],
    ['native app URI', { redirectUri: 'com.example.app:/oauth2redirect', code: 'c1', state: 's=1&x', issuer: ISSUER }, `com.example.app:/oauth2redirect?code=c1&state=s%3D1%26x&iss=${iss}`],
  ])('%s', (_name, input, expected) => {
    expect(codeRedirectUrl(input)).toBe(expected);
  });

  it('an error with description, state and iss', () => {
    expect(
      errorRedirectUrl({ redirectUri: 'https://app.example.com/callback', error: oauthError('login_required', 'The user is not signed in.'), state: 'xyz', issuer: ISSUER }),
    ).toBe(`https://app.example.com/callback?error=login_required&error_description=The+user+is+not+signed+in.&state=xyz&iss=${iss}`);
  });
});
