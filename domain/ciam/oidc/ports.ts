import type { InstanceId } from '../../shared/ids';
import type { AuthorizationCodeRecord } from './authorization-code';
import type { RefreshTokenRecord } from './refresh-token';

/**
 * The OpenID provider's state: authorization codes and refresh-token families (grants). Records hold only
 * hashes of codes and tokens, so reading the store yields nothing a client could present.
 *
 * Every method takes the instance: keys are per instance, so a hash or grant id of another instance is
 * simply not found. A record whose `instanceId` differs from the instance argument is a bug and throws.
 *
 * Error contract: the outcomes below are data; storage failures throw. Reads may return records whose
 * expiry has passed (DynamoDB reaps late): the protocol rules decide on expiry, not the store.
 */

/**
 * Authorization codes (RFC 6749 §4.1.2: single use). Redemption is `get`, then the pure
 * `redeemAuthorizationCode`, then `consume` of the record it returns.
 */
export interface AuthorizationCodeStore {
  /** Stores a newly issued code. A code hash already stored throws (codes are random: a collision is a bug). */
  save(instanceId: InstanceId, code: AuthorizationCodeRecord): Promise<void>;
  /** The record under `codeHash`, consumed or not: a consumed one is kept until expiry, so reuse is seen. */
  get(instanceId: InstanceId, codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /**
   * Writes the consumed record (`CodeRedemption.consumed`) only if the stored one is still unconsumed: a
   * conditional write, so of two concurrent redemptions exactly one gets 'Consumed'. 'AlreadyConsumed'
   * is the loser, and must be handled as the reuse outcome of `redeemAuthorizationCode` (revoke the
   * grant, RFC 6749 §10.5). A code that is no longer stored at all is 'AlreadyConsumed' too: it was read
   * a moment ago, so it can only have been reaped after expiry, and refusing is the safe side.
   */
  consume(instanceId: InstanceId, consumed: AuthorizationCodeRecord): Promise<'Consumed' | 'AlreadyConsumed'>;
}

/**
 * Refresh-token families (RFC 9700 §4.14.2 rotation with reuse detection). A family is one grant: its
 * tokens share the grant id, one of them unused (live) at a time, the used ones kept until the family's
 * absolute expiry so that presenting one again is recognised as reuse.
 *
 * The grant item doubles as the grant's revocation record: access tokens carry the grant id, and
 * UserInfo asks `isGrantRevoked`, so revoking a family also stops the access tokens issued under it.
 */
export interface RefreshTokenStore {
  /**
   * Stores the first token of a family (issued with the code's tokens) and its grant item.
   * 'GrantRevoked' when the grant was revoked meanwhile (the code was replayed while this redemption was
   * in flight): the caller must not hand out the tokens.
   */
  saveFirst(instanceId: InstanceId, token: RefreshTokenRecord): Promise<'Saved' | 'GrantRevoked'>;
  /** The token under `tokenHash`, used or revoked or not. */
  get(instanceId: InstanceId, tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Writes `used` (the presented token, marked used) and `next` (its successor) in one transaction,
   * conditioned on the presented token not being used yet and the grant not revoked.
   * - 'Reused': the presented token was used meanwhile (a concurrent refresh won). Handle it as the
   *   reuse outcome of `rotateRefreshToken`: revoke the family (RFC 9700 §4.14.2, no grace period).
   * - 'GrantRevoked': the family was revoked meanwhile; refuse (invalid_grant), nothing more to revoke.
   */
  rotate(instanceId: InstanceId, rotation: { readonly used: RefreshTokenRecord; readonly next: RefreshTokenRecord }): Promise<'Rotated' | 'Reused' | 'GrantRevoked'>;
  /**
   * Revokes a grant: its grant item is marked revoked (created when the grant has no refresh tokens, e.g.
   * a replayed code of a grant without offline_access), then every token of its family. Idempotent.
   * `retainUntil` is how long a grant item created here must be kept: at least as long as the longest
   * access token issued under the grant may live.
   */
  revokeGrant(instanceId: InstanceId, grantId: string, at: { readonly now: Date; readonly retainUntil: Date }): Promise<void>;
  /** Whether the grant was revoked (false for a grant never seen). For UserInfo's access-token check. */
  isGrantRevoked(instanceId: InstanceId, grantId: string): Promise<boolean>;
}
