import { describe, expect, it } from 'vitest';
import { validateAuthorizationRequest, type AuthorizationRequestError } from '../../../../domain/ciam/oidc/authorization-request';
import type { OidcClient } from '../../../../domain/ciam/oidc/client';
import type { RequestParams } from '../../../../domain/ciam/oidc/params';
import { CHALLENGE, confidentialClient, INSTANCE, publicClient } from './fixtures';

const REDIRECT = 'https://app.example.com/callback';
const base = {
  client_id: 'web-app',
  redirect_uri: REDIRECT,
  response_type: 'code',
  scope: 'openid',
  state: 'st-1',
};
const pkce = { code_challenge: CHALLENGE, code_challenge_method: 'S256' };

// Not a default parameter: an explicit undefined (no registered client) must stay undefined.
const validate = (params: RequestParams, ...client: [OidcClient | undefined] | []) =>
  validateAuthorizationRequest({ instanceId: INSTANCE, params, client: client.length === 0 ? confidentialClient : client[0] });

const expectError = (
  out: ReturnType<typeof validate>,
): AuthorizationRequestError => {
  expect(out.ok).toBe(false);
  if (out.ok) throw new Error('unreachable');
  return out.error;
};

describe('authorization request: errors shown on a page, never redirected (RFC 6749 §4.1.2.1)', () => {
  it.each<[string, RequestParams, OidcClient | undefined, string]>([
    ['no client_id', { ...base, client_id: undefined }, undefined, 'invalid_request'],
    ['empty client_id (treated as omitted)', { ...base, client_id: '' }, undefined, 'invalid_request'],
    ['client_id repeated', { ...base, client_id: ['web-app', 'web-app'] }, undefined, 'invalid_request'],
    ['unknown client', { ...base, client_id: 'nobody' }, undefined, 'invalid_client'],
    ['disabled client', base, { ...confidentialClient, enabled: false }, 'invalid_client'],
    ['client of another instance', base, { ...confidentialClient, instanceId: 'ci-2' }, 'invalid_client'],
    ['no redirect_uri (required by OIDC)', { ...base, redirect_uri: undefined }, confidentialClient, 'invalid_request'],
    ['redirect_uri repeated', { ...base, redirect_uri: [REDIRECT, 'https://evil.example/'] }, confidentialClient, 'invalid_request'],
    ['redirect_uri other host', { ...base, redirect_uri: 'https://evil.example/callback' }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri with a suffix path', { ...base, redirect_uri: `${REDIRECT}/evil` }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri that is a prefix', { ...base, redirect_uri: 'https://app.example.com/call' }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri with a trailing slash', { ...base, redirect_uri: `${REDIRECT}/` }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri in another case', { ...base, redirect_uri: 'https://APP.example.com/callback' }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri path in another case', { ...base, redirect_uri: 'https://app.example.com/Callback' }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri with an added query', { ...base, redirect_uri: `${REDIRECT}?next=https://evil.example` }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri with a fragment', { ...base, redirect_uri: `${REDIRECT}#x` }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri with an explicit default port', { ...base, redirect_uri: 'https://app.example.com:443/callback' }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri percent-encoded differently', { ...base, redirect_uri: 'https://app.example.com/%63allback' }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri registered query changed', { ...base, redirect_uri: 'https://app.example.com/cb?tenant=b' }, confidentialClient, 'invalid_redirect_uri'],
    ['redirect_uri of another client', { ...base, redirect_uri: 'http://127.0.0.1:5173/callback' }, confidentialClient, 'invalid_redirect_uri'],
  ])('%s → page %s', (_name, params, client, code) => {
    const e = expectError(validate(params, client));
    expect(e).toEqual({ delivery: 'page', error: { code, message: expect.any(String) } });
  });

  it('is a bug to pass a client other than the requested one', () => {
    expect(() => validate({ ...base, client_id: 'other' })).toThrow();
  });
});

describe('authorization request: errors redirected to the verified redirect_uri with state', () => {
  it.each<[string, RequestParams, OidcClient, string]>([
    ['no response_type', { ...base, response_type: undefined }, confidentialClient, 'invalid_request'],
    ['response_type token', { ...base, response_type: 'token' }, confidentialClient, 'unsupported_response_type'],
    ['response_type code id_token', { ...base, response_type: 'code id_token' }, confidentialClient, 'unsupported_response_type'],
    ['client without the code grant', base, { ...confidentialClient, grantTypes: ['refresh_token'] }, 'unauthorized_client'],
    ['response_mode fragment', { ...base, response_mode: 'fragment' }, confidentialClient, 'invalid_request'],
    ['no scope', { ...base, scope: undefined }, confidentialClient, 'invalid_scope'],
    ['scope without openid', { ...base, scope: 'profile email' }, confidentialClient, 'invalid_scope'],
    ['scope with openid in another case', { ...base, scope: 'OpenID' }, confidentialClient, 'invalid_scope'],
    ['malformed scope token', { ...base, scope: 'openid "quoted"' }, confidentialClient, 'invalid_scope'],
    ['unknown prompt', { ...base, prompt: 'create' }, confidentialClient, 'invalid_request'],
    ['prompt none with login', { ...base, prompt: 'none login' }, confidentialClient, 'invalid_request'],
    ['max_age negative', { ...base, max_age: '-1' }, confidentialClient, 'invalid_request'],
    ['max_age not a number', { ...base, max_age: '1h' }, confidentialClient, 'invalid_request'],
    ['max_age fractional', { ...base, max_age: '1.5' }, confidentialClient, 'invalid_request'],
    ['nonce too long', { ...base, nonce: 'n'.repeat(513) }, confidentialClient, 'invalid_request'],
    ['nonce repeated', { ...base, nonce: ['a', 'b'] }, confidentialClient, 'invalid_request'],
    ['request object', { ...base, request: 'eyJ...' }, confidentialClient, 'request_not_supported'],
    ['request_uri', { ...base, request_uri: 'urn:x' }, confidentialClient, 'request_uri_not_supported'],
    // PKCE, RFC 7636 §4.4.1
    ['PKCE method plain', { ...base, code_challenge: CHALLENGE, code_challenge_method: 'plain' }, confidentialClient, 'invalid_request'],
    ['PKCE challenge without method (defaults to plain)', { ...base, code_challenge: CHALLENGE }, confidentialClient, 'invalid_request'],
    ['PKCE method without challenge', { ...base, code_challenge_method: 'S256' }, confidentialClient, 'invalid_request'],
    ['PKCE method s256 lower case', { ...base, code_challenge: CHALLENGE, code_challenge_method: 's256' }, confidentialClient, 'invalid_request'],
    ['PKCE challenge too short', { ...base, ...pkce, code_challenge: CHALLENGE.slice(1) }, confidentialClient, 'invalid_request'],
    ['PKCE challenge with padding', { ...base, ...pkce, code_challenge: `${CHALLENGE}=` }, confidentialClient, 'invalid_request'],
    ['public client without a challenge', { ...base, client_id: 'spa', redirect_uri: 'http://127.0.0.1:5173/callback' }, publicClient, 'invalid_request'],
    ['public client with plain', { ...base, client_id: 'spa', redirect_uri: 'http://127.0.0.1:5173/callback', code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }, publicClient, 'invalid_request'],
  ])('%s → redirect %s', (_name, params, client, code) => {
    const e = expectError(validate(params, client));
    expect(e).toEqual({
      delivery: 'redirect',
      redirectUri: params['redirect_uri'],
      state: 'st-1',
      error: { code, message: expect.any(String) },
    });
  });

  it('redirects without state when none was sent', () => {
    expect(expectError(validate({ ...base, state: undefined, response_type: 'token' }))).toEqual({
      delivery: 'redirect',
      redirectUri: REDIRECT,
      error: { code: 'unsupported_response_type', message: expect.any(String) },
    });
  });

  it.each<[string, RequestParams]>([
    ['repeated state', { ...base, state: ['a', 'b'] }],
    ['over-long state', { ...base, state: 's'.repeat(2049) }],
  ])('%s: invalid_request, and the state is not echoed', (_name, params) => {
    expect(expectError(validate(params))).toEqual({
      delivery: 'redirect',
      redirectUri: REDIRECT,
      error: { code: 'invalid_request', message: expect.any(String) },
    });
  });
});

describe('authorization request: accepted', () => {
  it('a minimal confidential-client request', () => {
    expect(validate(base)).toEqual({
      ok: true,
      value: { instanceId: INSTANCE, clientId: 'web-app', redirectUri: REDIRECT, responseType: 'code', scope: ['openid'], state: 'st-1', prompt: [] },
    });
  });

  it('carries nonce, PKCE, prompt, max_age and login_hint; drops unknown scopes; ignores unknown parameters', () => {
    const out = validate({
      ...base,
      redirect_uri: 'https://app.example.com/cb?tenant=a',
      scope: 'email  openid custom:read profile openid offline_access phone',
      nonce: 'n-0S6_WzA2Mj',
      ...pkce,
      prompt: 'login consent',
      max_age: '0',
      login_hint: 'ana@example.com',
      id_token_hint: 'ignored',
      ui_locales: 'de',
    });
    expect(out).toEqual({
      ok: true,
      value: {
        instanceId: INSTANCE,
        clientId: 'web-app',
        redirectUri: 'https://app.example.com/cb?tenant=a',
        responseType: 'code',
        scope: ['openid', 'profile', 'email', 'phone', 'offline_access'],
        state: 'st-1',
        nonce: 'n-0S6_WzA2Mj',
        codeChallenge: CHALLENGE,
        prompt: ['login', 'consent'],
        maxAge: 0,
        loginHint: 'ana@example.com',
      },
    });
  });

  it('a public client with S256 PKCE and a native redirect URI', () => {
    const out = validate({ ...base, client_id: 'spa', redirect_uri: 'com.example.app:/oauth2redirect', ...pkce }, publicClient);
    expect(out.ok && out.value.codeChallenge).toBe(CHALLENGE);
  });

  it('drops offline_access for a client without the refresh_token grant (OIDC Core §11)', () => {
    const out = validate(
      { ...base, client_id: 'spa', redirect_uri: 'http://127.0.0.1:5173/callback', scope: 'openid offline_access', ...pkce },
      publicClient,
    );
    expect(out.ok && out.value.scope).toEqual(['openid']);
  });

  it('accepts response_mode=query and a single-element array parameter', () => {
    const out = validate({ ...base, response_mode: 'query', scope: ['openid email'] });
    expect(out.ok && out.value.scope).toEqual(['openid', 'email']);
  });
});
