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
// The user signed in to the portal or the hosted logon pages (password, SMS, MFA, an upstream IdP):
// Atrium does not claim which.
const UNSPECIFIED_CONTEXT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** Where a signer gets a tenant's Active key (DynamoIdpSigningKeyRepository, for a directory or an instance). */
export type ActiveKeySource<Owner extends string = DirectoryId> = { activeSigningKey(owner: Owner, now: Date): Promise<ActiveSigningKey> };

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

/** The assertion of a Success Response (saml-profiles §4.1.4.2). */
export type ResponseAssertion = {
  readonly audience: string;
  readonly nameId: string;
  readonly nameIdFormat: string;
  /** Attribute name → values, in order. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** Conditions NotOnOrAfter and the bearer confirmation's NotOnOrAfter. */
  readonly notOnOrAfter: Date;
  readonly authnInstant: Date;
  /** Absent: the assertion's own ID. */
  readonly sessionIndex?: string;
  readonly sessionNotOnOrAfter: Date;
};

/**
 * A SAML 2.0 Response for the HTTP-POST binding, as Atrium's IdPs send it: Success with one assertion,
 * or (saml-core §3.2.2) a status without one. InResponseTo is absent for an IdP-initiated Response
 * (saml-profiles §4.1.5) and set on the Response and the bearer confirmation for an SP-initiated one.
 */
export type ResponseContents = {
  readonly issuer: string;
  readonly destination: string;
  readonly issuedAt: Date;
  readonly inResponseTo?: string;
} & (
  | { readonly assertion: ResponseAssertion; readonly status?: undefined }
  | { readonly assertion?: undefined; readonly status: { readonly code: string; readonly subCode?: string; readonly message?: string } }
);

const assertionXml = (r: ResponseContents, a: ResponseAssertion, assertionId: string): string => {
  const now = iso(r.issuedAt);
  const until = iso(a.notOnOrAfter);
  const inResponseTo = r.inResponseTo === undefined ? '' : ` InResponseTo="${esc(r.inResponseTo)}"`;
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
  return (
    `<saml:Assertion ID="${assertionId}" Version="2.0" IssueInstant="${now}">` +
    `<saml:Issuer>${esc(r.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${esc(a.nameIdFormat)}">${esc(a.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${BEARER}"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${esc(r.destination)}"${inResponseTo}/></saml:SubjectConfirmation>` +
    `</saml:Subject>` +
    `<saml:Conditions NotBefore="${now}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${esc(a.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(a.authnInstant)}" SessionIndex="${esc(a.sessionIndex ?? assertionId)}" SessionNotOnOrAfter="${iso(a.sessionNotOnOrAfter)}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${UNSPECIFIED_CONTEXT}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`
  );
};

/**
 * The base64 of the signed Response. Both the Assertion and the Response are signed (RSA-SHA256,
 * exclusive c14n, enveloped; saml-core §5.4), each signature right after its Issuer as the schema
 * orders it: relying parties differ in which one they verify, and signing both satisfies all. A status
 * Response has only its own signature. The certificate goes in KeyInfo for relying parties that pick
 * the key by it; verifiers must still trust only the certificates they were configured with.
 */
export const signedResponse = (r: ResponseContents, key: ActiveSigningKey): string => {
  const status = r.status
    ? `<samlp:Status><samlp:StatusCode Value="${esc(r.status.code)}">` +
      (r.status.subCode ? `<samlp:StatusCode Value="${esc(r.status.subCode)}"/>` : '') +
      `</samlp:StatusCode>${r.status.message ? `<samlp:StatusMessage>${esc(r.status.message)}</samlp:StatusMessage>` : ''}</samlp:Status>`
    : `<samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status>`;
  const inResponseTo = r.inResponseTo === undefined ? '' : ` InResponseTo="${esc(r.inResponseTo)}"`;
  const xml =
    `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${newId()}" Version="2.0" IssueInstant="${iso(r.issuedAt)}" Destination="${esc(r.destination)}"${inResponseTo}>` +
    `<saml:Issuer>${esc(r.issuer)}</saml:Issuer>` +
    status +
    (r.assertion ? assertionXml(r, r.assertion, newId()) : '') +
    `</samlp:Response>`;
  const signedAssertion = r.assertion ? signAt(xml, "/*[local-name(.)='Response']/*[local-name(.)='Assertion']", key) : xml;
  return Buffer.from(signAt(signedAssertion, "/*[local-name(.)='Response']", key), 'utf8').toString('base64');
};

/**
 * Atrium as the IdP of member accounts: an IdP-initiated SAML 2.0 Response (saml-profiles §4.1.5, so no
 * InResponseTo), signed with the directory's Active key. Clouds differ in which signature they verify
 * (Alibaba Cloud accepts either, AWS wants the Response or the Assertion); both are there.
 */
export class IdpResponseSigner implements SignInResponseSigner {
  constructor(private readonly keys: ActiveKeySource) {}

  async sign(a: SignInAssertion): Promise<string> {
    const key = await this.keys.activeSigningKey(a.directoryId, a.now);
    return signedResponse(
      {
        issuer: a.issuer,
        destination: a.destination,
        issuedAt: a.now,
        assertion: {
          audience: a.audience,
          nameId: a.nameId,
          nameIdFormat: a.nameIdFormat,
          attributes: a.attributes,
          notOnOrAfter: plus(a.now, a.validForSeconds),
          // The user signed in to the portal just now, for this account.
          authnInstant: a.now,
          sessionNotOnOrAfter: a.sessionNotOnOrAfter,
        },
      },
      key,
    );
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
