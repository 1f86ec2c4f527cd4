import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateBody, parseCertificate, toPem } from '../../../domain/saml/certificate';
import { configureSamlIdp, isLoopbackHost, validateSamlIdpSettings, type SamlIdpSettings } from '../../../domain/saml/idp-config';
import type { DirectoryId } from '../../../domain/shared/ids';
import { expectedCertificates, fixture, SAML_IDP_CERT } from './support';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const DIR = 'd-000000000001' as DirectoryId;
const OKTA = expectedCertificates.okta![0]!;
const ENTRA = expectedCertificates['entra-id']!;

const settings = (overrides: Partial<SamlIdpSettings> = {}): SamlIdpSettings => ({
  entityId: 'http://www.okta.com/exkb1x2y3z4A5B6C7d8',
  ssoUrl: 'https://dev-48213375.okta.com/app/x/sso/saml',
  binding: 'HTTP-Redirect',
  certificates: [OKTA],
  wantRequestSigned: false,
  ...overrides,
});

const codeOf = (s: SamlIdpSettings, now = NOW) => {
  const out = validateSamlIdpSettings(s, now);
  return out.ok ? 'ok' : out.error.code;
};

describe('validateSamlIdpSettings', () => {
  it.each([
    ['https', 'https://idp.example/sso', 'ok'],
    ['https with port and query', 'https://idp.example:8443/sso?tenant=1', 'ok'],
    ['http on localhost', 'http://localhost:7000/saml/sso', 'ok'],
    ['http on 127.0.0.1', 'http://127.0.0.1:7000/saml/sso', 'ok'],
    ['http on 127.8.9.10', 'http://127.8.9.10/saml/sso', 'ok'],
    ['http on [::1]', 'http://[::1]:7000/saml/sso', 'ok'],
    ['http elsewhere', 'http://idp.example/sso', 'InvalidParameter.SSOUrl'],
    ['http on a look-alike host', 'http://localhost.evil.example/sso', 'InvalidParameter.SSOUrl'],
    ['http on 127.0.0.1 as a subdomain', 'http://127.0.0.1.evil.example/sso', 'InvalidParameter.SSOUrl'],
    ['another scheme', 'ftp://idp.example/sso', 'InvalidParameter.SSOUrl'],
    ['javascript:', 'javascript:alert(1)', 'InvalidParameter.SSOUrl'],
    ['relative', '/saml/sso', 'InvalidParameter.SSOUrl'],
    ['credentials', 'https://user:pw@idp.example/sso', 'InvalidParameter.SSOUrl'],
    ['a fragment', 'https://idp.example/sso#x', 'InvalidParameter.SSOUrl'],
    ['too long', `https://idp.example/${'a'.repeat(2100)}`, 'InvalidParameter.SSOUrl'],
  ])('SSO URL: %s', (_name, ssoUrl, code) => {
    expect(codeOf(settings({ ssoUrl }))).toBe(code);
  });

  it.each([
    ['a URL', 'https://sts.windows.net/tenant/', 'ok'],
    ['a URN', 'urn:atrium:test-idp', 'ok'],
    ['1024 characters', `urn:${'x'.repeat(1020)}`, 'ok'],
    ['1025 characters', `urn:${'x'.repeat(1021)}`, 'InvalidParameter.EntityId'],
    ['empty', '', 'InvalidParameter.EntityId'],
    ['blank', '   ', 'InvalidParameter.EntityId'],
    ['padded', ' urn:x ', 'InvalidParameter.EntityId'],
  ])('entity id: %s', (_name, entityId, code) => {
    expect(codeOf(settings({ entityId }))).toBe(code);
  });

  it('binding: only HTTP-POST or HTTP-Redirect', () => {
    expect(codeOf(settings({ binding: 'HTTP-POST' }))).toBe('ok');
    expect(codeOf(settings({ binding: 'SOAP' as never }))).toBe('InvalidParameter.BindingType');
  });

  it.each([
    ['a base64 DER body', [OKTA], 'ok'],
    ['a PEM block', [toPem(OKTA)], 'ok'],
    ['a PEM with CRLF line ends', [toPem(OKTA).replace(/\n/g, '\r\n')], 'ok'],
    ['two (a rollover)', ENTRA, 'ok'],
    ['none', [], 'InvalidParameter.X509Certificate'],
    ['three', [...ENTRA, OKTA], 'InvalidParameter.X509Certificate'],
    ['not base64', ['not a certificate!'], 'InvalidParameter.X509Certificate'],
    ['base64, not X.509', [Buffer.from('hello world, not DER').toString('base64')], 'InvalidParameter.X509Certificate'],
    ['a truncated certificate', [OKTA.slice(0, 400)], 'InvalidParameter.X509Certificate'],
    ['bytes after the certificate', [Buffer.concat([Buffer.from(OKTA, 'base64'), Buffer.from([0, 0, 0])]).toString('base64')], 'InvalidParameter.X509Certificate'],
    ['a private key', ['-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'], 'InvalidParameter.X509Certificate'],
    ['two PEM blocks in one entry', [toPem(ENTRA[0]!) + toPem(ENTRA[1]!)], 'InvalidParameter.X509Certificate'],
    ['a 1024-bit RSA key', [fixture('weak-cert.pem')], 'InvalidParameter.X509Certificate'],
    ['an EC key', [fixture('ec-cert.pem')], 'InvalidParameter.X509Certificate'],
  ])('certificates: %s', (_name, certificates, code) => {
    expect(codeOf(settings({ certificates }))).toBe(code);
  });

  it('certificates: expired relative to now, not to the wall clock', () => {
    // saml-idp's test certificate is valid until 2027-11-19T19:46:33Z.
    expect(codeOf(settings({ certificates: [SAML_IDP_CERT] }), new Date('2027-11-19T19:46:32Z'))).toBe('ok');
    const out = validateSamlIdpSettings(settings({ certificates: [SAML_IDP_CERT] }), new Date('2027-11-19T19:46:33Z'));
    expect(!out.ok && out.error).toEqual({ code: 'InvalidParameter.X509Certificate', message: expect.stringMatching(/Certificate 1 .* expired on 2027-11-19T19:46:33.000Z/) });
  });

  it('certificates: one that is not valid yet is accepted (the next certificate, published before the rollover)', () => {
    const info = parseCertificate(OKTA);
    expect(info.ok && codeOf(settings(), new Date(info.value.notBefore.getTime() - 86_400_000))).toBe('ok');
  });

  it('normalises certificates to base64 DER bodies and merges duplicates', () => {
    const out = validateSamlIdpSettings(settings({ certificates: [toPem(OKTA), OKTA] }), NOW);
    expect(out.ok && out.value.certificates).toEqual([OKTA]);
  });
});

describe('configureSamlIdp', () => {
  it('creates version 1, then the next version of the previous configuration', () => {
    const first = configureSamlIdp(DIR, settings(), NOW);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value).toEqual({ directoryId: DIR, ...settings(), updatedAt: NOW.toISOString(), version: 1 });
    const later = new Date('2026-12-01T00:00:00.000Z');
    const second = configureSamlIdp(DIR, settings({ certificates: ENTRA }), later, first.value);
    expect(second.ok && second.value).toMatchObject({ version: 2, updatedAt: later.toISOString(), certificates: ENTRA });
  });

  it('refuses invalid settings', () => {
    expect(configureSamlIdp(DIR, settings({ ssoUrl: 'http://idp.example/' }), NOW).ok).toBe(false);
  });
});

describe('certificates', () => {
  it('parseCertificate agrees with node:crypto on the validity period and fingerprint', () => {
    const reference = new X509Certificate(toPem(OKTA));
    const info = parseCertificate(toPem(OKTA));
    expect(info.ok && info.value).toMatchObject({
      body: OKTA,
      notAfter: new Date(reference.validTo),
      notBefore: new Date(reference.validFrom),
      sha256Fingerprint: reference.fingerprint256,
    });
  });

  it('certificateBody strips armour and white space', () => {
    expect(certificateBody(`  ${toPem(OKTA)}\n`)).toBe(OKTA);
  });

  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['[::1]', true],
    ['localhost.example', false],
    ['10.0.0.1', false],
    ['0.0.0.0', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
