import { err, ok, type Result } from '../../shared/result';
import type { OidcClient } from './client';
import { oauthError, type OAuthError } from './errors';
import type { Grant, GrantRevocation } from './grant';
import { hasScope, type Scope } from './scope';

/**
 * How long a refresh token may lie unused (RFC 9700 §4.14.2: refresh tokens "SHOULD expire if the client
 * has been inactive for some time"). Each rotation starts a new window, never past the family's end.
 */
export const REFRESH_TOKEN_IDLE_SECONDS = 30 * 24 * 60 * 60;

/**
 * One refresh token of a family. A family is the chain of tokens rotated from the one issued with an
 * authorization code; it shares the grant's id. Only the token's hash is stored.
 *
 * Lifetimes: the family ends `client.refreshTokenSeconds` after the code was redeemed (absolute: rotation
 * never extends it, so a leaked family dies at the latest then); each token also expires after
 * `REFRESH_TOKEN_IDLE_SECONDS` unused. Records must be kept until `familyExpiresAt`, used ones included,
 * or reuse could no longer be recognised.
 */
export type RefreshTokenRecord = {
  readonly tokenHash: string;
  readonly instanceId: string;
  readonly clientId: string;
  /** The family: the grant the first token was issued under. */
  readonly grantId: string;
  readonly accountId: string;
  /** The scope granted by the authorization; a refresh may narrow the access token's, never this. */
  readonly scope: readonly Scope[];
  readonly authTime: number;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly familyExpiresAt: string;
  /** Set when this token was exchanged: presenting it again is reuse. */
  readonly usedAt?: string;
  /** Set on every token of a revoked family. */
  readonly revokedAt?: string;
};

/**
 * Whether a token response for this grant includes a refresh token. OIDC Core §11: only when the scope
 * has offline_access, and only for a client registered for the refresh_token grant. That administrator's
 * registration of a first-party application is the "other condition" §11 allows in place of
 * prompt=consent (see `prompt.ts`).
 */
export const issuesRefreshToken = (client: OidcClient, scope: readonly Scope[]): boolean =>
  client.grantTypes.includes('refresh_token') && hasScope(scope, 'offline_access');

const plusSeconds = (d: Date, s: number): Date => new Date(d.getTime() + s * 1000);
const earlier = (a: Date, b: Date): Date => (a.getTime() <= b.getTime() ? a : b);

/** The first token of a family, issued with the code's tokens. */
export const startRefreshFamily = (input: {
  readonly tokenHash: string;
  readonly grant: Grant;
  readonly client: OidcClient;
  readonly now: Date;
}): RefreshTokenRecord => {
  const { grant, client, now } = input;
  if (!issuesRefreshToken(client, grant.scope)) throw new Error('startRefreshFamily called for a grant that gets no refresh token');
  const familyExpiresAt = plusSeconds(now, client.refreshTokenSeconds);
  return {
    tokenHash: input.tokenHash,
    instanceId: grant.instanceId,
    clientId: grant.clientId,
    grantId: grant.grantId,
    accountId: grant.accountId,
    scope: grant.scope,
    authTime: grant.authTime,
    issuedAt: now.toISOString(),
    expiresAt: earlier(plusSeconds(now, REFRESH_TOKEN_IDLE_SECONDS), familyExpiresAt).toISOString(),
    familyExpiresAt: familyExpiresAt.toISOString(),
  };
};

export type RefreshRotation = {
  /** The presented token, marked used: write it only if it is still unused (a conditional write). */
  readonly used: RefreshTokenRecord;
  /** Its successor in the same family. */
  readonly next: RefreshTokenRecord;
  /**
   * What to issue the new access (and ID) token for: the grant with the requested narrower scope, or the
   * granted one. No nonce: a refresh is not an authentication request (OIDC Core §12.2).
   */
  readonly grant: Grant;
};

export type RefreshFailure = OAuthError<'invalid_grant' | 'invalid_scope'> & { readonly revoke?: GrantRevocation };

const invalidGrant = (description: string, revoke?: GrantRevocation): Result<never, RefreshFailure> =>
  err({ ...oauthError('invalid_grant', description), ...(revoke === undefined ? {} : { revoke }) });

/**
 * Exchanges a refresh token (RFC 6749 §6) with rotation (RFC 6819 §5.2.2.3, RFC 9700 §4.14.2): the
 * presented token is marked used and a new one is issued in the same family.
 *
 * - Reuse: a token already used is invalid_grant with an instruction to revoke the whole family, checked
 *   first, whichever client presents it: the legitimate client and a thief both hold it, and the server
 *   cannot tell which one is asking. The caller must write `used` on condition that it was unused; losing
 *   that race is reuse as well. There is no grace period for retries.
 * - A revoked family, another client's token (RFC 6749 §6 "bound to the client"), or an expired token or
 *   family: invalid_grant.
 * - A requested scope must be within the granted one (RFC 6749 §6): invalid_scope otherwise.
 */
export const rotateRefreshToken = (
  token: RefreshTokenRecord | undefined,
  input: {
    readonly instanceId: string;
    /** The authenticated client. */
    readonly clientId: string;
    readonly requestedScope?: readonly Scope[];
    readonly newTokenHash: string;
    readonly now: Date;
  },
): Result<RefreshRotation, RefreshFailure> => {
  const { now } = input;
  if (token === undefined || token.instanceId !== input.instanceId) return invalidGrant('The refresh token is invalid.');
  if (token.revokedAt !== undefined) return invalidGrant('The refresh token has been revoked.');
  if (token.usedAt !== undefined) {
    return invalidGrant('The refresh token was already used; its whole family is revoked.', {
      instanceId: token.instanceId,
      grantId: token.grantId,
      clientId: token.clientId,
      reason: 'refresh-token-reuse',
    });
  }
  if (token.clientId !== input.clientId) return invalidGrant('The refresh token was issued to another client.');
  if (new Date(token.expiresAt).getTime() <= now.getTime() || new Date(token.familyExpiresAt).getTime() <= now.getTime()) {
    return invalidGrant('The refresh token has expired.');
  }
  const requested = input.requestedScope;
  if (requested !== undefined && !requested.every((s) => token.scope.includes(s))) {
    return err(oauthError('invalid_scope', 'The requested scope exceeds the scope originally granted.'));
  }

  const familyExpiresAt = new Date(token.familyExpiresAt);
  return ok({
    used: { ...token, usedAt: now.toISOString() },
    // `token` has no usedAt or revokedAt here, so its successor starts unused.
    next: {
      ...token,
      tokenHash: input.newTokenHash,
      issuedAt: now.toISOString(),
      expiresAt: earlier(plusSeconds(now, REFRESH_TOKEN_IDLE_SECONDS), familyExpiresAt).toISOString(),
    },
    grant: {
      instanceId: token.instanceId,
      grantId: token.grantId,
      clientId: token.clientId,
      accountId: token.accountId,
      scope: requested ?? token.scope,
      authTime: token.authTime,
    },
  });
};

/** The family's tokens after a revocation instruction: each marked revoked (idempotent). */
export const revokeFamily = (tokens: readonly RefreshTokenRecord[], now: Date): readonly RefreshTokenRecord[] =>
  tokens.map((t) => (t.revokedAt === undefined ? { ...t, revokedAt: now.toISOString() } : t));
