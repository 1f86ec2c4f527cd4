import type { InstanceId } from '../../shared/ids';
import type { Result } from '../../shared/result';

/**
 * Which token a JWT is, by its `typ` header: ID tokens are plain `JWT` (OIDC Core §2 allows it), access
 * tokens `at+jwt` (RFC 9068 §2.1), so an ID token can never be presented where an access token is
 * expected, nor the reverse (RFC 9068 §4: the resource server checks `typ`).
 */
export type OidcTokenType = 'JWT' | 'at+jwt';

/** A JWT claims set as signed or as verified: the caller builds it (id-token-claims.ts) or reads it. */
export type JwtClaims = Readonly<Record<string, unknown>>;

/** A public signing key as published at the instance's jwks_uri (RFC 7517 §4, RFC 7518 §6.3.1). */
export type PublicJwk = {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly alg: 'RS256';
  readonly use: 'sig';
  readonly n: string;
  readonly e: string;
  /** RFC 7517 §4.7: the base64 (not base64url) DER certificate. */
  readonly x5c: readonly string[];
};

export type VerifyExpectations = {
  readonly typ: OidcTokenType;
  /** The instance's issuer (issuer.ts): a token of another instance's issuer is refused. */
  readonly issuer: string;
  readonly audience?: string;
  /**
   * For id_token_hint (OIDC RP-Initiated Logout §2): the ID token the RP got may well have expired by the
   * time it logs out; its signature and issuer still identify the session.
   */
  readonly allowExpired?: boolean;
};

/**
 * Signs and verifies an instance's JWTs with the instance's own IdP signing keys (RS256; the header's
 * `kid` names the key). Only the instance's published keys verify its tokens, so a token signed by
 * another instance is 'invalid_token' however valid its signature. Storage failures throw.
 */
export interface OidcTokenSigner {
  /** Signs `claims` as given (iat and exp included) with the instance's Active key. */
  sign(instanceId: InstanceId, claims: JwtClaims, typ: OidcTokenType): Promise<string>;
  /** Every published key (Active first, then Pending and Previous), for jwks_uri. */
  jwks(instanceId: InstanceId): Promise<{ readonly keys: readonly PublicJwk[] }>;
  /**
   * The claims of a token signed by one of the instance's published keys, of type `typ`, from `issuer`
   * (and for `audience`), not expired (unless allowed). Anything else is 'invalid_token' (RFC 6750 §3.1).
   */
  verify(instanceId: InstanceId, token: string, expect: VerifyExpectations): Promise<Result<JwtClaims, 'invalid_token'>>;
}
