import { DOMParser } from '@xmldom/xmldom';
import { err, ok, type Result } from '../shared/result';

/** The namespaces SAML 2.0 messages and metadata use (saml-core §1.2, saml-metadata §1.1). */
export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
} as const;

export const BINDING_URN = {
  'HTTP-POST': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  'HTTP-Redirect': 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
} as const;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * Parses untrusted XML safely. A document type declaration is refused outright (saml-core §1.3.5 and
 * saml-bindings: SAML messages and metadata carry no DTD): that rules out internal entity expansion
 * ("billion laughs") and external entities (XXE), whatever the parser would do with them. @xmldom/xmldom
 * fetches nothing; every parser warning and error is treated as fatal.
 */
export const parseXml = (xml: string): Result<Document, string> => {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) return err('a document type declaration is not allowed');
  const fatal = (message: string) => {
    throw new Error(message);
  };
  try {
    const doc = new DOMParser({ errorHandler: { warning: fatal, error: fatal, fatalError: fatal } }).parseFromString(xml, 'text/xml');
    if (!doc?.documentElement) return err('the document has no root element');
    if (doc.doctype) return err('a document type declaration is not allowed');
    return ok(doc);
  } catch (error) {
    return err(`not well-formed XML (${String((error as Error).message).split('\n')[0]?.replace(/\s+/g, ' ').trim()})`);
  }
};

export const isElement = (node: Node | null | undefined, ns: string, localName: string): node is Element =>
  !!node && node.nodeType === ELEMENT_NODE && (node as Element).namespaceURI === ns && (node as Element).localName === localName;

/** Direct child elements with this namespace and local name, in document order. */
export const children = (parent: Node, ns: string, localName: string): Element[] => {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (isElement(n, ns, localName)) out.push(n);
  return out;
};

export const child = (parent: Node, ns: string, localName: string): Element | undefined => children(parent, ns, localName)[0];

/** Every descendant element with this namespace and local name, at any depth. */
export const descendants = (root: Document | Element, ns: string, localName: string): Element[] =>
  Array.from(root.getElementsByTagNameNS(ns, localName) as unknown as ArrayLike<Element>);

/**
 * The text of a simple-content element: every text and CDATA child joined (so a comment or an entity
 * boundary can never cut a value short). `mixed` is true when anything else is present (a comment, an
 * element, a processing instruction): callers of identity-bearing values refuse those.
 */
export const simpleText = (el: Element): { text: string; mixed: boolean } => {
  let text = '';
  let mixed = false;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) text += (n as CharacterData).data;
    else mixed = true;
  }
  return { text, mixed };
};

/** An attribute's value, or undefined when absent (xmldom returns '' for a missing attribute). */
export const attr = (el: Element, name: string): string | undefined => (el.hasAttribute(name) ? el.getAttribute(name) ?? '' : undefined);
