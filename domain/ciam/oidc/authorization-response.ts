import type { OAuthError } from './errors';
import { appendQuery } from './query';

/**
 * RFC 6749 §4.1.2: the redirect carrying the code and the request's state, plus `iss` (RFC 9207 §2), so a
 * client talking to several issuers can detect a mix-up (RFC 9700 §4.4).
 */
export const codeRedirectUrl = (input: { redirectUri: string; code: string; state?: string; issuer: string }): string =>
  appendQuery(input.redirectUri, { code: input.code, state: input.state, iss: input.issuer });

/**
 * RFC 6749 §4.1.2.1: an error sent back to a verified redirect_uri (an `AuthorizationRequestError` with
 * delivery `redirect`, or `login_required`), with state and iss (RFC 9207 §2).
 */
export const errorRedirectUrl = (input: { redirectUri: string; error: OAuthError; state?: string; issuer: string }): string =>
  appendQuery(input.redirectUri, {
    error: input.error.code,
    error_description: input.error.message,
    state: input.state,
    iss: input.issuer,
  });
