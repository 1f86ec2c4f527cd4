import { ok, type Result } from '../shared/result';
import { certificateBody } from './certificate';
import type { SamlBinding, SamlIdpSettings } from './idp-config';
import { samlFail, type SamlFailure } from './saml-failure';
import { attr, BINDING_URN, child, children, descendants, NS, parseXml, simpleText } from './xml';

export type IdpMetadata = {
  readonly entityId: string;
  /** The SAML 2.0 HTTP-POST and HTTP-Redirect endpoints only: the bindings Atrium can send AuthnRequests by. */
  readonly ssoUrls: readonly { readonly binding: SamlBinding; readonly location: string }[];
  /** Signing certificates (base64 DER bodies) of the IDPSSODescriptor, in document order, without duplicates. */
  readonly certificates: readonly string[];
  readonly wantAuthnRequestsSigned: boolean;
};

const SAML2_PROTOCOL = NS.protocol;

const malformed = (why: string) => samlFail('Saml.Malformed', `IdP metadata ${why}.`);

/** saml-metadata §2.4.1: a role supports SAML 2.0 when its protocolSupportEnumeration lists the protocol URN. */
const supportsSaml2 = (role: Element): boolean => (attr(role, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL);

/** EntityDescriptors, also inside (nested) EntitiesDescriptor aggregates (saml-metadata §2.3.1). */
const entityDescriptors = (root: Element): Element[] => {
  if (root.namespaceURI !== NS.metadata) return [];
  if (root.localName === 'EntityDescriptor') return [root];
  if (root.localName === 'EntitiesDescriptor') return descendants(root, NS.metadata, 'EntityDescriptor');
  return [];
};

/**
 * saml-metadata §2.4.1.1: a KeyDescriptor without `use` serves both signing and encryption; one with
 * use="encryption" (AD FS, Shibboleth) is not a signing key and is left out.
 */
const signingCertificates = (role: Element): string[] => {
  const bodies: string[] = [];
  for (const kd of children(role, NS.metadata, 'KeyDescriptor')) {
    const use = attr(kd, 'use');
    if (use !== undefined && use !== 'signing') continue;
    const keyInfo = child(kd, NS.ds, 'KeyInfo');
    if (!keyInfo) continue;
    for (const data of children(keyInfo, NS.ds, 'X509Data')) {
      for (const cert of children(data, NS.ds, 'X509Certificate')) {
        const body = certificateBody(simpleText(cert).text);
        if (body && !bodies.includes(body)) bodies.push(body);
      }
    }
  }
  return bodies;
};

/**
 * Reads an IdP's SAML 2.0 metadata (Entra ID federation metadata, Okta app metadata, AD FS
 * FederationMetadata.xml, Shibboleth idp-metadata.xml). Only the IDPSSODescriptor counts: the WS-Fed
 * RoleDescriptors of Entra ID and AD FS and AD FS's SPSSODescriptor carry certificates too, but they
 * are not the SAML IdP role. The metadata's own signature is not checked: the administrator uploading
 * it is the trust decision. A DOCTYPE is refused (see parseXml).
 */
export const parseIdpMetadata = (xml: string): Result<IdpMetadata, SamlFailure> => {
  const parsed = parseXml(xml);
  if (!parsed.ok) return malformed(`is not usable: ${parsed.error}`);
  const root = parsed.value.documentElement;
  const entities = entityDescriptors(root);
  if (entities.length === 0) return malformed('must be an md:EntityDescriptor (urn:oasis:names:tc:SAML:2.0:metadata)');
  const idps = entities
    .map((entity) => ({ entity, role: children(entity, NS.metadata, 'IDPSSODescriptor').find(supportsSaml2) }))
    .filter((e): e is { entity: Element; role: Element } => e.role !== undefined);
  if (idps.length === 0) return malformed('has no IDPSSODescriptor supporting SAML 2.0');
  if (idps.length > 1) return malformed(`describes ${idps.length} identity providers; give the metadata of one`);
  const { entity, role } = idps[0]!;
  const entityId = attr(entity, 'entityID') ?? '';
  if (entityId.trim() === '') return malformed('has no entityID');
  const ssoUrls: { binding: SamlBinding; location: string }[] = [];
  for (const sso of children(role, NS.metadata, 'SingleSignOnService')) {
    const urn = attr(sso, 'Binding');
    const location = attr(sso, 'Location');
    const binding = (Object.keys(BINDING_URN) as SamlBinding[]).find((b) => BINDING_URN[b] === urn);
    if (binding && location) ssoUrls.push({ binding, location });
  }
  if (ssoUrls.length === 0) return malformed('has no SingleSignOnService for HTTP-Redirect or HTTP-POST');
  const certificates = signingCertificates(role);
  if (certificates.length === 0) return malformed('has no signing certificate in its IDPSSODescriptor');
  const want = attr(role, 'WantAuthnRequestsSigned');
  return ok({ entityId, ssoUrls, certificates, wantAuthnRequestsSigned: want === 'true' || want === '1' });
};

/**
 * Settings from metadata, ready for validateSamlIdpSettings. HTTP-Redirect is preferred when offered
 * (every IdP here offers it, and it needs no auto-submitting page); certificates are passed as found,
 * so validation reports one that has expired or is more than two.
 */
export const settingsFromMetadata = (metadata: IdpMetadata, preferred: SamlBinding = 'HTTP-Redirect'): SamlIdpSettings => {
  const endpoint = metadata.ssoUrls.find((s) => s.binding === preferred) ?? metadata.ssoUrls[0]!;
  return {
    entityId: metadata.entityId,
    ssoUrl: endpoint.location,
    binding: endpoint.binding,
    certificates: metadata.certificates,
    wantRequestSigned: metadata.wantAuthnRequestsSigned,
  };
};
