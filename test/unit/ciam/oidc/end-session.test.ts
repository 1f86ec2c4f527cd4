import { describe, expect, it } from 'vitest';
import type { OidcClient } from '../../../../domain/ciam/oidc/client';
import {
  endSessionClientId,
  postLogoutRedirectUrl,
  validateEndSessionRequest,
  type EndSessionRequest,
  type IdTokenHint,
} from '../../../../domain/ciam/oidc/end-session';
import type { RequestParams } from '../../../../domain/ciam/oidc/params';
import { confidentialClient, INSTANCE } from './fixtures';

const SIGNED_OUT = 'https://app.example.com/signed-out';
const hint: IdTokenHint = { aud: 'web-app', sub: 'acct-1' };

const run = (params: RequestParams, h: IdTokenHint | 'unverifiable' | undefined, client: OidcClient | undefined) =>
  validateEndSessionRequest({ instanceId: INSTANCE, params, hint: h, client });

describe('which client an end-session request names', () => {
  it.each<[string, RequestParams, IdTokenHint | 'unverifiable' | undefined, string | undefined]>([
    ['the hint audience', { id_token_hint: 'jwt' }, hint, 'web-app'],
    ['client_id', { client_id: 'web-app' }, undefined, 'web-app'],
    ['both, the same', { id_token_hint: 'jwt', client_id: 'web-app' }, hint, 'web-app'],
    ['none', {}, undefined, undefined],
  ])('%s', (_name, params, h, expected) => {
    expect(endSessionClientId(params, h)).toEqual({ ok: true, value: expected });
  });

  it('client_id that differs from the hint audience is invalid_request', () => {
    expect(endSessionClientId({ id_token_hint: 'jwt', client_id: 'spa' }, hint)).toEqual({
      ok: false,
      error: { code: 'invalid_request', message: expect.any(String) },
    });
  });
});

describe('RP-initiated logout: accepted', () => {
  it.each<[string, RequestParams, IdTokenHint | undefined, OidcClient | undefined, EndSessionRequest]>([
    ['nothing: confirm, no redirect', {}, undefined, undefined, { instanceId: INSTANCE, confirm: true }],
    ['state alone is dropped', { state: 's' }, undefined, undefined, { instanceId: INSTANCE, confirm: true }],
    [
      'hint and registered post_logout_redirect_uri with state',
      { id_token_hint: 'jwt', post_logout_redirect_uri: SIGNED_OUT, state: 'st' },
      hint,
      confidentialClient,
      { instanceId: INSTANCE, clientId: 'web-app', postLogoutRedirectUri: SIGNED_OUT, state: 'st', hintSubject: 'acct-1', confirm: false },
    ],
    [
      'client_id and registered post_logout_redirect_uri: redirect, but confirm first',
      { client_id: 'web-app', post_logout_redirect_uri: SIGNED_OUT },
      undefined,
      confidentialClient,
      { instanceId: INSTANCE, clientId: 'web-app', postLogoutRedirectUri: SIGNED_OUT, confirm: true },
    ],
    [
      'hint without post_logout_redirect_uri: state dropped',
      { id_token_hint: 'jwt', state: 'st' },
      hint,
      confidentialClient,
      { instanceId: INSTANCE, clientId: 'web-app', hintSubject: 'acct-1', confirm: false },
    ],
  ])('%s', (_name, params, h, client, expected) => {
    expect(run(params, h, client)).toEqual({ ok: true, value: expected });
  });
});

describe('RP-initiated logout: refused on a page, never redirected (§4)', () => {
  it.each<[string, RequestParams, IdTokenHint | 'unverifiable' | undefined, OidcClient | undefined, string]>([
    ['unverifiable hint', { id_token_hint: 'forged', post_logout_redirect_uri: SIGNED_OUT }, 'unverifiable', undefined, 'invalid_request'],
    ['post_logout_redirect_uri without hint or client_id', { post_logout_redirect_uri: SIGNED_OUT }, undefined, undefined, 'invalid_request'],
    ['unregistered post_logout_redirect_uri', { id_token_hint: 'jwt', post_logout_redirect_uri: 'https://evil.example/' }, hint, confidentialClient, 'invalid_request'],
    ['post_logout_redirect_uri with a trailing slash', { id_token_hint: 'jwt', post_logout_redirect_uri: `${SIGNED_OUT}/` }, hint, confidentialClient, 'invalid_request'],
    ['post_logout_redirect_uri prefix', { id_token_hint: 'jwt', post_logout_redirect_uri: 'https://app.example.com/signed' }, hint, confidentialClient, 'invalid_request'],
    ['post_logout_redirect_uri in another case', { id_token_hint: 'jwt', post_logout_redirect_uri: SIGNED_OUT.toUpperCase() }, hint, confidentialClient, 'invalid_request'],
    ['a login redirect URI used as post-logout URI', { id_token_hint: 'jwt', post_logout_redirect_uri: 'https://app.example.com/callback' }, hint, confidentialClient, 'invalid_request'],
    ['client_id differs from the hint audience', { id_token_hint: 'jwt', client_id: 'spa' }, hint, undefined, 'invalid_request'],
    ['unknown client', { client_id: 'nobody', post_logout_redirect_uri: SIGNED_OUT }, undefined, undefined, 'invalid_client'],
    ['disabled client', { client_id: 'web-app', post_logout_redirect_uri: SIGNED_OUT }, undefined, { ...confidentialClient, enabled: false }, 'invalid_client'],
    ['client of another instance', { client_id: 'web-app' }, undefined, { ...confidentialClient, instanceId: 'ci-2' }, 'invalid_client'],
    ['post_logout_redirect_uri repeated', { client_id: 'web-app', post_logout_redirect_uri: [SIGNED_OUT, SIGNED_OUT] }, undefined, confidentialClient, 'invalid_request'],
  ])('%s → %s', (_name, params, h, client, code) => {
    expect(run(params, h, client)).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  });

  it('a hint verification that does not match the parameters is a bug', () => {
    expect(() => run({}, hint, undefined)).toThrow();
    expect(() => run({ id_token_hint: 'jwt' }, undefined, undefined)).toThrow();
  });
});

describe('post-logout redirect (§3)', () => {
  it.each<[EndSessionRequest, string | undefined]>([
    [{ instanceId: INSTANCE, confirm: true }, undefined],
    [{ instanceId: INSTANCE, postLogoutRedirectUri: SIGNED_OUT, confirm: false }, SIGNED_OUT],
    [{ instanceId: INSTANCE, postLogoutRedirectUri: SIGNED_OUT, state: 'a b&c', confirm: false }, `${SIGNED_OUT}?state=a+b%26c`],
    [{ instanceId: INSTANCE, postLogoutRedirectUri: `${SIGNED_OUT}?x=1`, state: 's', confirm: false }, `${SIGNED_OUT}?x=1&state=s`],
  ])('%j → %s', (request, expected) => {
    expect(postLogoutRedirectUrl(request)).toBe(expected);
  });
});
