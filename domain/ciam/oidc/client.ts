/**
 * The view of a relying party that the OpenID Connect protocol rules need: one application registered in
 * one CIAM instance. How it is stored and administered is another module's concern; secrets are not part
 * of it (client authentication takes them separately, see `client-authentication.ts`).
 */
export type OidcClient = {
  readonly clientId: string;
  readonly instanceId: string;
  readonly applicationId: string;
  /** RFC 6749 §2.1: a confidential client can keep a secret; a public one (SPA, native app) cannot. */
  readonly type: 'confidential' | 'public';
  /** RFC 6749 §3.1.2.2: compared by exact string match, never by prefix (see `redirect-uri.ts`). */
  readonly redirectUris: readonly string[];
  /** OIDC RP-Initiated Logout 1.0 §3.1. */
  readonly postLogoutRedirectUris: readonly string[];
  readonly grantTypes: readonly OidcGrantType[];
  readonly accessTokenSeconds: number;
  readonly idTokenSeconds: number;
  /** The absolute lifetime of a refresh token family (see `refresh-token.ts`). */
  readonly refreshTokenSeconds: number;
  readonly enabled: boolean;
};

export type OidcGrantType = 'authorization_code' | 'refresh_token';

export const OIDC_GRANT_TYPES: readonly OidcGrantType[] = ['authorization_code', 'refresh_token'];
