import { err, ok, type Result } from '../../shared/result';
import type { AuthorizationRequest } from './authorization-request';
import { oauthError, type OAuthError } from './errors';
import type { Grant, GrantRevocation } from './grant';
import { verifyS256 } from './pkce';
import type { Scope } from './scope';
import type { Sha256 } from './sha256';

/** RFC 6749 §4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; Atrium uses 60 s. */
export const AUTHORIZATION_CODE_SECONDS = 60;

/**
 * An issued authorization code. Only the code's hash is stored, so a read of the table yields no usable
 * code. The record is kept (consumed) until it expires, so a second redemption is recognised.
 */
export type AuthorizationCodeRecord = {
  readonly codeHash: string;
  readonly instanceId: string;
  readonly clientId: string;
  readonly grantId: string;
  readonly redirectUri: string;
  readonly accountId: string;
  readonly scope: readonly Scope[];
  readonly nonce?: string;
  /** S256 challenge, when the request carried one (RFC 7636 §4.4). */
  readonly codeChallenge?: string;
  readonly authTime: number;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** Set by the one successful redemption. */
  readonly consumedAt?: string;
};

/** The code record for an authorization request answered for `accountId`. */
export const issueAuthorizationCode = (input: {
  readonly codeHash: string;
  readonly grantId: string;
  readonly request: AuthorizationRequest;
  readonly accountId: string;
  readonly authTime: number;
  readonly now: Date;
}): AuthorizationCodeRecord => {
  const { request } = input;
  return {
    codeHash: input.codeHash,
    instanceId: request.instanceId,
    clientId: request.clientId,
    grantId: input.grantId,
    redirectUri: request.redirectUri,
    accountId: input.accountId,
    scope: request.scope,
    ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
    ...(request.codeChallenge === undefined ? {} : { codeChallenge: request.codeChallenge }),
    authTime: input.authTime,
    issuedAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + AUTHORIZATION_CODE_SECONDS * 1000).toISOString(),
  };
};

/** What the token request presented with the code (after client authentication). */
export type PresentedCode = {
  readonly instanceId: string;
  /** The authenticated (or, for a public client, identified) client. */
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeVerifier?: string;
};

export type CodeRedemption = {
  /** The record to write back, only if it is still unconsumed (a conditional write). */
  readonly consumed: AuthorizationCodeRecord;
  readonly grant: Grant;
};

/** invalid_grant, and on a replay the instruction to revoke what the code already produced. */
export type CodeRedemptionFailure = OAuthError<'invalid_grant'> & { readonly revoke?: GrantRevocation };

const invalidGrant = (description: string, revoke?: GrantRevocation): Result<never, CodeRedemptionFailure> =>
  err({ ...oauthError('invalid_grant', description), ...(revoke === undefined ? {} : { revoke }) });

/**
 * Redeems an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.6). `code` is the record found under the
 * presented code's hash, or undefined.
 *
 * - Single use (RFC 6749 §4.1.2, §10.5): a consumed code is invalid_grant with a revocation instruction
 *   for the grant, checked before anything else: a code presented twice has leaked, whoever presents it.
 *   The caller must persist `consumed` with a condition that it was unconsumed; losing that race is a
 *   second redemption too, and must be handled as this function's reuse outcome.
 * - The code belongs to the client (RFC 6749 §4.1.3) and to the instance.
 * - Not expired.
 * - redirect_uri identical to the authorization request's (RFC 6749 §4.1.3; always sent, since OIDC makes
 *   it required there).
 * - PKCE (RFC 7636 §4.6): a stored challenge needs a matching verifier; a verifier without a stored
 *   challenge is refused too (RFC 9700 §4.8.2, PKCE downgrade).
 *
 * A failed redemption does not consume the code.
 */
export const redeemAuthorizationCode = (
  code: AuthorizationCodeRecord | undefined,
  presented: PresentedCode,
  now: Date,
  sha256: Sha256,
): Result<CodeRedemption, CodeRedemptionFailure> => {
  if (code === undefined || code.instanceId !== presented.instanceId) return invalidGrant('The authorization code is invalid.');
  if (code.consumedAt !== undefined) {
    return invalidGrant('The authorization code was already used; tokens issued from it are revoked.', {
      instanceId: code.instanceId,
      grantId: code.grantId,
      clientId: code.clientId,
      reason: 'authorization-code-reuse',
    });
  }
  if (code.clientId !== presented.clientId) return invalidGrant('The authorization code was issued to another client.');
  if (new Date(code.expiresAt).getTime() <= now.getTime()) return invalidGrant('The authorization code has expired.');
  if (code.redirectUri !== presented.redirectUri) {
    return invalidGrant('redirect_uri does not match the one in the authorization request.');
  }
  if (code.codeChallenge !== undefined) {
    if (presented.codeVerifier === undefined) return invalidGrant('code_verifier is required (PKCE).');
    if (!verifyS256(presented.codeVerifier, code.codeChallenge, sha256)) return invalidGrant('PKCE verification failed.');
  } else if (presented.codeVerifier !== undefined) {
    return invalidGrant('code_verifier was sent but the authorization request had no code_challenge.');
  }
  return ok({
    consumed: { ...code, consumedAt: now.toISOString() },
    grant: {
      instanceId: code.instanceId,
      grantId: code.grantId,
      clientId: code.clientId,
      accountId: code.accountId,
      scope: code.scope,
      ...(code.nonce === undefined ? {} : { nonce: code.nonce }),
      authTime: code.authTime,
    },
  });
};
