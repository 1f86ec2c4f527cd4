import { ok, type Result } from '../../shared/result';
import { OIDC_GRANT_TYPES, type OidcClient, type OidcGrantType } from './client';
import { oauthFail, type OAuthError } from './errors';
import { readParam, type RequestParams } from './params';
import { isCodeVerifier } from './pkce';
import { parseScope, type Scope } from './scope';

export type AuthorizationCodeTokenRequest = {
  readonly grantType: 'authorization_code';
  readonly code: string;
  readonly redirectUri: string;
  readonly codeVerifier?: string;
};

export type RefreshTokenRequest = {
  readonly grantType: 'refresh_token';
  readonly refreshToken: string;
  /** A narrower scope for the new access token (RFC 6749 §6); undefined keeps the granted one. */
  readonly scope?: readonly Scope[];
};

export type TokenRequest = AuthorizationCodeTokenRequest | RefreshTokenRequest;

export type TokenRequestFailure = OAuthError<'invalid_request' | 'unsupported_grant_type' | 'unauthorized_client' | 'invalid_scope'>;

const isOidcGrantType = (value: string): value is OidcGrantType => (OIDC_GRANT_TYPES as readonly string[]).includes(value);

const required = (params: RequestParams, name: string): Result<string, OAuthError<'invalid_request'>> => {
  const value = readParam(params, name);
  if (!value.ok) return value;
  if (value.value === undefined) return oauthFail('invalid_request', `The ${name} parameter is required.`);
  return ok(value.value);
};

/**
 * Validates a token request's grant for an already authenticated client (RFC 6749 §4.1.3, §6, §5.2).
 *
 * - grant_type missing: invalid_request; not one Atrium implements: unsupported_grant_type; one the client
 *   is not registered for: unauthorized_client.
 * - authorization_code: code and redirect_uri are required (redirect_uri because OIDC requires it in the
 *   authorization request, RFC 6749 §4.1.3); a code_verifier outside the RFC 7636 §4.1 grammar is
 *   malformed (invalid_request).
 * - refresh_token: refresh_token is required; a scope naming anything unknown is invalid_scope, since a
 *   refresh may only narrow the granted scope (RFC 6749 §6), and nothing unknown was granted.
 */
export const validateTokenRequest = (params: RequestParams, client: OidcClient): Result<TokenRequest, TokenRequestFailure> => {
  const grantType = readParam(params, 'grant_type');
  if (!grantType.ok) return grantType;
  if (grantType.value === undefined) return oauthFail('invalid_request', 'The grant_type parameter is required.');
  if (!isOidcGrantType(grantType.value)) return oauthFail('unsupported_grant_type', 'The grant_type is not supported.');
  if (!client.grantTypes.includes(grantType.value)) {
    return oauthFail('unauthorized_client', `The client is not allowed to use the ${grantType.value} grant.`);
  }

  if (grantType.value === 'authorization_code') {
    const code = required(params, 'code');
    if (!code.ok) return code;
    const redirectUri = required(params, 'redirect_uri');
    if (!redirectUri.ok) return redirectUri;
    const verifier = readParam(params, 'code_verifier');
    if (!verifier.ok) return verifier;
    if (verifier.value !== undefined && !isCodeVerifier(verifier.value)) {
      return oauthFail('invalid_request', 'code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 section 4.1).');
    }
    return ok({
      grantType: 'authorization_code',
      code: code.value,
      redirectUri: redirectUri.value,
      ...(verifier.value === undefined ? {} : { codeVerifier: verifier.value }),
    });
  }

  const refreshToken = required(params, 'refresh_token');
  if (!refreshToken.ok) return refreshToken;
  const scopeParam = readParam(params, 'scope');
  if (!scopeParam.ok) return scopeParam;
  if (scopeParam.value === undefined) return ok({ grantType: 'refresh_token', refreshToken: refreshToken.value });
  const scope = parseScope(scopeParam.value);
  if (!scope.ok) return scope;
  if (scope.value.unknown.length > 0) return oauthFail('invalid_scope', 'The scope names a scope that was not granted.');
  if (scope.value.known.length === 0) return ok({ grantType: 'refresh_token', refreshToken: refreshToken.value });
  return ok({ grantType: 'refresh_token', refreshToken: refreshToken.value, scope: scope.value.known });
};
