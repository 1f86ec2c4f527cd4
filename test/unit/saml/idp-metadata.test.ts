import { describe, expect, it } from 'vitest';
import { configureSamlIdp } from '../../../domain/saml/idp-config';
import { parseIdpMetadata, settingsFromMetadata, type IdpMetadata } from '../../../domain/saml/idp-metadata';
import type { DirectoryId } from '../../../domain/shared/ids';
import { expectedCertificates, fixture } from './support';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const DIR = 'd-000000000001' as DirectoryId;
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

const parsed = (xml: string): IdpMetadata => {
  const out = parseIdpMetadata(xml);
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
};

describe('parseIdpMetadata: the four IdPs', () => {
  const tenant = '3f2c8a61-5b7e-4d0a-9c1e-7a4b2d9e0f13';
  it.each([
    {
      name: 'Entra ID (federation metadata: signed, WS-Fed RoleDescriptors, two certificates during a rollover)',
      file: 'entra-id.xml',
      entityId: `https://sts.windows.net/${tenant}/`,
      ssoUrls: [
        { binding: 'HTTP-Redirect', location: `https://login.microsoftonline.com/${tenant}/saml2` },
        { binding: 'HTTP-POST', location: `https://login.microsoftonline.com/${tenant}/saml2` },
      ],
      certificates: expectedCertificates['entra-id'],
    },
    {
      name: 'Okta (app metadata, md: prefix, WantAuthnRequestsSigned="false")',
      file: 'okta.xml',
      entityId: 'http://www.okta.com/exkb1x2y3z4A5B6C7d8',
      ssoUrls: [
        { binding: 'HTTP-POST', location: 'https://dev-48213375.okta.com/app/dev-48213375_atrium_1/exkb1x2y3z4A5B6C7d8/sso/saml' },
        { binding: 'HTTP-Redirect', location: 'https://dev-48213375.okta.com/app/dev-48213375_atrium_1/exkb1x2y3z4A5B6C7d8/sso/saml' },
      ],
      certificates: expectedCertificates.okta,
    },
    {
      name: 'AD FS (FederationMetadata.xml: signed, RoleDescriptors, an SPSSODescriptor, encryption + two signing certificates)',
      file: 'adfs.xml',
      entityId: 'http://adfs.contoso.com/adfs/services/trust',
      ssoUrls: [
        { binding: 'HTTP-Redirect', location: 'https://adfs.contoso.com/adfs/ls/' },
        { binding: 'HTTP-POST', location: 'https://adfs.contoso.com/adfs/ls/' },
      ],
      certificates: expectedCertificates.adfs,
    },
    {
      name: 'Shibboleth IdP (pretty-printed, shibmd:Scope, wrapped certificates, SAML 1 and SimpleSign endpoints)',
      file: 'shibboleth.xml',
      entityId: 'https://idp.example.org/idp/shibboleth',
      ssoUrls: [
        { binding: 'HTTP-POST', location: 'https://idp.example.org/idp/profile/SAML2/POST/SSO' },
        { binding: 'HTTP-Redirect', location: 'https://idp.example.org/idp/profile/SAML2/Redirect/SSO' },
      ],
      certificates: expectedCertificates.shibboleth,
    },
  ])('$name', ({ file, entityId, ssoUrls, certificates }) => {
    expect(parsed(fixture(file))).toEqual({ entityId, ssoUrls, certificates, wantAuthnRequestsSigned: false });
  });

  it.each(['entra-id.xml', 'okta.xml', 'adfs.xml', 'shibboleth.xml'])('%s imports: metadata → settings → a valid configuration', (file) => {
    const out = configureSamlIdp(DIR, settingsFromMetadata(parsed(fixture(file))), NOW);
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value).toMatchObject({ directoryId: DIR, binding: 'HTTP-Redirect', version: 1, updatedAt: NOW.toISOString() });
    expect(out.value.certificates.length).toBeGreaterThanOrEqual(1);
  });

  it('leaves encryption certificates and other roles\' certificates out', () => {
    const adfs = parsed(fixture('adfs.xml'));
    expect(adfs.certificates).not.toContain(expectedCertificates['adfs-encryption']![0]);
    const shib = parsed(fixture('shibboleth.xml'));
    expect(shib.certificates).not.toContain(expectedCertificates['shibboleth-encryption']![0]);
  });
});

const minimal = (inner: string, attrs = 'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"', entityId = 'https://idp.example/') =>
  `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"><IDPSSODescriptor ${attrs}>${inner}</IDPSSODescriptor></EntityDescriptor>`;
const key = (use?: string) =>
  `<KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${expectedCertificates.okta![0]}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`;
const sso = `<SingleSignOnService Binding="${POST}" Location="https://idp.example/sso"/>`;

describe('parseIdpMetadata: details', () => {
  it('a KeyDescriptor without use is a signing key (saml-metadata §2.4.1.1)', () => {
    expect(parsed(minimal(key() + sso)).certificates).toEqual(expectedCertificates.okta);
  });

  it('reads WantAuthnRequestsSigned', () => {
    expect(parsed(minimal(key() + sso, 'WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"')).wantAuthnRequestsSigned).toBe(true);
  });

  it('accepts an EntitiesDescriptor holding exactly one IdP', () => {
    const one = `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${minimal(key() + sso).replace(' xmlns="urn:oasis:names:tc:SAML:2.0:metadata"', '')}</EntitiesDescriptor>`;
    expect(parsed(one).entityId).toBe('https://idp.example/');
  });

  it('prefers HTTP-Redirect, falls back to what is offered', () => {
    expect(settingsFromMetadata(parsed(fixture('okta.xml'))).binding).toBe('HTTP-Redirect');
    expect(settingsFromMetadata(parsed(fixture('okta.xml')), 'HTTP-POST').binding).toBe('HTTP-POST');
    expect(settingsFromMetadata(parsed(minimal(key() + sso))).binding).toBe('HTTP-POST');
  });

  it.each([
    ['a DOCTYPE (entity expansion, XXE)', `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${minimal(key() + sso)}`, /document type declaration/],
    ['a billion-laughs DOCTYPE', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>${minimal(key() + sso)}`, /document type declaration/],
    ['not XML', 'hello', /no root element/],
    ['broken XML', '<EntityDescriptor', /not well-formed/],
    ['another namespace', '<EntityDescriptor xmlns="urn:example" entityID="x"/>', /md:EntityDescriptor/],
    ['an SP only', '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>', /no IDPSSODescriptor/],
    ['a SAML 1.1-only IdP', minimal(key() + sso, 'protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol"'), /no IDPSSODescriptor/],
    ['no entityID', minimal(key() + sso, undefined, ''), /no entityID/],
    ['no usable endpoint', minimal(key() + '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://idp.example/soap"/>'), /no SingleSignOnService/],
    ['no signing certificate', minimal(key('encryption') + sso), /no signing certificate/],
    ['two IdPs', `<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${[1, 2].map((i) => minimal(key() + sso, undefined, `https://idp${i}.example/`).replace(' xmlns="urn:oasis:names:tc:SAML:2.0:metadata"', '')).join('')}</EntitiesDescriptor>`, /describes 2 identity providers/],
  ])('refuses %s', (_name, xml, message) => {
    const out = parseIdpMetadata(xml);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe('Saml.Malformed');
      expect(out.error.message).toMatch(message);
    }
  });
});
