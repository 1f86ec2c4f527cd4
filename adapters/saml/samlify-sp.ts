import { verifyEnvelopedSignature } from './enveloped-signature';
/**
 * Atrium as a SAML 2.0 service provider: the AuthnRequest (samlify builds it) and the assertion consumer
 * service (ACS). samlify is used to build requests and, through `setSchemaValidator`, to validate
 * messages against the SAML schemas; the ACS does its own signature checking and every protocol check,
 * because samlify's `parseLoginResponse` decides several of them differently from Atrium's policy (see
 * SIGNATURE POLICY and the notes at the end of this comment).
 *
 * SIGNATURE POLICY (enforced by checkSignatures below, each rule tested in test/integration/saml-acs.test.ts)
 *  1. The Assertion itself MUST be signed by one of the directory's configured IdP certificates. A signed
 *     Response wrapping an unsigned Assertion is refused; a signed Response around a signed Assertion is
 *     fine, and then the Response signature must verify too (a broken signature anywhere is refused).
 *  2. Signatures are verified only against the configured certificates (one or two, for rollover). A
 *     certificate or key in <ds:KeyInfo> is never used, nor compared: it is ignored.
 *  3. Exactly one <saml:Assertion> in the whole document, a direct child of the Response; no
 *     EncryptedAssertion (not supported); <ds:Signature> only as a direct child of the Response and of
 *     the Assertion, at most one each.
 *  4. Each signature has exactly one Reference, whose URI is "#" + the ID of the element that carries the
 *     signature, and that ID occurs once in the document. Transforms: enveloped-signature and (exclusive)
 *     canonicalisation only. Algorithms: RSA-SHA256/512 and SHA-256/512 digests (no SHA-1, no HMAC).
 *  5. The assertion's contents are read from the bytes the signature covers (xml-crypto's
 *     getSignedReferences), never from the document by position, so a wrapped copy can never be read.
 * Rules 3–5 together defeat the XML signature wrapping variants XSW1–XSW8 (Somorovsky et al., 2012).
 *
 * CHECKS (in this order; the first failure is returned)
 *  Malformed (size, base64, DOCTYPE, well-formedness, root) → Status (top-level StatusCode Success) →
 *  signature policy → schema (only for signed input: xmllint costs ~20 ms) → Issuer (Response Issuer if
 *  present, Assertion Issuer always, both equal the configured entity id) → Destination (required, equals
 *  the ACS URL) → InResponseTo of the Response → bearer SubjectConfirmationData (Recipient equals the ACS
 *  URL; NotOnOrAfter required and not passed; NotBefore if present; InResponseTo) → Conditions (NotBefore,
 *  NotOnOrAfter; at least one AudienceRestriction and every one names the SP entity id; no unknown
 *  Condition) → AuthnStatement present and SessionNotOnOrAfter not passed → NameID (present, not
 *  encrypted, no comment or markup inside in the received document, non-empty) → replay guard.
 *  All times allow `skewSeconds` (default 60) of clock difference.
 *
 * What samlify 2.13.1's parseLoginResponse does differently (why it is not the ACS here):
 *  - accepts a Response whose Response signature verifies even if the Assertion is unsigned, and
 *    accepts a broken Response signature when the Assertion's own verifies (it tries each in turn);
 *  - with no <ds:KeyInfo> in the signature it tries only the first configured certificate, so a
 *    rollover where the IdP signs with the second one fails;
 *  - checks Issuer (of the assertion only) and the Conditions time window, but leaves Audience,
 *    Destination, Recipient, SubjectConfirmationData NotOnOrAfter, InResponseTo and replay unchecked.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import samlify from 'samlify';
import { toPem } from '../../domain/saml/certificate';
import type { SamlIdpConfig } from '../../domain/saml/idp-config';
import type { SamlReplayGuard } from '../../domain/saml/ports';
import { samlFail, type SamlFailure } from '../../domain/saml/saml-failure';
import { NAMEID_FORMAT } from '../../domain/saml/sp-metadata';
import { attr, BINDING_URN, child, children, descendants, isElement, NS, parseXml, simpleText } from '../../domain/saml/xml';
import { ok, type Result } from '../../domain/shared/result';
import { isSchemaValid } from './xml-schema';

export type SpIdentity = { readonly entityId: string; readonly acsUrl: string };
/** Only needed when an IdP wants signed AuthnRequests (SamlIdpConfig.wantRequestSigned). */
export type SpSigningKey = { readonly privateKey: string; readonly certificate: string };

export type AuthnRequest = {
  /** Keep it (SamlRequestStore.save) and pass it as `expectedRequestId` when the response comes back. */
  readonly id: string;
  /** HTTP-Redirect binding: send the browser here (302). */
  readonly redirectUrl?: string;
  /** HTTP-POST binding: render an auto-submitting form posting these fields to `action`. */
  readonly postForm?: { readonly action: string; readonly SAMLRequest: string; readonly RelayState?: string };
};

export type SamlLogon = {
  readonly nameId: string;
  readonly issuer: string;
  readonly assertionId: string;
  readonly sessionIndex?: string;
  /** The earliest of the bearer confirmation's and the Conditions' NotOnOrAfter: the assertion's end. */
  readonly notOnOrAfter: Date;
  readonly attributes: Record<string, string[]>;
};

export type ValidateResponseInput = {
  /** The SAMLResponse field of the POST form: base64, as received. */
  readonly samlResponse: string;
  readonly idp: SamlIdpConfig;
  readonly sp: SpIdentity;
  /** The id of the AuthnRequest this browser was sent with; undefined for an IdP-initiated logon. */
  readonly expectedRequestId?: string;
  readonly now: Date;
  readonly skewSeconds?: number;
};

// ---------------------------------------------------------------------------------------------------
// AuthnRequest

/** saml-bindings §3.4.3 / §3.5.3: RelayState MUST NOT exceed 80 bytes. */
export const MAX_RELAY_STATE_BYTES = 80;

const quietly = <T>(fn: () => T): T => {
  // samlify warns on the console for an IdP without a SingleLogoutService, which Atrium does not use.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
};

/**
 * Builds an AuthnRequest for the directory's IdP (saml-core §3.4.1): Issuer = SP entity id, ACS URL and
 * ProtocolBinding HTTP-POST, NameIDPolicy unspecified (the IdP picks; Entra ID refuses a format its
 * application is not configured for). Signed, with `sp.signing`, when the IdP wants signed requests.
 */
export const createAuthnRequest = (
  idp: SamlIdpConfig,
  sp: SpIdentity & { readonly signing?: SpSigningKey },
  relayState?: string,
): AuthnRequest => {
  if (relayState !== undefined && Buffer.byteLength(relayState) > MAX_RELAY_STATE_BYTES) {
    throw new Error(`RelayState must be at most ${MAX_RELAY_STATE_BYTES} bytes (saml-bindings §3.4.3)`);
  }
  if (idp.wantRequestSigned && !sp.signing) {
    throw new Error(`the IdP of ${idp.directoryId} wants signed AuthnRequests: pass the SP signing key`);
  }
  const signed = idp.wantRequestSigned;
  const serviceProvider = samlify.ServiceProvider({
    entityID: sp.entityId,
    assertionConsumerService: [{ Binding: BINDING_URN['HTTP-POST'], Location: sp.acsUrl }],
    nameIDFormat: [NAMEID_FORMAT.unspecified],
    authnRequestsSigned: signed,
    wantAssertionsSigned: true,
    ...(signed && sp.signing ? { privateKey: sp.signing.privateKey, signingCert: sp.signing.certificate } : {}),
  });
  const identityProvider = quietly(() =>
    samlify.IdentityProvider({
      entityID: idp.entityId,
      singleSignOnService: [{ Binding: BINDING_URN[idp.binding], Location: idp.ssoUrl }],
      wantAuthnRequestsSigned: signed,
    }),
  );
  const options = relayState === undefined ? {} : { relayState };
  if (idp.binding === 'HTTP-Redirect') {
    const { id, context } = serviceProvider.createLoginRequest(identityProvider, 'redirect', options);
    return { id, redirectUrl: context };
  }
  const { id, context } = serviceProvider.createLoginRequest(identityProvider, 'post', options);
  return { id, postForm: { action: idp.ssoUrl, SAMLRequest: context, ...(relayState === undefined ? {} : { RelayState: relayState }) } };
};

/**
 * The InResponseTo of a response nobody has checked yet, for finding the outstanding request
 * (SamlRequestStore.take) before calling validateResponse. Never trust it for anything else.
 */
export const peekInResponseTo = (samlResponse: string): string | undefined => {
  const xml = decode(samlResponse);
  if (!xml.ok) return undefined;
  const doc = parseXml(xml.value);
  if (!doc.ok || !isElement(doc.value.documentElement, NS.protocol, 'Response')) return undefined;
  return attr(doc.value.documentElement, 'InResponseTo');
};

// ---------------------------------------------------------------------------------------------------
// ACS

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';

/** Entra ID responses with a few hundred groups stay far below this. */
export const MAX_RESPONSE_CHARS = 512 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const malformed = (why: string) => samlFail('Saml.Malformed', `The SAML response ${why}.`);

function decode(samlResponse: string): Result<string, SamlFailure> {
  if (samlResponse.length > MAX_RESPONSE_CHARS) return malformed(`is larger than ${MAX_RESPONSE_CHARS} characters`);
  // Some IdPs wrap the base64 at 76 columns; the line breaks are not data.
  const compact = samlResponse.replace(/[\r\n\t ]+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) return malformed('is not base64');
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64')));
  } catch {
    return malformed('is not UTF-8');
  }
}

/** saml-core §1.3.3: xs:dateTime in UTC ("Z"); fractions beyond milliseconds (AD FS sends 7 digits) are cut. */
const parseInstant = (value: string | undefined): Date | undefined => {
  const m = value?.match(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/);
  if (!m) return undefined;
  const d = new Date(`${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

const keyCache = new Map<string, KeyObject>();
/** The public key of a configured certificate (parsed once per process). */
const publicKeyOf = (body: string): KeyObject => {
  let key = keyCache.get(body);
  if (!key) {
    key = new X509Certificate(toPem(body)).publicKey;
    if (keyCache.size > 1000) keyCache.clear();
    keyCache.set(body, key);
  }
  return key;
};

type Signed = { readonly assertion: Element; readonly received: Element };

/** The signature policy (rules 1–5 at the top of this file). */
const checkSignatures = (xml: string, doc: Document, response: Element, keys: readonly KeyObject[]): Result<Signed, SamlFailure> => {
  const refuse = (why: string) => samlFail('Saml.Signature', why);
  if (descendants(doc, NS.assertion, 'EncryptedAssertion').length > 0) {
    return malformed('carries an EncryptedAssertion; Atrium does not support assertion encryption (turn it off at the IdP)');
  }
  // Rule 3.
  const assertions = descendants(doc, NS.assertion, 'Assertion');
  if (assertions.length !== 1 || assertions[0]!.parentNode !== response) {
    return refuse(`A Response must carry exactly one Assertion, as its direct child (found ${assertions.length}): possible signature wrapping.`);
  }
  const received = assertions[0]!;
  const responseSignatures = children(response, NS.ds, 'Signature');
  const assertionSignatures = children(received, NS.ds, 'Signature');
  const allSignatures = descendants(doc, NS.ds, 'Signature');
  if (responseSignatures.length > 1 || assertionSignatures.length > 1 || allSignatures.length !== responseSignatures.length + assertionSignatures.length) {
    return refuse('A signature is in an unexpected place (only the Response and the Assertion may carry one each): possible signature wrapping.');
  }
  // Rule 1.
  const assertionSignature = assertionSignatures[0];
  if (!assertionSignature) {
    return refuse('The Assertion is not signed. Atrium requires the IdP to sign the assertion; a signed Response alone is not accepted.');
  }
  if (responseSignatures[0]) {
    const r = verifyEnvelopedSignature(xml, doc, response, responseSignatures[0], keys, 'configured certificate of the IdP');
    if (!r.ok) return refuse(`The Response signature ${r.error}.`);
  }
  const a = verifyEnvelopedSignature(xml, doc, received, assertionSignature, keys, 'configured certificate of the IdP');
  if (!a.ok) return refuse(`The Assertion signature ${a.error}.`);
  // Rule 5: from here on the assertion is what was signed, re-parsed from the covered bytes.
  const signedDoc = parseXml(a.value);
  const assertion = signedDoc.ok ? signedDoc.value.documentElement : undefined;
  if (!assertion || !isElement(assertion, NS.assertion, 'Assertion') || attr(assertion, 'ID') !== attr(received, 'ID')) {
    return refuse('The signed content is not the Assertion that was received: possible signature wrapping.');
  }
  return ok({ assertion, received });
};

const textOf = (el: Element | undefined): string | undefined => (el ? simpleText(el).text.trim() : undefined);

type Window = { readonly now: number; readonly skew: number };
/** saml-core §2.5.1.2 / §2.4.1.2: NotBefore ≤ now < NotOnOrAfter, each widened by the skew. */
const timeProblem = (el: Element, what: string, w: Window, requireEnd: boolean): string | undefined => {
  const nb = attr(el, 'NotBefore');
  const noa = attr(el, 'NotOnOrAfter');
  const notBefore = nb === undefined ? undefined : parseInstant(nb);
  const notOnOrAfter = noa === undefined ? undefined : parseInstant(noa);
  if (nb !== undefined && !notBefore) return `${what} NotBefore is not a UTC dateTime`;
  if (noa !== undefined && !notOnOrAfter) return `${what} NotOnOrAfter is not a UTC dateTime`;
  if (requireEnd && !notOnOrAfter) return `${what} has no NotOnOrAfter`;
  if (notBefore && w.now + w.skew < notBefore.getTime()) return `${what} is not valid before ${nb} (now ${new Date(w.now).toISOString()})`;
  if (notOnOrAfter && w.now - w.skew >= notOnOrAfter.getTime()) return `${what} expired at ${noa} (now ${new Date(w.now).toISOString()})`;
  return undefined;
};

type Confirmation = { readonly notOnOrAfter: Date };

/** saml-profiles §4.1.4.3: at least one bearer SubjectConfirmation whose data satisfies every check. */
const checkBearer = (
  subject: Element,
  input: ValidateResponseInput,
  w: Window,
): Result<Confirmation, SamlFailure> => {
  const bearers = children(subject, NS.assertion, 'SubjectConfirmation').filter((sc) => attr(sc, 'Method') === BEARER);
  if (bearers.length === 0) return malformed('has no bearer SubjectConfirmation');
  let first: SamlFailure | undefined;
  for (const sc of bearers) {
    const data = child(sc, NS.assertion, 'SubjectConfirmationData');
    const problem = ((): SamlFailure | undefined => {
      if (!data) return { code: 'Saml.Malformed', message: 'The bearer SubjectConfirmation has no SubjectConfirmationData.' };
      const recipient = attr(data, 'Recipient');
      if (recipient !== input.sp.acsUrl) {
        return { code: 'Saml.Recipient', message: `SubjectConfirmationData Recipient is ${recipient ?? '(absent)'}, not this ACS (${input.sp.acsUrl}).` };
      }
      const time = timeProblem(data, 'SubjectConfirmationData', w, true);
      if (time) return { code: 'Saml.TimeWindow', message: `${time}.` };
      const irt = attr(data, 'InResponseTo');
      if (irt !== input.expectedRequestId) {
        return {
          code: 'Saml.InResponseTo',
          message:
            input.expectedRequestId === undefined
              ? `SubjectConfirmationData answers request ${irt}, but no request is outstanding for this logon (IdP-initiated).`
              : `SubjectConfirmationData InResponseTo is ${irt ?? '(absent)'}, not the request sent (${input.expectedRequestId}).`,
        };
      }
      return undefined;
    })();
    if (!problem) return ok({ notOnOrAfter: parseInstant(attr(data!, 'NotOnOrAfter'))! });
    first ??= problem;
  }
  return { ok: false, error: first! };
};

/**
 * Validates a SAML Response posted to the ACS and consumes its assertion (replay guard). See the
 * policy and the order of checks at the top of this file. Infrastructure failures of the guard throw.
 */
export const validateResponse = async (input: ValidateResponseInput, guard: SamlReplayGuard): Promise<Result<SamlLogon, SamlFailure>> => {
  const w: Window = { now: input.now.getTime(), skew: Math.min(Math.max(input.skewSeconds ?? 60, 0), 600) * 1000 };
  const xml = decode(input.samlResponse);
  if (!xml.ok) return xml;
  const parsed = parseXml(xml.value);
  if (!parsed.ok) return malformed(`is not usable XML: ${parsed.error}`);
  const doc = parsed.value;
  const response = doc.documentElement;
  if (!isElement(response, NS.protocol, 'Response')) return malformed('is not a samlp:Response');
  if (attr(response, 'Version') !== '2.0') return malformed('is not SAML 2.0');

  // saml-core §3.2.2.2: only the top-level StatusCode decides.
  const statusCode = child(child(response, NS.protocol, 'Status') ?? response, NS.protocol, 'StatusCode');
  const status = statusCode ? attr(statusCode, 'Value') : undefined;
  if (status !== SUCCESS) {
    const second = statusCode ? attr(child(statusCode, NS.protocol, 'StatusCode') ?? statusCode, 'Value') : undefined;
    const message = textOf(child(child(response, NS.protocol, 'Status') ?? response, NS.protocol, 'StatusMessage'));
    return samlFail(
      'Saml.Status',
      `The IdP did not sign the user in: ${status ?? '(no status)'}${second && second !== status ? ` / ${second}` : ''}${message ? ` (${message})` : ''}.`,
    );
  }

  const signed = checkSignatures(xml.value, doc, response, input.idp.certificates.map(publicKeyOf));
  if (!signed.ok) return signed;
  const { assertion, received } = signed.value;

  if (!(await isSchemaValid(xml.value))) return malformed('is not valid against the SAML 2.0 schema');

  // saml-profiles §4.1.4.2: the Issuer is the IdP's entity id (Format absent or entity).
  const issuerProblem = (el: Element | undefined, what: string): string | undefined => {
    if (!el) return `${what} has no Issuer`;
    const format = attr(el, 'Format');
    if (format !== undefined && format !== ENTITY_FORMAT) return `${what} Issuer has Format ${format}`;
    const value = textOf(el);
    return value === input.idp.entityId ? undefined : `${what} Issuer is ${value}, not the configured IdP (${input.idp.entityId})`;
  };
  const responseIssuer = child(response, NS.assertion, 'Issuer');
  const issuerError = (responseIssuer ? issuerProblem(responseIssuer, 'The Response') : undefined) ?? issuerProblem(child(assertion, NS.assertion, 'Issuer'), 'The Assertion');
  if (issuerError) return samlFail('Saml.Issuer', `${issuerError}.`);

  // saml-bindings §3.5.5.2: a signed message's Destination must be the endpoint it was received at.
  const destination = attr(response, 'Destination');
  if (destination !== input.sp.acsUrl) {
    return samlFail('Saml.Destination', `The Response Destination is ${destination ?? '(absent)'}, not this ACS (${input.sp.acsUrl}).`);
  }

  // saml-profiles §4.1.4.2 (InResponseTo) and §4.1.5 (unsolicited responses carry none).
  const inResponseTo = attr(response, 'InResponseTo');
  if (inResponseTo !== input.expectedRequestId) {
    return samlFail(
      'Saml.InResponseTo',
      input.expectedRequestId === undefined
        ? `The Response answers request ${inResponseTo}, but no request is outstanding for this logon (IdP-initiated).`
        : `The Response InResponseTo is ${inResponseTo ?? '(absent)'}, not the request sent (${input.expectedRequestId}).`,
    );
  }

  const subject = child(assertion, NS.assertion, 'Subject');
  if (!subject) return malformed('has an Assertion without Subject');
  const bearer = checkBearer(subject, input, w);
  if (!bearer.ok) return bearer;

  const conditions = child(assertion, NS.assertion, 'Conditions');
  if (!conditions) return samlFail('Saml.Audience', 'The Assertion has no Conditions, so no AudienceRestriction.');
  const conditionsTime = timeProblem(conditions, 'Conditions', w, false);
  if (conditionsTime) return samlFail('Saml.TimeWindow', `${conditionsTime}.`);
  // saml-core §2.5.1.5: an unknown condition makes the assertion's validity Indeterminate.
  if (children(conditions, NS.assertion, 'Condition').length > 0) return malformed('has a Condition Atrium does not understand');
  const restrictions = children(conditions, NS.assertion, 'AudienceRestriction');
  if (restrictions.length === 0) return samlFail('Saml.Audience', 'The Assertion has no AudienceRestriction.');
  // saml-core §2.5.1.4: every AudienceRestriction must be satisfied; within one, any Audience will do.
  for (const restriction of restrictions) {
    const audiences = children(restriction, NS.assertion, 'Audience').map((a) => textOf(a));
    if (!audiences.includes(input.sp.entityId)) {
      return samlFail('Saml.Audience', `The Assertion is for ${audiences.join(', ') || '(no audience)'}, not this SP (${input.sp.entityId}).`);
    }
  }

  // saml-profiles §4.1.4.2: the assertion must carry an AuthnStatement.
  const authn = children(assertion, NS.assertion, 'AuthnStatement');
  if (authn.length === 0) return malformed('has no AuthnStatement');
  const sessionEnd = attr(authn[0]!, 'SessionNotOnOrAfter');
  if (sessionEnd !== undefined) {
    const end = parseInstant(sessionEnd);
    if (!end || w.now - w.skew >= end.getTime()) return samlFail('Saml.TimeWindow', `The IdP session ended at ${sessionEnd}.`);
  }

  // The NameID. Comments are not part of what a signature covers (exclusive c14n drops them), so
  // `user@evil.com<!---->.victim.com` still verifies; a parser reading the first text node would see
  // user@evil.com. Atrium refuses a NameID with anything but text in the received document.
  const nameIdElement = child(subject, NS.assertion, 'NameID');
  if (!nameIdElement) return samlFail('Saml.NameId', 'The Subject has no (unencrypted) NameID.');
  const receivedNameId = child(child(received, NS.assertion, 'Subject') ?? received, NS.assertion, 'NameID');
  if (!receivedNameId || simpleText(receivedNameId).mixed || simpleText(nameIdElement).mixed) {
    return samlFail('Saml.NameId', 'The NameID contains a comment or markup.');
  }
  const nameId = simpleText(nameIdElement).text.trim();
  if (nameId.length === 0) return samlFail('Saml.NameId', 'The NameID is empty.');

  const attributes: Record<string, string[]> = {};
  for (const statement of children(assertion, NS.assertion, 'AttributeStatement')) {
    for (const a of children(statement, NS.assertion, 'Attribute')) {
      const name = attr(a, 'Name');
      if (!name) continue;
      const values = children(a, NS.assertion, 'AttributeValue').map((v) => simpleText(v).text);
      attributes[name] = [...(attributes[name] ?? []), ...values];
    }
  }

  const conditionsEnd = parseInstant(attr(conditions, 'NotOnOrAfter'));
  const notOnOrAfter = conditionsEnd && conditionsEnd < bearer.value.notOnOrAfter ? conditionsEnd : bearer.value.notOnOrAfter;
  const issuer = input.idp.entityId;
  const assertionId = attr(assertion, 'ID')!;
  // saml-profiles §4.1.4.5: a bearer assertion is consumed once. Last, so only valid assertions are recorded.
  if (!(await guard.remember(issuer, assertionId, notOnOrAfter))) {
    return samlFail('Saml.Replay', `Assertion ${assertionId} from ${issuer} was already used.`);
  }
  const sessionIndex = attr(authn[0]!, 'SessionIndex');
  return ok({ nameId, issuer, assertionId, ...(sessionIndex ? { sessionIndex } : {}), notOnOrAfter, attributes });
};
