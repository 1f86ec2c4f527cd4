import { describe, expect, it } from 'vitest';
import type { OidcClient } from '../../../../domain/ciam/oidc/client';
import type { RequestParams } from '../../../../domain/ciam/oidc/params';
import { validateTokenRequest, type TokenRequest } from '../../../../domain/ciam/oidc/token-request';
import { confidentialClient, publicClient, VERIFIER } from './fixtures';

const codeParams = { grant_type: 'authorization_code', code: 'c-1', redirect_uri: 'https://app.example.com/callback' };

describe('token request validation (RFC 6749 §4.1.3, §6, §5.2)', () => {
  it.each<[string, RequestParams, OidcClient, TokenRequest]>([
    ['authorization_code', codeParams, confidentialClient, { grantType: 'authorization_code', code: 'c-1', redirectUri: 'https://app.example.com/callback' }],
    [
      'authorization_code with a verifier',
      { ...codeParams, code_verifier: VERIFIER },
      publicClient,
      { grantType: 'authorization_code', code: 'c-1', redirectUri: 'https://app.example.com/callback', codeVerifier: VERIFIER },
    ],
    ['refresh_token', { grant_type: 'refresh_token', refresh_token: 'r-1' }, confidentialClient, { grantType: 'refresh_token', refreshToken: 'r-1' }],
    [
      'refresh_token with a narrower scope',
      { grant_type: 'refresh_token', refresh_token: 'r-1', scope: 'email openid' },
      confidentialClient,
      { grantType: 'refresh_token', refreshToken: 'r-1', scope: ['openid', 'email'] },
    ],
    ['refresh_token with an empty scope (omitted)', { grant_type: 'refresh_token', refresh_token: 'r-1', scope: '' }, confidentialClient, { grantType: 'refresh_token', refreshToken: 'r-1' }],
  ])('accepts %s', (_name, params, client, expected) => {
    expect(validateTokenRequest(params, client)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, RequestParams, OidcClient, string]>([
    ['no grant_type', { code: 'c-1' }, confidentialClient, 'invalid_request'],
    ['grant_type repeated', { ...codeParams, grant_type: ['authorization_code', 'refresh_token'] }, confidentialClient, 'invalid_request'],
    ['unknown grant type', { grant_type: 'urn:example:magic' }, confidentialClient, 'unsupported_grant_type'],
    ['password grant', { grant_type: 'password', username: 'a', password: 'b' }, confidentialClient, 'unsupported_grant_type'],
    ['client_credentials grant', { grant_type: 'client_credentials' }, confidentialClient, 'unsupported_grant_type'],
    ['grant type in another case', { ...codeParams, grant_type: 'Authorization_Code' }, confidentialClient, 'unsupported_grant_type'],
    ['refresh_token for a client without that grant', { grant_type: 'refresh_token', refresh_token: 'r-1' }, publicClient, 'unauthorized_client'],
    ['authorization_code for a client without that grant', codeParams, { ...confidentialClient, grantTypes: ['refresh_token'] }, 'unauthorized_client'],
    ['code missing', { ...codeParams, code: undefined }, confidentialClient, 'invalid_request'],
    ['redirect_uri missing', { ...codeParams, redirect_uri: undefined }, confidentialClient, 'invalid_request'],
    ['code repeated', { ...codeParams, code: ['c-1', 'c-2'] }, confidentialClient, 'invalid_request'],
    ['malformed code_verifier', { ...codeParams, code_verifier: 'short' }, confidentialClient, 'invalid_request'],
    ['refresh_token missing', { grant_type: 'refresh_token' }, confidentialClient, 'invalid_request'],
    ['refresh scope with an unknown value', { grant_type: 'refresh_token', refresh_token: 'r-1', scope: 'openid admin' }, confidentialClient, 'invalid_scope'],
    ['refresh scope malformed', { grant_type: 'refresh_token', refresh_token: 'r-1', scope: 'openid \\x' }, confidentialClient, 'invalid_scope'],
  ])('refuses %s → %s', (_name, params, client, code) => {
    expect(validateTokenRequest(params, client)).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  });
});
