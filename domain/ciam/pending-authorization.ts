import type { ApplicationId, InstanceId } from '../shared/ids';
import type { AuthorizationRequest } from './oidc/authorization-request';

/**
 * A validated authorization request waiting while the customer logs on. The hosted pages carry only
 * its id; the request itself (redirect URI, PKCE challenge, nonce) stays server-side, so nothing the
 * browser sends on the way can change it. Used once: completing it deletes it.
 */
export type PendingAuthorization = {
  readonly id: string;
  readonly instanceId: InstanceId;
  readonly applicationId: ApplicationId;
  readonly request: AuthorizationRequest;
  readonly requestedAt: string;
  readonly expiresAt: string;
};

/** Long enough to register with an SMS code; short enough that a forgotten tab goes stale. */
export const PENDING_AUTHORIZATION_SECONDS = 15 * 60;
