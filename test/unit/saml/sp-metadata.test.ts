import { describe, expect, it } from 'vitest';
import { spMetadata } from '../../../domain/saml/sp-metadata';
import { child, children, NS, parseXml } from '../../../domain/saml/xml';
import { expectedCertificates } from './support';

const SP = {
  entityId: 'https://signin.atrium.example/saml/sp/d-000000000001',
  acsUrl: 'https://signin.atrium.example/portal/d-000000000001/saml/acs',
};

const descriptor = (xml: string) => {
  const doc = parseXml(xml);
  if (!doc.ok) throw new Error(doc.error);
  const root = doc.value.documentElement;
  expect(root.namespaceURI).toBe(NS.metadata);
  expect(root.localName).toBe('EntityDescriptor');
  return { root, sp: child(root, NS.metadata, 'SPSSODescriptor')! };
};

describe('spMetadata', () => {
  it('an EntityDescriptor with an SPSSODescriptor: ACS over HTTP-POST, two NameID formats, assertions signed', () => {
    const { root, sp } = descriptor(spMetadata(SP));
    expect(root.getAttribute('entityID')).toBe(SP.entityId);
    expect(sp.getAttribute('protocolSupportEnumeration')).toBe(NS.protocol);
    expect(sp.getAttribute('WantAssertionsSigned')).toBe('true');
    expect(sp.getAttribute('AuthnRequestsSigned')).toBe('false');
    expect(children(sp, NS.metadata, 'NameIDFormat').map((n) => n.textContent)).toEqual([
      'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    ]);
    const acs = children(sp, NS.metadata, 'AssertionConsumerService');
    expect(acs).toHaveLength(1);
    expect([acs[0]!.getAttribute('Binding'), acs[0]!.getAttribute('Location'), acs[0]!.getAttribute('index')]).toEqual([
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      SP.acsUrl,
      '0',
    ]);
    expect(children(sp, NS.metadata, 'KeyDescriptor')).toHaveLength(0);
  });

  it('metadata elements in schema order (KeyDescriptor, NameIDFormat, AssertionConsumerService)', () => {
    const { sp } = descriptor(spMetadata({ ...SP, signingCertificate: expectedCertificates.okta![0]! }));
    const order: string[] = [];
    for (let n = sp.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) order.push((n as Element).localName);
    expect(order).toEqual(['KeyDescriptor', 'NameIDFormat', 'NameIDFormat', 'AssertionConsumerService']);
  });

  it('publishes a signing certificate, and AuthnRequestsSigned, when requests are signed', () => {
    const { sp } = descriptor(spMetadata({ ...SP, signingCertificate: expectedCertificates.okta![0]! }));
    expect(sp.getAttribute('AuthnRequestsSigned')).toBe('true');
    const key = child(sp, NS.metadata, 'KeyDescriptor')!;
    expect(key.getAttribute('use')).toBe('signing');
    expect(key.getElementsByTagNameNS(NS.ds, 'X509Certificate')[0]!.textContent).toBe(expectedCertificates.okta![0]);
  });

  it('escapes attribute values', () => {
    const { root, sp } = descriptor(spMetadata({ entityId: 'urn:x:"a"&<b>', acsUrl: 'https://sp.example/acs?a=1&b=2' }));
    expect(root.getAttribute('entityID')).toBe('urn:x:"a"&<b>');
    expect(child(sp, NS.metadata, 'AssertionConsumerService')!.getAttribute('Location')).toBe('https://sp.example/acs?a=1&b=2');
  });
});
