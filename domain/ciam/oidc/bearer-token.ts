import { err, ok, type Failure, type Result } from '../../shared/result';
import { readParam, type RequestParams } from './params';

/**
 * The resource-server side of RFC 6750, for the UserInfo endpoint (OIDC Core §5.3.1, §5.3.3).
 *
 * - `invalid_request`, `invalid_token`, `insufficient_scope`: the RFC 6750 §3.1 error codes.
 * - `missing_token`: no bearer credentials at all. Not a wire code: RFC 6750 §3.1 "If the request lacks
 *   any authentication information ... the resource server SHOULD NOT include an error code", so it is
 *   answered with a bare challenge.
 */
export type BearerErrorCode = 'missing_token' | 'invalid_request' | 'invalid_token' | 'insufficient_scope';
export type BearerError<C extends BearerErrorCode = BearerErrorCode> = Failure<C>;

// RFC 6750 §3.1.
export const BEARER_ERROR_STATUS = {
  missing_token: 401,
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
} as const satisfies Record<BearerErrorCode, 400 | 401 | 403>;

// RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E (it goes inside a quoted string).
const NQSCHAR = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/** Builds a bearer error; descriptions are Atrium's own, so one outside the grammar is a bug. */
export const bearerError = <C extends BearerErrorCode>(code: C, description: string): BearerError<C> => {
  if (!NQSCHAR.test(description)) throw new Error(`RFC 6750 error_description outside the grammar: ${description}`);
  return { code, message: description };
};

const bearerFail = <C extends BearerErrorCode>(code: C, description: string) => err(bearerError(code, description));

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?: |$)/;

/**
 * The access token of a protected-resource request: the Authorization header (RFC 6750 §2.1) or, for a
 * form-encoded POST, the `access_token` body parameter (§2.2; the caller passes the form only when the
 * request was one). The URI query parameter (§2.3) is not accepted: it ends up in logs and histories.
 *
 * - §2: "Clients MUST NOT use more than one method to transmit the token in each request":
 *   invalid_request.
 * - A header of another scheme (Basic, …) carries no bearer token: missing_token, like no header.
 * - A malformed Bearer header, or an access_token sent twice: invalid_request.
 */
export const readBearerToken = (
  authorization: string | undefined,
  form: RequestParams | undefined,
): Result<string, BearerError<'missing_token' | 'invalid_request'>> => {
  const body = form === undefined ? ok(undefined) : readParam(form, 'access_token');
  if (!body.ok) return bearerFail('invalid_request', 'access_token must not be sent more than once.');
  const isBearer = authorization !== undefined && SCHEME.exec(authorization.trim())?.[1]?.toLowerCase() === 'bearer';
  if (isBearer && body.value !== undefined) {
    return bearerFail('invalid_request', 'Send the access token in the Authorization header or the body, not both.');
  }
  if (isBearer) {
    const token = BEARER.exec(authorization.trim())?.[1];
    return token === undefined ? bearerFail('invalid_request', 'The Authorization header is not a valid Bearer credential.') : ok(token);
  }
  if (body.value !== undefined) return ok(body.value);
  return bearerFail('missing_token', 'An access token is required.');
};

export type BearerErrorResponse = {
  readonly status: 400 | 401 | 403;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent for missing_token (a bare challenge). */
  readonly body?: { readonly error: Exclude<BearerErrorCode, 'missing_token'>; readonly error_description: string };
};

/**
 * The error response of a protected resource (RFC 6750 §3): every one carries a `WWW-Authenticate:
 * Bearer` challenge with the realm (the issuer) and, but for missing_token, the error code and
 * description; the same code goes into a JSON body for clients that read bodies rather than headers.
 */
export const bearerErrorResponse = (error: BearerError, realm: string): BearerErrorResponse => {
  if (!NQSCHAR.test(realm)) throw new Error('realm must not contain quotes or backslashes');
  const status = BEARER_ERROR_STATUS[error.code];
  if (error.code === 'missing_token') {
    return { status, headers: { 'www-authenticate': `Bearer realm="${realm}"`, 'cache-control': 'no-store' } };
  }
  return {
    status,
    headers: {
      'www-authenticate': `Bearer realm="${realm}", error="${error.code}", error_description="${error.message}"`,
      'cache-control': 'no-store',
    },
    body: { error: error.code, error_description: error.message },
  };
};
