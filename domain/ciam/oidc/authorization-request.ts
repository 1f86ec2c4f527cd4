import { err, ok, type Err, type Result } from '../../shared/result';
import type { OidcClient } from './client';
import { oauthError, type OAuthError, type OAuthErrorCode } from './errors';
import { readParam, type RequestParams } from './params';
import { isS256CodeChallenge } from './pkce';
import { parsePrompt, type Prompt } from './prompt';
import { isRegisteredUri } from './redirect-uri';
import { hasScope, parseScope, type Scope } from './scope';

/** Operational bounds: the request is kept through the logon, so its free-text parts are bounded. */
export const MAX_STATE_LENGTH = 2048;
export const MAX_NONCE_LENGTH = 512;
export const MAX_LOGIN_HINT_LENGTH = 256;

/** A validated OIDC Core §3.1.2.1 authentication request (authorization code flow only). */
export type AuthorizationRequest = {
  readonly instanceId: string;
  readonly clientId: string;
  /** Exactly one of the client's registered redirect URIs, byte for byte. */
  readonly redirectUri: string;
  readonly responseType: 'code';
  /** Known scopes only (unknown ones are dropped), openid always included, canonical order. */
  readonly scope: readonly Scope[];
  /** Opaque to Atrium; returned unchanged with the code or the error (RFC 6749 §4.1.2). */
  readonly state?: string;
  /** Carried into the ID token (OIDC Core §3.1.2.1: optional in the code flow). */
  readonly nonce?: string;
  /** RFC 7636 §4.3; the method is always S256 (plain is refused). */
  readonly codeChallenge?: string;
  readonly prompt: readonly Prompt[];
  /** OIDC Core §3.1.2.1: seconds since the last active authentication. */
  readonly maxAge?: number;
  readonly loginHint?: string;
};

/**
 * Why a request was refused, and where the answer goes. RFC 6749 §4.1.2.1: while the client or the
 * redirect_uri is unverified the error is shown to the user (`page`) and never redirected; after that it
 * goes back to the verified redirect_uri with the request's state (`redirect`).
 */
export type AuthorizationRequestError =
  | { readonly delivery: 'page'; readonly error: OAuthError }
  | {
      readonly delivery: 'redirect';
      readonly redirectUri: string;
      readonly state?: string;
      readonly error: OAuthError;
    };

export type AuthorizationRequestInput = {
  /** The instance whose authorization endpoint received the request. */
  readonly instanceId: string;
  readonly params: RequestParams;
  /**
   * The client registered under the request's `client_id` (read with `readParam`), or undefined when there
   * is none. A client with another id is a bug in the caller and throws.
   */
  readonly client: OidcClient | undefined;
};

const onPage = (code: OAuthErrorCode, description: string): Err<AuthorizationRequestError> =>
  err({ delivery: 'page', error: oauthError(code, description) });

/**
 * Validates an authorization request (OIDC Core §3.1.2.2, RFC 6749 §4.1.1, RFC 7636 §4.4), checking the
 * client and the redirect_uri first (errors shown on a page), then everything else (errors redirected).
 *
 * Decisions:
 * - redirect_uri is required (OIDC Core §3.1.2.1), even for a client with one registered URI.
 * - Unknown, well-formed scopes are dropped (OIDC Core §3.1.2.1: "Scope values used that are not
 *   understood by an implementation SHOULD be ignored"); the token response's `scope` then tells the
 *   client what was granted (RFC 6749 §5.1). A missing `openid` is `invalid_scope`: Atrium is an OpenID
 *   provider only.
 * - offline_access is dropped when the client may not use the refresh_token grant (OIDC Core §11: the OP
 *   "MUST ignore the offline_access request" unless it can honour it).
 * - PKCE (RFC 7636, RFC 9700 §2.1.1): S256 only; plain, or a challenge without a method (which means plain,
 *   RFC 7636 §4.3), is `invalid_request`; public clients must send a challenge, confidential ones may.
 * - Request objects are not supported (OIDC Core §6: request_not_supported, request_uri_not_supported).
 * - Unrecognised parameters are ignored (RFC 6749 §3.1), id_token_hint included.
 */
export const validateAuthorizationRequest = (
  input: AuthorizationRequestInput,
): Result<AuthorizationRequest, AuthorizationRequestError> => {
  const { instanceId, params, client } = input;

  // RFC 6749 §4.1.2.1: client_id and redirect_uri problems must not redirect.
  const clientIdParam = readParam(params, 'client_id');
  if (!clientIdParam.ok) return onPage('invalid_request', clientIdParam.error.message);
  const clientId = clientIdParam.value;
  if (clientId === undefined) return onPage('invalid_request', 'The client_id parameter is required.');
  if (client !== undefined && client.clientId !== clientId) {
    throw new Error('validateAuthorizationRequest was given a client other than the requested client_id');
  }
  // Another instance's client is answered like an unknown one: no cross-tenant oracle.
  if (client === undefined || client.instanceId !== instanceId || !client.enabled) {
    return onPage('invalid_client', 'The client is unknown or disabled.');
  }

  const redirectParam = readParam(params, 'redirect_uri');
  if (!redirectParam.ok) return onPage('invalid_request', redirectParam.error.message);
  const redirectUri = redirectParam.value;
  if (redirectUri === undefined) return onPage('invalid_request', 'The redirect_uri parameter is required.');
  if (!isRegisteredUri(client.redirectUris, redirectUri)) {
    return onPage('invalid_redirect_uri', 'The redirect_uri is not registered for this client.');
  }

  // From here on the client and its redirect_uri are verified: errors go back to it.
  const stateParam = readParam(params, 'state');
  const state = stateParam.ok && stateParam.value !== undefined && stateParam.value.length <= MAX_STATE_LENGTH ? stateParam.value : undefined;
  const back = (code: OAuthErrorCode, description: string): Err<AuthorizationRequestError> =>
    err({ delivery: 'redirect', redirectUri, ...(state === undefined ? {} : { state }), error: oauthError(code, description) });
  if (!stateParam.ok) return back('invalid_request', stateParam.error.message);
  if (stateParam.value !== undefined && stateParam.value.length > MAX_STATE_LENGTH) {
    return back('invalid_request', `The state parameter must be at most ${MAX_STATE_LENGTH} characters.`);
  }

  const read: Record<string, string | undefined> = {};
  for (const name of ['response_type', 'response_mode', 'scope', 'nonce', 'prompt', 'max_age', 'code_challenge', 'code_challenge_method', 'login_hint', 'request', 'request_uri']) {
    const value = readParam(params, name);
    if (!value.ok) return back('invalid_request', value.error.message);
    read[name] = value.value;
  }

  // OIDC Core §6.1 / §6.2.
  if (read['request'] !== undefined) return back('request_not_supported', 'The request parameter is not supported.');
  if (read['request_uri'] !== undefined) return back('request_uri_not_supported', 'The request_uri parameter is not supported.');

  // RFC 6749 §4.1.1 / §3.1.1: response_type=code, the only flow Atrium implements.
  const responseType = read['response_type'];
  if (responseType === undefined) return back('invalid_request', 'The response_type parameter is required.');
  if (responseType !== 'code') return back('unsupported_response_type', 'Only response_type=code is supported.');
  // RFC 6749 §4.1.2.1 unauthorized_client: the client is not allowed this flow.
  if (!client.grantTypes.includes('authorization_code')) {
    return back('unauthorized_client', 'The client is not allowed to use the authorization code flow.');
  }
  // OAuth 2.0 Multiple Response Type Encoding Practices §2.1: code is returned in the query.
  const responseMode = read['response_mode'];
  if (responseMode !== undefined && responseMode !== 'query') return back('invalid_request', 'Only response_mode=query is supported.');

  // OIDC Core §3.1.2.1: scope must contain openid; RFC 6749 §3.3: no default scope, so missing is invalid_scope.
  const scopeParam = read['scope'];
  if (scopeParam === undefined) return back('invalid_scope', 'The scope parameter is required and must contain openid.');
  const parsed = parseScope(scopeParam);
  if (!parsed.ok) return back('invalid_scope', parsed.error.message);
  if (!hasScope(parsed.value.known, 'openid')) return back('invalid_scope', 'The scope must contain openid.');
  const scope = client.grantTypes.includes('refresh_token') ? parsed.value.known : parsed.value.known.filter((s) => s !== 'offline_access');

  const prompt = parsePrompt(read['prompt']);
  if (!prompt.ok) return back('invalid_request', prompt.error.message);

  // OIDC Core §3.1.2.1 max_age: a non-negative integer number of seconds.
  const maxAgeParam = read['max_age'];
  let maxAge: number | undefined;
  if (maxAgeParam !== undefined) {
    const n = /^\d+$/.test(maxAgeParam) ? Number(maxAgeParam) : Number.NaN;
    if (!Number.isSafeInteger(n)) return back('invalid_request', 'max_age must be a non-negative integer.');
    maxAge = n;
  }

  const nonce = read['nonce'];
  if (nonce !== undefined && nonce.length > MAX_NONCE_LENGTH) {
    return back('invalid_request', `The nonce parameter must be at most ${MAX_NONCE_LENGTH} characters.`);
  }
  const loginHint = read['login_hint'];
  if (loginHint !== undefined && loginHint.length > MAX_LOGIN_HINT_LENGTH) {
    return back('invalid_request', `The login_hint parameter must be at most ${MAX_LOGIN_HINT_LENGTH} characters.`);
  }

  // RFC 7636 §4.3 / §4.4.1: S256 only; public clients must use PKCE (RFC 9700 §2.1.1).
  const codeChallenge = read['code_challenge'];
  const method = read['code_challenge_method'];
  if (method !== undefined && method !== 'S256') return back('invalid_request', 'code_challenge_method must be S256.');
  if (codeChallenge === undefined) {
    if (method !== undefined) return back('invalid_request', 'code_challenge_method was sent without code_challenge.');
    if (client.type === 'public') return back('invalid_request', 'A public client must send a PKCE code_challenge (S256).');
  } else {
    if (method === undefined) return back('invalid_request', 'code_challenge_method=S256 is required with code_challenge (plain is not supported).');
    if (!isS256CodeChallenge(codeChallenge)) return back('invalid_request', 'code_challenge is not a base64url S256 value of 43 characters.');
  }

  return ok({
    instanceId,
    clientId,
    redirectUri,
    responseType: 'code',
    scope,
    ...(state === undefined ? {} : { state }),
    ...(nonce === undefined ? {} : { nonce }),
    ...(codeChallenge === undefined ? {} : { codeChallenge }),
    prompt: prompt.value,
    ...(maxAge === undefined ? {} : { maxAge }),
    ...(loginHint === undefined ? {} : { loginHint }),
  });
};
