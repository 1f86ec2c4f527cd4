import { inflateRawSync } from 'node:zlib';
import type { ReceivedAuthnRequest } from '../../domain/ciam/saml-idp/authn-request';
import { attr, child, isElement, NS, parseXml, simpleText } from '../../domain/saml/xml';
import { err, ok, type Result } from '../../domain/shared/result';

/** The SAMLRequest of one of the two bindings an SSO endpoint takes (saml-bindings §3.4, §3.5). */
export type BoundAuthnRequest =
  /** §3.4.4.1: base64 of the DEFLATE-compressed (raw, RFC 1951) XML, from the query string. */
  | { readonly binding: 'HTTP-Redirect'; readonly samlRequest: string; readonly encoding: string | undefined }
  /** §3.5.4: base64 of the XML, from a form field. */
  | { readonly binding: 'HTTP-POST'; readonly samlRequest: string };

const DEFLATE_ENCODING = 'urn:oasis:names:tc:SAML:2.0:bindings:URL-Encoding:DEFLATE';
/** Far above any AuthnRequest (a few hundred bytes to a few KB, with a signature and extensions). */
const MAX_ENCODED_CHARS = 64 * 1024;
/** A DEFLATE bomb stops here rather than filling the memory. */
const MAX_XML_BYTES = 128 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const utf8 = (bytes: Buffer): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
};

/** The XML of the request, decoded as its binding says. Error strings finish "The request …". */
const decode = (bound: BoundAuthnRequest): Result<string, string> => {
  // Line breaks and spaces are not data (some SPs wrap base64; a `+` may arrive as a space in a query).
  const compact = bound.samlRequest.replace(/[\r\n\t]+/g, '').replace(/ /g, '+');
  if (compact.length === 0 || compact.length > MAX_ENCODED_CHARS || compact.length % 4 !== 0 || !BASE64.test(compact)) return err('is not base64');
  let bytes = Buffer.from(compact, 'base64');
  if (bound.binding === 'HTTP-Redirect' && bound.encoding !== undefined && bound.encoding !== DEFLATE_ENCODING) {
    return err(`uses an encoding other than DEFLATE (${bound.encoding.slice(0, 100)})`);
  }
  // §3.5.4 says a POSTed request is not compressed, but node-saml (passport-saml) deflates it unless
  // told otherwise: what does not start like XML is inflated, as for the Redirect binding.
  if (bound.binding === 'HTTP-Redirect' || !/^\s*</.test(bytes.subarray(0, 64).toString('latin1'))) {
    try {
      bytes = inflateRawSync(bytes, { maxOutputLength: MAX_XML_BYTES });
    } catch {
      return err('is not DEFLATE-compressed, or is too large');
    }
  } else if (bytes.length > MAX_XML_BYTES) {
    return err('is too large');
  }
  const xml = utf8(bytes);
  return xml === undefined ? err('is not UTF-8') : ok(xml);
};

/**
 * Reads an AuthnRequest from its binding: decoded, parsed with the safe parser (no DTD, every parser
 * warning fatal), the root a samlp:AuthnRequest. Only the fields the IdP acts on are taken, as received;
 * checking them is the domain's (checkAuthnRequest). No schema validation: nothing else of the request
 * is read, and xmllint would cost the hosted function about 3 s at its first request.
 */
export const readAuthnRequest = (bound: BoundAuthnRequest): Result<ReceivedAuthnRequest, string> => {
  const xml = decode(bound);
  if (!xml.ok) return xml;
  const doc = parseXml(xml.value);
  if (!doc.ok) return err(`is not usable XML: ${doc.error}`);
  const root = doc.value.documentElement;
  if (!isElement(root, NS.protocol, 'AuthnRequest')) return err('is not a samlp:AuthnRequest');
  const issuer = child(root, NS.assertion, 'Issuer');
  const issuerText = issuer ? simpleText(issuer) : undefined;
  // An Issuer with a comment or markup inside is no entity id (and could read differently elsewhere).
  if (issuerText?.mixed) return err('has an Issuer that is not plain text');
  const policy = child(root, NS.protocol, 'NameIDPolicy');
  return ok({
    id: attr(root, 'ID'),
    version: attr(root, 'Version'),
    issueInstant: attr(root, 'IssueInstant'),
    issuer: issuerText?.text.trim(),
    issuerFormat: issuer ? attr(issuer, 'Format') : undefined,
    destination: attr(root, 'Destination'),
    acsUrl: attr(root, 'AssertionConsumerServiceURL'),
    acsIndex: attr(root, 'AssertionConsumerServiceIndex'),
    protocolBinding: attr(root, 'ProtocolBinding'),
    nameIdPolicyFormat: policy ? attr(policy, 'Format') : undefined,
    forceAuthn: attr(root, 'ForceAuthn'),
    isPassive: attr(root, 'IsPassive'),
  });
};
