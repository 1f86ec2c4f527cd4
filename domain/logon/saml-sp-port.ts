import type { Result } from '../shared/result';
import type { SamlIdpConfig } from '../saml/idp-config';
import type { SamlReplayGuard } from '../saml/ports';
import type { SamlFailure } from '../saml/saml-failure';

export type SpIdentity = { readonly entityId: string; readonly acsUrl: string };

/** Atrium's SAML service-provider machinery (samlify and our own checks in adapters/saml). */
export interface SamlServiceProvider {
  createAuthnRequest(
    idp: SamlIdpConfig,
    sp: SpIdentity,
    relayState?: string,
  ): Promise<{ readonly id: string; readonly redirectUrl?: string; readonly postForm?: { readonly action: string; readonly SAMLRequest: string; readonly RelayState?: string } }>;
  /** The unchecked InResponseTo, only to find the outstanding request before validation. */
  peekInResponseTo(samlResponse: string): Promise<string | undefined>;
  validateResponse(
    input: { readonly samlResponse: string; readonly idp: SamlIdpConfig; readonly sp: SpIdentity; readonly expectedRequestId?: string; readonly now: Date },
    guard: SamlReplayGuard,
  ): Promise<Result<{ readonly nameId: string; readonly issuer: string; readonly assertionId: string; readonly notOnOrAfter: Date }, SamlFailure>>;
}
