import type { DirectoryId } from '../shared/ids';
import { NAMEID_FORMAT } from '../saml/sp-metadata';
import { BINDING_URN, NS } from '../saml/xml';

/**
 * Atrium's IdP entity id for a directory. It names no origin on purpose: the queue worker that writes
 * the SAML provider into member accounts has no request origin, and a custom domain added later must
 * not invalidate every provider already configured.
 */
export const idpEntityId = (directoryId: DirectoryId): string => `urn:atrium:cloudsso:${directoryId}`;

const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * Atrium's IdP metadata for one directory (saml-metadata §2.4.3): what an administrator uploads to a
 * cloud that is configured by hand. Every published certificate gets its own signing KeyDescriptor, so
 * during a rotation a relying party trusts the Active, Pending and Previous keys at once. Atrium takes
 * no AuthnRequests from clouds (sign-ins are IdP-initiated), hence WantAuthnRequestsSigned="false"; a
 * CIAM instance's SSO endpoint takes unsigned ones too (the answer goes only to the registered ACS).
 */
export const atriumIdpMetadata = (idp: {
  readonly entityId: string;
  readonly certificates: readonly string[];
  readonly ssoUrl: string;
  /** The NameID formats it issues; unspecified and emailAddress unless given (a CIAM instance lists its own). */
  readonly nameIdFormats?: readonly string[];
}): string =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="${NS.metadata}" xmlns:ds="${NS.ds}" entityID="${escapeXml(idp.entityId)}">`,
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${NS.protocol}">`,
    ...idp.certificates.map(
      (body) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${escapeXml(body)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    ),
    ...(idp.nameIdFormats ?? [NAMEID_FORMAT.unspecified, NAMEID_FORMAT.emailAddress]).map((f) => `<md:NameIDFormat>${escapeXml(f)}</md:NameIDFormat>`),
    `<md:SingleSignOnService Binding="${BINDING_URN['HTTP-POST']}" Location="${escapeXml(idp.ssoUrl)}"/>`,
    `<md:SingleSignOnService Binding="${BINDING_URN['HTTP-Redirect']}" Location="${escapeXml(idp.ssoUrl)}"/>`,
    '</md:IDPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
