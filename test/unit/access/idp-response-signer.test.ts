import { SAML } from '@node-saml/node-saml';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyMaterial } from '../../../adapters/crypto/signing-key-material';
import type { ActiveSigningKey } from '../../../adapters/dynamodb/idp-signing-key-repository';
import { IdpResponseSigner } from '../../../adapters/saml/idp-response-signer';
import type { SignInAssertion } from '../../../domain/access/cloud';
import { atriumIdpMetadata, idpEntityId } from '../../../domain/access/idp-entity';
import { parseCertificate, toPem } from '../../../domain/saml/certificate';
import { parseIdpMetadata } from '../../../domain/saml/idp-metadata';
import type { DirectoryId } from '../../../domain/shared/ids';

const DIR = 'd-signer0test1' as DirectoryId;
const DEST = 'https://sandbox.example.test/sandbox-cloud/saml-role/sso';
const AUDIENCE = 'urn:alibaba:cloudcomputing';
const ROLE = 'https://www.aliyun.com/SAML-Role/Attributes/Role';
const SESSION = 'https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName';

let key: ActiveSigningKey;
let other: ActiveSigningKey;

const material = async (now: Date): Promise<ActiveSigningKey> => {
  const m = await generateSigningKeyMaterial({ commonName: `Atrium CloudSSO ${DIR}` }, now);
  return { keyId: 'idpkey-test', certificate: m.certificate, privateKeyPem: m.privateKeyPem };
};

const assertion = (over: Partial<SignInAssertion> = {}): SignInAssertion => {
  const now = new Date();
  return {
    directoryId: DIR,
    issuer: idpEntityId(DIR),
    destination: DEST,
    audience: AUDIENCE,
    nameId: 'ada@example.com',
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    attributes: {
      [ROLE]: ['acs:ram::1234567890123456:role/AliyunReservedSSO-dev,acs:ram::1234567890123456:saml-provider/AliyunReservedSSO-d-signer0test1', 'second & <value>'],
      [SESSION]: ['ada@example.com'],
    },
    now,
    validForSeconds: 300,
    sessionNotOnOrAfter: new Date(now.getTime() + 3600_000),
    ...over,
  };
};

/** An independent relying party: node-saml, trusting only the published certificates. */
const verifier = (certificates: readonly string[]) =>
  new SAML({
    idpCert: certificates.map(toPem),
    issuer: 'urn:alibaba:cloudcomputing',
    audience: AUDIENCE,
    callbackUrl: DEST,
    idpIssuer: idpEntityId(DIR),
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: 'never' as never,
  });

beforeAll(async () => {
  [key, other] = await Promise.all([material(new Date()), material(new Date())]);
});

describe('IdpResponseSigner', () => {
  it('makes a certificate Atrium itself accepts: RSA 2048, CN names the directory, three years', () => {
    const cert = parseCertificate(key.certificate);
    expect(cert.ok).toBe(true);
    if (!cert.ok) return;
    expect(cert.value.subject).toContain(`CN=Atrium CloudSSO ${DIR}`);
    const years = (cert.value.notAfter.getTime() - cert.value.notBefore.getTime()) / (365.25 * 86400_000);
    expect(years).toBeGreaterThan(2.99);
  });

  it('signs a response that node-saml verifies, attributes intact and in order', async () => {
    const b64 = await new IdpResponseSigner({ activeSigningKey: async () => key }).sign(assertion());
    const xml = Buffer.from(b64, 'base64').toString('utf8');
    expect(xml).not.toContain('InResponseTo');
    // Both signatures, each right after its Issuer (saml-schema-protocol / -assertion).
    expect(xml).toMatch(/<samlp:Response [^>]*><saml:Issuer>[^<]+<\/saml:Issuer><ds:Signature/);
    expect(xml).toMatch(/<saml:Assertion [^>]*><saml:Issuer>[^<]+<\/saml:Issuer><ds:Signature/);
    expect([...xml.matchAll(/ ID="([^"]+)"/g)].every((m) => /^[A-Za-z_]/.test(m[1]!))).toBe(true);
    const { profile } = await verifier([key.certificate]).validatePostResponseAsync({ SAMLResponse: b64 });
    expect(profile?.nameID).toBe('ada@example.com');
    expect(profile?.issuer).toBe(idpEntityId(DIR));
    expect(profile?.[ROLE]).toEqual(assertion().attributes[ROLE]);
    expect(profile?.[SESSION]).toBe('ada@example.com');
  });

  it('a tampered response is refused by node-saml', async () => {
    const b64 = await new IdpResponseSigner({ activeSigningKey: async () => key }).sign(assertion());
    const tampered = Buffer.from(Buffer.from(b64, 'base64').toString('utf8').replace('AliyunReservedSSO-dev', 'AliyunReservedSSO-admin')).toString('base64');
    await expect(verifier([key.certificate]).validatePostResponseAsync({ SAMLResponse: tampered })).rejects.toThrow(/signature/i);
  });

  it('a response signed with another key is refused; with both keys trusted (rotation) it verifies', async () => {
    const b64 = await new IdpResponseSigner({ activeSigningKey: async () => other }).sign(assertion());
    await expect(verifier([key.certificate]).validatePostResponseAsync({ SAMLResponse: b64 })).rejects.toThrow(/signature/i);
    const { profile } = await verifier([key.certificate, other.certificate]).validatePostResponseAsync({ SAMLResponse: b64 });
    expect(profile?.nameID).toBe('ada@example.com');
  });

  it('escapes every value and refuses characters XML cannot carry', async () => {
    const signer = new IdpResponseSigner({ activeSigningKey: async () => key });
    const nameId = 'a"<&>\'b</saml:NameID>@example.com';
    const b64 = await signer.sign(assertion({ nameId, attributes: { [SESSION]: ['x</saml:AttributeValue><saml:AttributeValue>injected'] } }));
    const { profile } = await verifier([key.certificate]).validatePostResponseAsync({ SAMLResponse: b64 });
    expect(profile?.nameID).toBe(nameId);
    expect(profile?.[SESSION]).toBe('x</saml:AttributeValue><saml:AttributeValue>injected');
    await expect(signer.sign(assertion({ nameId: 'bad\u0001' }))).rejects.toThrow(/XML cannot carry/);
  });
});

describe('atriumIdpMetadata', () => {
  it('parses back with the IdP metadata importer: entity id, SSO URLs, every published certificate', () => {
    const xml = atriumIdpMetadata({ entityId: idpEntityId(DIR), certificates: [key.certificate, other.certificate], ssoUrl: 'https://atrium.example/portal/acme&co/login' });
    const parsed = parseIdpMetadata(xml);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.entityId).toBe('urn:atrium:cloudsso:d-signer0test1');
    expect(parsed.value.certificates).toEqual([key.certificate, other.certificate]);
    expect(parsed.value.wantAuthnRequestsSigned).toBe(false);
    expect(parsed.value.ssoUrls.map((u) => u.binding).sort()).toEqual(['HTTP-POST', 'HTTP-Redirect']);
    expect(parsed.value.ssoUrls[0]!.location).toBe('https://atrium.example/portal/acme&co/login');
  });
});
