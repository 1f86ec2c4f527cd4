import { X509Certificate, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { toPem } from '../../domain/saml/certificate';
import { attr, child, children, NS } from '../../domain/saml/xml';
import { err, ok, type Result } from '../../domain/shared/result';

const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const CANONICALIZATIONS = new Set([
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
]);
// No SHA-1 and no HMAC: a cloud today refuses both (and HMAC would let a public certificate forge).
const SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
]);
const DIGEST_METHODS = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']);

/** How many elements carry `id` as an ID attribute: a referenced ID must be unique, or a wrapped copy could be the one verified. */
const elementsWithId = (doc: Document, id: string): number => {
  let count = 0;
  const all = doc.getElementsByTagName('*') as unknown as ArrayLike<Element>;
  for (let i = 0; i < all.length; i++) {
    const el = all[i]!;
    if (['ID', 'Id', 'id'].some((a) => el.hasAttribute(a) && el.getAttribute(a) === id)) count++;
  }
  return count;
};

/** The public keys of the trusted certificates (base64 DER bodies). */
export const trustedKeys = (certificates: readonly string[]): KeyObject[] => certificates.map((body) => new X509Certificate(toPem(body)).publicKey);

/**
 * XML-DSig checks shared by every SAML verifier here (Atrium's ACS and the sandbox cloud's sign-in).
 * Verifies the enveloped signature `signature` of `target` (its parent) against the trusted keys only
 * (a certificate in KeyInfo is ignored) and returns the canonical bytes it covers, which is all a caller
 * may read afterwards. The signature must reference exactly its own parent by a document-unique ID, with
 * only the enveloped and canonicalization transforms (XML-DSig §6.6; saml-core §5.4).
 */
export const verifyEnvelopedSignature = (
  xml: string,
  doc: Document,
  target: Element,
  signature: Element,
  keys: readonly KeyObject[],
  /** What the keys are, for the refusal: "configured certificate of the IdP", … */
  keysName: string,
): Result<string, string> => {
  const signedInfos = children(signature, NS.ds, 'SignedInfo');
  if (signedInfos.length !== 1) return err('must have exactly one SignedInfo');
  const signedInfo = signedInfos[0]!;
  const c14n = attr(child(signedInfo, NS.ds, 'CanonicalizationMethod') ?? signedInfo, 'Algorithm');
  if (!c14n || !CANONICALIZATIONS.has(c14n)) return err(`uses canonicalization ${c14n ?? '(none)'}, which is not accepted`);
  const method = attr(child(signedInfo, NS.ds, 'SignatureMethod') ?? signedInfo, 'Algorithm');
  if (!method || !SIGNATURE_METHODS.has(method)) return err(`uses signature method ${method ?? '(none)'}; RSA-SHA256 or stronger is required`);
  const references = children(signedInfo, NS.ds, 'Reference');
  if (references.length !== 1) return err(`must have exactly one Reference (has ${references.length})`);
  const reference = references[0]!;
  const id = attr(target, 'ID');
  if (!id) return err(`is on a ${target.localName} without an ID`);
  if (attr(reference, 'URI') !== `#${id}`) return err(`must reference its own ${target.localName} (#${id}), not ${attr(reference, 'URI') ?? '(none)'}`);
  if (elementsWithId(doc, id) !== 1) return err(`references ID ${id}, which occurs more than once in the document`);
  const transforms = children(child(reference, NS.ds, 'Transforms') ?? reference, NS.ds, 'Transform').map((t) => attr(t, 'Algorithm') ?? '');
  if (!transforms.includes(ENVELOPED) || transforms.some((t) => t !== ENVELOPED && !CANONICALIZATIONS.has(t))) {
    return err(`has transforms ${transforms.join(', ') || '(none)'}; only enveloped-signature and canonicalization are accepted`);
  }
  const digest = attr(child(reference, NS.ds, 'DigestMethod') ?? reference, 'Algorithm');
  if (!digest || !DIGEST_METHODS.has(digest)) return err(`uses digest ${digest ?? '(none)'}; SHA-256 or stronger is required`);
  for (const key of keys) {
    const sig = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
    sig.loadSignature(signature);
    let valid: boolean;
    try {
      valid = sig.checkSignature(xml);
    } catch {
      continue; // the SignatureValue does not verify with this key: try the next trusted certificate
    }
    if (!valid) return err('does not match the signed content (digest mismatch)');
    const signed = sig.getSignedReferences();
    if (signed.length !== 1 || !signed[0]) return err('covers an unexpected number of references');
    return ok(signed[0]);
  }
  return err(`does not verify with any ${keysName}`);
};
