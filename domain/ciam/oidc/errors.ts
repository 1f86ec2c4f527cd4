import { err, type Err, type Failure } from '../../shared/result';

/**
 * Every `error` code Atrium's OpenID provider answers with:
 * - RFC 6749 §4.1.2.1 (authorization endpoint) and §5.2 (token endpoint);
 * - OIDC Core §3.1.2.6 `login_required` (prompt=none without a usable session);
 * - OIDC Core §6.1 / §6.2 `request_not_supported`, `request_uri_not_supported` (no request objects);
 * - `invalid_redirect_uri` (the RFC 7591 §3.2.2 name): an unknown client or a redirect_uri that is not
 *   registered is never redirected to (RFC 6749 §4.1.2.1, §10.15 open redirector) but shown on a page;
 * - `server_error`, which the edge answers with when a bug or an infrastructure failure was thrown.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_response_type'
  | 'access_denied'
  | 'login_required'
  | 'invalid_redirect_uri'
  | 'request_not_supported'
  | 'request_uri_not_supported'
  | 'server_error';

/** An OAuth error: `code` is the wire `error`, `message` the `error_description`. */
export type OAuthError<C extends OAuthErrorCode = OAuthErrorCode> = Failure<C>;

export type OAuthErrorStatus = 400 | 401 | 500;

// RFC 6749 §5.2: 400 unless stated; invalid_client may be 401 and must be when the client used the
// Authorization header. Atrium always answers 401, since RFC 9110 §15.5.2 then requires a challenge,
// which `oauthErrorResponse` adds.
export const OAUTH_ERROR_STATUS = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  unsupported_response_type: 400,
  access_denied: 400,
  login_required: 400,
  invalid_redirect_uri: 400,
  request_not_supported: 400,
  request_uri_not_supported: 400,
  server_error: 500,
} as const satisfies Record<OAuthErrorCode, OAuthErrorStatus>;

// RFC 6749 §5.2 / §4.1.2.1: error_description is %x20-21 / %x23-5B / %x5D-7E (no quote, no backslash).
const NQSCHAR = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/**
 * Builds an OAuth error. Descriptions are written by Atrium, never copied from the request, so one
 * outside the wire grammar is a bug and throws.
 */
export const oauthError = <C extends OAuthErrorCode>(code: C, description: string): OAuthError<C> => {
  if (!NQSCHAR.test(description)) throw new Error(`OAuth error_description outside RFC 6749 §5.2 grammar: ${description}`);
  return { code, message: description };
};

export const oauthFail = <C extends OAuthErrorCode>(code: C, description: string): Err<OAuthError<C>> =>
  err(oauthError(code, description));

/** The RFC 6749 §5.2 JSON body. */
export type OAuthErrorBody = { readonly error: OAuthErrorCode; readonly error_description: string };

export type OAuthErrorResponse = {
  readonly status: OAuthErrorStatus;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: OAuthErrorBody;
};

/**
 * The token endpoint's error response. `realm` is the issuer: an invalid_client answer carries
 * `WWW-Authenticate: Basic realm="…"` (RFC 6749 §5.2, RFC 7617 §2). RFC 6749 §5.1 forbids caching token
 * responses; errors are not cached either.
 */
export const oauthErrorResponse = (error: OAuthError, realm: string): OAuthErrorResponse => {
  if (!NQSCHAR.test(realm)) throw new Error('realm must not contain quotes or backslashes');
  const status = OAUTH_ERROR_STATUS[error.code];
  return {
    status,
    headers: {
      'cache-control': 'no-store',
      ...(error.code === 'invalid_client' ? { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"` } : {}),
    },
    body: { error: error.code, error_description: error.message },
  };
};
