import { describe, expect, it } from 'vitest';
import { OAUTH_ERROR_STATUS, oauthError, oauthErrorResponse, type OAuthErrorCode } from '../../../../domain/ciam/oidc/errors';
import { ISSUER } from './fixtures';

describe('OAuth errors (RFC 6749 §5.2)', () => {
  it.each<[OAuthErrorCode, number]>([
    ['invalid_request', 400],
    ['invalid_client', 401],
    ['invalid_grant', 400],
    ['unauthorized_client', 400],
    ['unsupported_grant_type', 400],
    ['invalid_scope', 400],
    ['server_error', 500],
  ])('%s → %i', (code, status) => {
    expect(OAUTH_ERROR_STATUS[code]).toBe(status);
  });

  it('invalid_client carries a Basic challenge', () => {
    expect(oauthErrorResponse(oauthError('invalid_client', 'Client authentication failed.'), ISSUER)).toEqual({
      status: 401,
      headers: { 'cache-control': 'no-store', 'www-authenticate': `Basic realm="${ISSUER}", charset="UTF-8"` },
      body: { error: 'invalid_client', error_description: 'Client authentication failed.' },
    });
  });

  it('other errors carry no challenge', () => {
    expect(oauthErrorResponse(oauthError('invalid_grant', 'The authorization code has expired.'), ISSUER)).toEqual({
      status: 400,
      headers: { 'cache-control': 'no-store' },
      body: { error: 'invalid_grant', error_description: 'The authorization code has expired.' },
    });
  });

  it.each(['say "hi"', 'back\\slash', 'line\nbreak', 'non-ASCII é', 'section §3'])('a description outside the grammar is a bug: %s', (d) => {
    expect(() => oauthError('invalid_request', d)).toThrow();
  });
});
