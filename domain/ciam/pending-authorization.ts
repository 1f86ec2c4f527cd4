import type { ApplicationId, InstanceId } from '../shared/ids';
import type { AuthorizationRequest } from './oidc/authorization-request';
import type { SamlAuthnRequest } from './saml-idp/authn-request';

type PendingFields = {
  readonly id: string;
  readonly instanceId: InstanceId;
  readonly applicationId: ApplicationId;
  readonly requestedAt: string;
  readonly expiresAt: string;
};

/** An OpenID Connect authorization request (OIDC Core §3.1.2.1), answered with a code. */
export type PendingOidcAuthorization = PendingFields & { readonly protocol: 'OIDC'; readonly request: AuthorizationRequest };
/** A SAML AuthnRequest (saml-core §3.4.1), answered with a Response posted to the application's ACS. */
export type PendingSamlAuthorization = PendingFields & { readonly protocol: 'SAML'; readonly request: SamlAuthnRequest };

/**
 * A validated sign-in request waiting while the customer logs on: an OIDC authorization request or a
 * SAML AuthnRequest, for an application of that protocol. The hosted pages carry only its id; the
 * request itself (redirect URI or ACS URL, PKCE challenge, nonce, request ID, RelayState) stays
 * server-side, so nothing the browser sends on the way can change it. Used once: completing it deletes it.
 */
export type PendingAuthorization = PendingOidcAuthorization | PendingSamlAuthorization;
export type PendingProtocol = PendingAuthorization['protocol'];

/** Long enough to register with an SMS code; short enough that a forgotten tab goes stale. */
export const PENDING_AUTHORIZATION_SECONDS = 15 * 60;
