import type { OidcClient } from './client';
import { base64UrlEncode } from './base64url';
import { hasScope, type Scope } from './scope';
import type { Sha256 } from './sha256';

/** What Atrium knows of a CIAM customer that can become claims. */
export type CustomerProfile = {
  readonly sub: string;
  readonly preferredUsername?: string;
  readonly name?: string;
  readonly email?: string;
  readonly emailVerified?: boolean;
  readonly phoneNumber?: string;
  readonly phoneNumberVerified?: boolean;
};

/** OIDC Core §5.1 standard claims Atrium releases, by the scope that releases them (§5.4). */
export type ScopedClaims = {
  readonly preferred_username?: string;
  readonly name?: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly phone_number?: string;
  readonly phone_number_verified?: boolean;
};

export type UserInfoClaims = { readonly sub: string } & ScopedClaims;

export type IdTokenClaims = {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly exp: number;
  readonly iat: number;
  readonly auth_time: number;
  readonly nonce?: string;
  readonly at_hash?: string;
} & ScopedClaims;

/**
 * OIDC Core §5.4: profile → name, preferred_username; email → email, email_verified; phone →
 * phone_number, phone_number_verified. A claim with no value is left out (§5.3.2), and a `*_verified`
 * flag only goes with the value it qualifies.
 */
export const scopedClaims = (profile: CustomerProfile, scope: readonly Scope[]): ScopedClaims => ({
  ...(hasScope(scope, 'profile') && profile.preferredUsername !== undefined ? { preferred_username: profile.preferredUsername } : {}),
  ...(hasScope(scope, 'profile') && profile.name !== undefined ? { name: profile.name } : {}),
  ...(hasScope(scope, 'email') && profile.email !== undefined
    ? { email: profile.email, ...(profile.emailVerified === undefined ? {} : { email_verified: profile.emailVerified }) }
    : {}),
  ...(hasScope(scope, 'phone') && profile.phoneNumber !== undefined
    ? {
        phone_number: profile.phoneNumber,
        ...(profile.phoneNumberVerified === undefined ? {} : { phone_number_verified: profile.phoneNumberVerified }),
      }
    : {}),
});

/** OIDC Core §5.3.2: the UserInfo response always has sub, then the claims the access token's scope releases. */
export const userInfoClaims = (profile: CustomerProfile, scope: readonly Scope[]): UserInfoClaims => ({
  sub: profile.sub,
  ...scopedClaims(profile, scope),
});

/**
 * OIDC Core §3.1.3.6 / §3.3.2.11 at_hash: the base64url of the left-most half of the hash of the ASCII
 * access token, with the hash of the ID token's `alg` (SHA-256 for RS256, the only one Atrium signs with).
 */
export const accessTokenHash = (accessToken: string, sha256: Sha256): string => {
  const digest = sha256(accessToken);
  return base64UrlEncode(digest.slice(0, digest.length / 2));
};

export type IdTokenInput = {
  readonly issuer: string;
  readonly client: OidcClient;
  readonly profile: CustomerProfile;
  /** The scope of the token response the ID token goes with; must include openid. */
  readonly scope: readonly Scope[];
  /** Seconds since the epoch of the end user's authentication (OIDC Core §2 auth_time). */
  readonly authTime: number;
  /** The authentication request's nonce; leave it out for a refreshed ID token (OIDC Core §12.2). */
  readonly nonce?: string;
  /** The access token issued alongside, for at_hash. */
  readonly accessToken?: string;
  readonly now: Date;
  readonly sha256: Sha256;
};

/**
 * The claims of an ID token (OIDC Core §2, §3.1.3.6): iss, sub, aud (the client_id), iat, exp (iat plus the
 * client's idTokenSeconds), auth_time always (it is required whenever max_age was asked, and harmless
 * otherwise), nonce when the request had one, at_hash when an access token goes with it.
 *
 * The scope's profile, email and phone claims go into the ID token as well as UserInfo: OIDC Core §5.4
 * returns them from UserInfo when an access token is issued but does not forbid more claims in the ID
 * token (§2), and relying parties that only read the ID token then need no UserInfo call.
 */
export const idTokenClaims = (input: IdTokenInput): IdTokenClaims => {
  if (!hasScope(input.scope, 'openid')) throw new Error('an ID token is only issued for the openid scope');
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    iss: input.issuer,
    sub: input.profile.sub,
    aud: input.client.clientId,
    exp: iat + input.client.idTokenSeconds,
    iat,
    auth_time: input.authTime,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...(input.accessToken === undefined ? {} : { at_hash: accessTokenHash(input.accessToken, input.sha256) }),
    ...scopedClaims(input.profile, input.scope),
  };
};
