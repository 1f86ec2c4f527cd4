/**
 * A test IdP for the ACS tests: builds SAML Responses as Entra ID / Okta shape them, signs the
 * Assertion and/or the Response with xml-crypto, and edits signed documents (for wrapping attacks).
 * Keys: saml-idp's test pair (the "configured" IdP) and a second pair made with openssl for these
 * tests (`other-idp-*.pem`, CN=Other Test IdP, RSA 2048, valid to 2046).
 */
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SignedXml } from 'xml-crypto';
import { certificateBody } from '../../../domain/saml/certificate';

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');

export const IDP_CERT_FILE = fileURLToPath(new URL('../../../node_modules/saml-idp/test/test-public-cert.pem', import.meta.url));
export const IDP_KEY_FILE = fileURLToPath(new URL('../../../node_modules/saml-idp/test/test-private-key.pem', import.meta.url));
export const IDP_CERT = readFileSync(IDP_CERT_FILE, 'utf8');
export const IDP_KEY = readFileSync(IDP_KEY_FILE, 'utf8');
export const OTHER_CERT = read('./other-idp-cert.pem');
export const OTHER_KEY = read('./other-idp-key.pem');
export const IDP_CERT_BODY = certificateBody(IDP_CERT);
export const OTHER_CERT_BODY = certificateBody(OTHER_CERT);

export const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const DS = 'http://www.w3.org/2000/09/xmldsig#';
export const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

let counter = 0;
/** XML IDs must not start with a digit. */
export const newId = (prefix = '_') => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 10)}`;

const iso = (d: Date) => d.toISOString();
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type ResponseFields = {
  now: Date;
  responseId: string;
  assertionId: string;
  /** null leaves the Response's Issuer out (it is optional in SAML core). */
  responseIssuer: string | null;
  assertionIssuer: string;
  /** null leaves Destination out. */
  destination: string | null;
  recipient: string;
  audience: string;
  /** Response InResponseTo; undefined leaves it out. */
  inResponseTo?: string | undefined;
  /** SubjectConfirmationData InResponseTo; defaults to inResponseTo. */
  confirmationInResponseTo?: string | undefined;
  /** Raw XML inserted as the NameID's content (escaped by the caller if needed). */
  nameIdXml: string;
  nameIdFormat: string;
  notBefore: Date;
  notOnOrAfter: Date;
  confirmationNotOnOrAfter: Date;
  statusXml: string;
  sessionIndex: string;
  attributes: Record<string, string[]>;
};

export const defaultFields = (base: { now: Date; issuer: string; acsUrl: string; audience: string }): ResponseFields => ({
  now: base.now,
  responseId: newId('_r'),
  assertionId: newId('_a'),
  responseIssuer: base.issuer,
  assertionIssuer: base.issuer,
  destination: base.acsUrl,
  recipient: base.acsUrl,
  audience: base.audience,
  nameIdXml: 'alice@example.com',
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  notBefore: plus(base.now, -5),
  notOnOrAfter: plus(base.now, 3600),
  confirmationNotOnOrAfter: plus(base.now, 300),
  statusXml: `<samlp:StatusCode Value="${SUCCESS}"/>`,
  sessionIndex: '_session-1',
  attributes: {
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': ['alice@example.com'],
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': ['g-admins', 'g-developers'],
  },
});

/** An unsigned Response in Entra ID's shape (default namespace on the Assertion, no whitespace). */
export const responseXml = (f: ResponseFields): string => {
  const irt = (v: string | undefined) => (v === undefined ? '' : ` InResponseTo="${esc(v)}"`);
  const confirmationIrt = 'confirmationInResponseTo' in f ? f.confirmationInResponseTo : f.inResponseTo;
  const attributes = Object.entries(f.attributes)
    .map(([name, values]) => `<Attribute Name="${esc(name)}">${values.map((v) => `<AttributeValue>${esc(v)}</AttributeValue>`).join('')}</Attribute>`)
    .join('');
  return (
    `<samlp:Response xmlns:samlp="${SAMLP}" ID="${f.responseId}" Version="2.0" IssueInstant="${iso(f.now)}"` +
    `${f.destination === null ? '' : ` Destination="${esc(f.destination)}"`}${irt(f.inResponseTo)}>` +
    (f.responseIssuer === null ? '' : `<Issuer xmlns="${SAML}">${esc(f.responseIssuer)}</Issuer>`) +
    `<samlp:Status>${f.statusXml}</samlp:Status>` +
    `<Assertion xmlns="${SAML}" ID="${f.assertionId}" IssueInstant="${iso(f.now)}" Version="2.0">` +
    `<Issuer>${esc(f.assertionIssuer)}</Issuer>` +
    `<Subject><NameID Format="${f.nameIdFormat}">${f.nameIdXml}</NameID>` +
    `<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<SubjectConfirmationData${irt(confirmationIrt)} NotOnOrAfter="${iso(f.confirmationNotOnOrAfter)}" Recipient="${esc(f.recipient)}"/>` +
    `</SubjectConfirmation></Subject>` +
    `<Conditions NotBefore="${iso(f.notBefore)}" NotOnOrAfter="${iso(f.notOnOrAfter)}"><AudienceRestriction><Audience>${esc(f.audience)}</Audience></AudienceRestriction></Conditions>` +
    `<AttributeStatement>${attributes}</AttributeStatement>` +
    `<AuthnStatement AuthnInstant="${iso(plus(f.now, -10))}" SessionIndex="${f.sessionIndex}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement>` +
    `</Assertion></samlp:Response>`
  );
};

export type SignOptions = {
  key?: string;
  /** The certificate put in KeyInfo; null for no KeyInfo. Defaults to the configured IdP certificate. */
  keyInfoCert?: string | null;
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
};

const sign = (xml: string, target: 'Assertion' | 'Response', o: SignOptions): string => {
  const keyInfoCert = o.keyInfoCert === undefined ? IDP_CERT : o.keyInfoCert;
  const sig = new SignedXml({
    privateKey: o.key ?? IDP_KEY,
    ...(keyInfoCert === null ? {} : { publicCert: keyInfoCert, getKeyInfoContent: SignedXml.getKeyInfoContent }),
    signatureAlgorithm: o.signatureAlgorithm ?? RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  const path = target === 'Response' ? "/*[local-name(.)='Response']" : "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";
  sig.addReference({ xpath: path, digestAlgorithm: o.digestAlgorithm ?? SHA256, transforms: [ENVELOPED, EXC_C14N] });
  // saml-schema: the Signature follows the Issuer.
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
};

export const signAssertion = (xml: string, o: SignOptions = {}) => sign(xml, 'Assertion', o);
export const signResponse = (xml: string, o: SignOptions = {}) => sign(xml, 'Response', o);

export const base64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/** Parses, lets `edit` change the DOM, serialises: for tampering with signed documents. */
export const edit = (xml: string, change: (doc: Document) => void): string => {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  change(doc);
  return new XMLSerializer().serializeToString(doc);
};

export const first = (root: Document | Element, ns: string, localName: string): Element => {
  const el = root.getElementsByTagNameNS(ns, localName)[0];
  if (!el) throw new Error(`no ${localName}`);
  return el as Element;
};

/** Direct child by namespace and local name. */
export const childOf = (parent: Element, ns: string, localName: string): Element | undefined => {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName) return n as Element;
  }
  return undefined;
};

export const setNameId = (assertion: Element, value: string) => {
  const nameId = first(assertion, SAML, 'NameID');
  while (nameId.firstChild) nameId.removeChild(nameId.firstChild);
  nameId.appendChild(nameId.ownerDocument.createTextNode(value));
};
