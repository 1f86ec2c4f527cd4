import { ok, type Result } from '../../shared/result';
import type { OidcClient } from './client';
import { oauthFail, type OAuthError } from './errors';
import { readParam, type RequestParams } from './params';

/** How a token request identified its client (RFC 6749 §2.3, OIDC Core §9). */
export type ClientCredentials =
  | { readonly method: 'client_secret_basic' | 'client_secret_post'; readonly clientId: string; readonly secret: string }
  /** A public client: client_id only (RFC 6749 §3.2.1). */
  | { readonly method: 'none'; readonly clientId: string };

// RFC 7617 §2 / RFC 7235 §2.1: the scheme is case-insensitive; credentials are token68 (base64 here).
const BASIC = /^basic +([A-Za-z0-9+/]+={0,2}) *$/i;

const decodeBase64Utf8 = (b64: string): string | undefined => {
  if (b64.length % 4 !== 0) return undefined;
  try {
    const binary = atob(b64);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
};

// RFC 6749 §2.3.1: id and secret are application/x-www-form-urlencoded (Appendix B) before Basic encoding.
const formUrlDecode = (value: string): string | undefined => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
};

/**
 * Reads the client's credentials from a token request: the Authorization header (client_secret_basic), the
 * body's client_id and client_secret (client_secret_post), or a public client's client_id alone.
 *
 * - RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request": a Basic
 *   header and a body client_secret together are invalid_request.
 * - A body client_id next to a Basic header must name the same client.
 * - A header that is not Basic, not base64 of `id:secret`, or not properly form-url-encoded is
 *   invalid_request; an empty secret is a failed authentication (invalid_client).
 * - No client identification at all is invalid_client (RFC 6749 §5.2 "no client authentication included").
 */
export const parseClientCredentials = (
  authorization: string | undefined,
  params: RequestParams,
): Result<ClientCredentials, OAuthError<'invalid_request' | 'invalid_client'>> => {
  const bodyId = readParam(params, 'client_id');
  if (!bodyId.ok) return bodyId;
  const bodySecret = readParam(params, 'client_secret');
  if (!bodySecret.ok) return bodySecret;

  if (authorization !== undefined) {
    if (bodySecret.value !== undefined) {
      return oauthFail('invalid_request', 'Use one client authentication method: the Authorization header or client_secret, not both.');
    }
    const match = BASIC.exec(authorization);
    const decoded = match?.[1] === undefined ? undefined : decodeBase64Utf8(match[1]);
    if (decoded === undefined) return oauthFail('invalid_request', 'The Authorization header is not valid HTTP Basic credentials.');
    const colon = decoded.indexOf(':');
    if (colon < 0) return oauthFail('invalid_request', 'The Authorization header is not valid HTTP Basic credentials.');
    const clientId = formUrlDecode(decoded.slice(0, colon));
    const secret = formUrlDecode(decoded.slice(colon + 1));
    if (clientId === undefined || secret === undefined) {
      return oauthFail('invalid_request', 'The Basic credentials are not properly form-url-encoded (RFC 6749 section 2.3.1).');
    }
    if (clientId === '') return oauthFail('invalid_request', 'The Basic credentials carry no client_id.');
    if (bodyId.value !== undefined && bodyId.value !== clientId) {
      return oauthFail('invalid_request', 'client_id in the body does not match the Authorization header.');
    }
    if (secret === '') return oauthFail('invalid_client', 'Client authentication failed.');
    return ok({ method: 'client_secret_basic', clientId, secret });
  }

  if (bodySecret.value !== undefined) {
    if (bodyId.value === undefined) return oauthFail('invalid_request', 'client_secret was sent without client_id.');
    return ok({ method: 'client_secret_post', clientId: bodyId.value, secret: bodySecret.value });
  }
  if (bodyId.value !== undefined) return ok({ method: 'none', clientId: bodyId.value });
  return oauthFail('invalid_client', 'Client authentication is required.');
};

/**
 * A client secret as stored: its hash only. While secrets are rotated a client has up to
 * `MAX_ACTIVE_CLIENT_SECRETS` active: the new one, and the old one with an `expiresAt` giving relying
 * parties time to switch. A secret without `expiresAt` does not expire.
 */
export type ClientSecret = { readonly hash: string; readonly expiresAt?: string };

export const MAX_ACTIVE_CLIENT_SECRETS = 2;

export const isActiveSecret = (secret: ClientSecret, now: Date): boolean =>
  secret.expiresAt === undefined || new Date(secret.expiresAt).getTime() > now.getTime();

/**
 * How secrets are compared: a hash (the same one that made the stored hashes; client secrets are high
 * entropy, so a fast hash suffices) and a constant-time string comparison (e.g. over `timingSafeEqual`),
 * both adapters since the domain imports no crypto.
 */
export type SecretComparison = {
  readonly hash: (secret: string) => string;
  readonly constantTimeEqual: (a: string, b: string) => boolean;
};

export type ClientAuthenticationInput = {
  /** The instance whose token endpoint received the request. */
  readonly instanceId: string;
  readonly credentials: ClientCredentials;
  /** The client registered under `credentials.clientId`, or undefined; another client's id is a bug. */
  readonly client: OidcClient | undefined;
  /** The client's secrets (none for a public client). */
  readonly secrets: readonly ClientSecret[];
  readonly now: Date;
};

/**
 * Authenticates the client of a token request (RFC 6749 §2.3, §3.2.1). Every failure is invalid_client
 * (RFC 6749 §5.2): an unknown, disabled or other instance's client, a confidential client without a
 * secret, a public client sending one, a wrong secret, or an expired one.
 *
 * Every stored secret is compared, whatever matched first, so the time taken does not tell which one
 * matched.
 */
export const authenticateClient = (
  input: ClientAuthenticationInput,
  comparison: SecretComparison,
): Result<OidcClient, OAuthError<'invalid_client'>> => {
  const { credentials, client, now } = input;
  if (client !== undefined && client.clientId !== credentials.clientId) {
    throw new Error('authenticateClient was given a client other than the presented client_id');
  }
  if (client === undefined || client.instanceId !== input.instanceId || !client.enabled) {
    return oauthFail('invalid_client', 'Client authentication failed: the client is unknown or disabled.');
  }
  if (client.type === 'public') {
    if (credentials.method !== 'none') return oauthFail('invalid_client', 'A public client must not send a client secret.');
    return ok(client);
  }
  if (credentials.method === 'none') return oauthFail('invalid_client', 'This client must authenticate with its client secret.');

  const presented = comparison.hash(credentials.secret);
  const matches = input.secrets.map((s) => ({ active: isActiveSecret(s, now), equal: comparison.constantTimeEqual(presented, s.hash) }));
  if (matches.some((m) => m.equal && m.active)) return ok(client);
  if (matches.some((m) => m.equal)) return oauthFail('invalid_client', 'The client secret has expired.');
  return oauthFail('invalid_client', 'Client authentication failed.');
};
