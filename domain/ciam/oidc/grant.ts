import type { Scope } from './scope';

/**
 * One authorization: what an end user allowed one client, born when an authorization code is issued.
 * The code, the access tokens and the refresh token family issued from it all carry its `grantId`, so the
 * whole lot can be revoked together.
 */
export type Grant = {
  readonly instanceId: string;
  readonly grantId: string;
  readonly clientId: string;
  readonly accountId: string;
  readonly scope: readonly Scope[];
  /** The authentication request's nonce, for the first ID token only (OIDC Core §3.1.3.6, §12.2). */
  readonly nonce?: string;
  /** Seconds since the epoch (OIDC Core §2 auth_time). */
  readonly authTime: number;
};

/**
 * An instruction, returned as data, to revoke every token issued under a grant: a replayed authorization
 * code (RFC 6749 §4.1.2, §10.5) or a reused refresh token (RFC 6819 §5.2.2.3, RFC 9700 §4.14.2) means a
 * credential leaked, and the server cannot tell the thief from the client.
 */
export type GrantRevocation = {
  readonly instanceId: string;
  readonly grantId: string;
  readonly clientId: string;
  readonly reason: 'authorization-code-reuse' | 'refresh-token-reuse';
};
