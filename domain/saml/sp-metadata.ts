import { certificateBody } from './certificate';
import { BINDING_URN, NS } from './xml';

export const NAMEID_FORMAT = {
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
} as const;

const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * Atrium's SP metadata for one directory, to upload to the IdP (saml-metadata §2.4.4). The ACS takes
 * HTTP-POST only; assertions must be signed (WantAssertionsSigned, enforced by the ACS whatever the IdP
 * does). The signing certificate (the directory's key) is published so an IdP can be told to require
 * signed AuthnRequests; `authnRequestsSigned` says whether Atrium signs them now (it does when the
 * configured IdP wants them), defaulting to whether a certificate is given.
 */
export const spMetadata = (sp: {
  readonly entityId: string;
  readonly acsUrl: string;
  readonly signingCertificate?: string;
  readonly authnRequestsSigned?: boolean;
}): string => {
  const key = sp.signingCertificate
    ? `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="${NS.ds}"><ds:X509Data><ds:X509Certificate>${certificateBody(sp.signingCertificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
    : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="${NS.metadata}" entityID="${escapeXml(sp.entityId)}">`,
    `<md:SPSSODescriptor AuthnRequestsSigned="${(sp.authnRequestsSigned ?? !!sp.signingCertificate) ? 'true' : 'false'}" WantAssertionsSigned="true" protocolSupportEnumeration="${NS.protocol}">`,
    key,
    `<md:NameIDFormat>${NAMEID_FORMAT.unspecified}</md:NameIDFormat>`,
    `<md:NameIDFormat>${NAMEID_FORMAT.emailAddress}</md:NameIDFormat>`,
    `<md:AssertionConsumerService Binding="${BINDING_URN['HTTP-POST']}" Location="${escapeXml(sp.acsUrl)}" index="0" isDefault="true"/>`,
    '</md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
};
