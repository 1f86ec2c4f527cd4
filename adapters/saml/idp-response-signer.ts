import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { SignInAssertion, SignInResponseSigner } from '../../domain/access/cloud';
import { toPem } from '../../domain/saml/certificate';
import type { DirectoryId } from '../../domain/shared/ids';
import type { ActiveSigningKey } from '../dynamodb/idp-signing-key-repository';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
// The user signed in to the portal (password, MFA or an upstream IdP): Atrium does not claim which.
const UNSPECIFIED_CONTEXT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** Where the signer gets the directory's Active key (DynamoIdpSigningKeyRepository). */
export type ActiveKeySource = { activeSigningKey(directoryId: DirectoryId, now: Date): Promise<ActiveSigningKey> };

// XML 1.0 §2.2: characters a document may not contain at all, escaped or not.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Escapes text and attribute values alike; refuses what XML cannot carry rather than dropping it. */
const esc = (value: string): string => {
  if (FORBIDDEN.test(value)) throw new Error('a SAML value holds a character XML cannot carry');
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');
};

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
/** xs:ID is an NCName: it must not start with a digit, hence the prefix. */
const newId = () => `_${randomBytes(20).toString('hex')}`;

/**
 * Atrium as the IdP of member accounts: an IdP-initiated SAML 2.0 Response (saml-profiles §4.1.5, so no
 * InResponseTo) for the HTTP-POST binding. Both the Assertion and the Response are signed (RSA-SHA256,
 * exclusive c14n, enveloped; saml-core §5.4), each signature right after its Issuer as the schema orders
 * it: clouds differ in which one they verify (Alibaba Cloud accepts either, AWS wants the Response or
 * the Assertion), and signing both satisfies all. The certificate goes in KeyInfo for relying parties
 * that pick the key by it; verifiers must still trust only the certificates they were configured with.
 */
export class IdpResponseSigner implements SignInResponseSigner {
  constructor(private readonly keys: ActiveKeySource) {}

  async sign(a: SignInAssertion): Promise<string> {
    const key = await this.keys.activeSigningKey(a.directoryId, a.now);
    const now = iso(a.now);
    const until = iso(plus(a.now, a.validForSeconds));
    const responseId = newId();
    const assertionId = newId();
    // No xsi:type on values: exclusive c14n would drop the unused `xs` declaration from the signed
    // bytes, leaving a verifier that re-reads them with an unresolvable QName.
    const attributes = Object.entries(a.attributes)
      .map(
        ([name, values]) =>
          `<saml:Attribute Name="${esc(name)}" NameFormat="${BASIC}">` +
          values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('') +
          `</saml:Attribute>`,
      )
      .join('');
    const xml =
      `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${responseId}" Version="2.0" IssueInstant="${now}" Destination="${esc(a.destination)}">` +
      `<saml:Issuer>${esc(a.issuer)}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status>` +
      `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${now}">` +
      `<saml:Issuer>${esc(a.issuer)}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="${esc(a.nameIdFormat)}">${esc(a.nameId)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="${BEARER}"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${esc(a.destination)}"/></saml:SubjectConfirmation>` +
      `</saml:Subject>` +
      `<saml:Conditions NotBefore="${now}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${esc(a.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${now}" SessionIndex="${assertionId}" SessionNotOnOrAfter="${iso(a.sessionNotOnOrAfter)}">` +
      `<saml:AuthnContext><saml:AuthnContextClassRef>${UNSPECIFIED_CONTEXT}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
      `</saml:Assertion></samlp:Response>`;
    const assertionPath = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";
    const signedAssertion = signAt(xml, assertionPath, key);
    return Buffer.from(signAt(signedAssertion, "/*[local-name(.)='Response']", key), 'utf8').toString('base64');
  }
}

/** An enveloped signature over the element at `path`, placed right after that element's Issuer. */
const signAt = (xml: string, path: string, key: ActiveSigningKey): string => {
  const sig = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: toPem(key.certificate),
    getKeyInfoContent: SignedXml.getKeyInfoContent,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({ xpath: path, digestAlgorithm: SHA256, transforms: [ENVELOPED, EXC_C14N] });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
};
