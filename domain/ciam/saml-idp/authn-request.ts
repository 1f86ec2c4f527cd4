import { err, ok, type Result } from '../../shared/result';
import type { SamlApplication } from '../application';
import type { SamlPageError, SamlStatusError } from './errors';

/**
 * A SAML AuthnRequest as the binding adapter read it (saml-core §3.4.1): the attributes and elements the
 * IdP acts on, as received and unchecked. `undefined` means absent. Nothing else of the request is read:
 * Atrium does not require signed requests (its metadata says WantAuthnRequestsSigned="false"), so any
 * signature is ignored, and what makes an unsigned request harmless is that the Response only ever goes
 * to the ACS registered for the SP the request names.
 */
export type ReceivedAuthnRequest = {
  readonly id: string | undefined;
  readonly version: string | undefined;
  readonly issueInstant: string | undefined;
  readonly issuer: string | undefined;
  readonly issuerFormat: string | undefined;
  readonly destination: string | undefined;
  readonly acsUrl: string | undefined;
  readonly acsIndex: string | undefined;
  readonly protocolBinding: string | undefined;
  readonly nameIdPolicyFormat: string | undefined;
  readonly forceAuthn: string | undefined;
  readonly isPassive: string | undefined;
};

/** A validated AuthnRequest: what the Response will answer, parked while the customer logs on. */
export type SamlAuthnRequest = {
  /** The request's ID: the Response's and the bearer confirmation's InResponseTo (saml-profiles §4.1.4.2). */
  readonly id: string;
  readonly spEntityId: string;
  /** The registered ACS URL (the request named it, or named none). */
  readonly acsUrl: string;
  /** saml-bindings §3.4.3 / §3.5.3: returned unchanged with the Response. */
  readonly relayState?: string;
  /** saml-core §3.4.1: the customer must authenticate again, whatever session there is. */
  readonly forceAuthn: boolean;
  /** saml-core §3.4.1: no page may be shown; without a usable session the answer is NoPassive. */
  readonly isPassive: boolean;
};

/** The request could not be taken: shown on a page, or (SP and ACS verified) answered with a status. */
export type AuthnRequestRefusal =
  | { readonly delivery: 'page'; readonly error: SamlPageError }
  | { readonly delivery: 'response'; readonly request: SamlAuthnRequest; readonly error: SamlStatusError };

/** The SP the request's Issuer names, as the instance's applications answer for it. */
export type ServiceProviderLookup =
  /** The instance's SAML application with this SP entity id (unique per instance) is enabled, the instance Running. */
  | { readonly kind: 'found'; readonly application: SamlApplication }
  /** None has it, or it is disabled, or the instance is not Running. */
  | { readonly kind: 'unknown' };

const page = (code: SamlPageError['code'], message: string): Result<never, AuthnRequestRefusal> => err({ delivery: 'page', error: { code, message } });
const malformed = (why: string) => page('Saml.Malformed', `The sign-in request from the application cannot be read: ${why}.`);

const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
const UNSPECIFIED_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/** saml-bindings §3.4.3 / §3.5.3: RelayState MUST NOT exceed 80 bytes. */
export const MAX_RELAY_STATE_BYTES = 80;
/** An xs:ID longer than this is no SP's request id; it would be echoed into every Response. */
export const MAX_REQUEST_ID = 256;
/** How old an AuthnRequest may be: the browser carries it straight from the SP, in seconds. */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;
/** Clock difference allowed between SP and IdP. */
export const CLOCK_SKEW_SECONDS = 60;

// xs:ID is an NCName (XML Namespaces §3): no colon, no spaces, not starting with a digit, '-' or '.'.
const NCNAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$/;
// saml-core §1.3.3: xs:dateTime in UTC.
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** xs:boolean (XML Schema Part 2 §3.2.2): true, false, 1, 0; absent is false. */
const xsBoolean = (value: string | undefined): boolean | undefined =>
  value === undefined || value === 'false' || value === '0' ? false : value === 'true' || value === '1' ? true : undefined;

const instant = (value: string): Date | undefined => {
  if (!UTC_INSTANT.test(value)) return undefined;
  const d = new Date(value.replace(/(\.\d{3})\d+Z$/, '$1Z'));
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/**
 * Checks an AuthnRequest received at the instance's SSO endpoint (saml-core §3.4.1, saml-profiles
 * §4.1.4.1), in this order, the first failure winning:
 * 1. readable: Version 2.0, an ID (xs:ID, at most 256 characters), an IssueInstant in UTC;
 * 2. the SP: the Issuer (Format absent or entity) is the SP entity id of exactly one enabled SAML
 *    application of the Running instance;
 * 3. the ACS: AssertionConsumerServiceURL absent (the registered one is used) or equal to the registered
 *    one; AssertionConsumerServiceIndex only without it (§3.4.1: mutually exclusive), and then ignored
 *    (one ACS is registered); ProtocolBinding absent or HTTP-POST, the only binding Atrium answers with;
 * 4. where it was sent: Destination, when present, is this endpoint (saml-bindings §3.4.5.2, §3.5.5.2);
 * 5. fresh: IssueInstant at most 5 minutes old and not in the future (60 s of skew each way). A replayed
 *    request gains nothing (the answer goes to the registered ACS, for whoever is signed in to the
 *    browser that sends it), so IDs are not remembered;
 * 6. RelayState at most 80 bytes.
 * From here the SP and ACS are verified and refusals go back to it as a status: a NameIDPolicy Format
 * other than unspecified or the application's own format is InvalidNameIDPolicy (saml-core §3.4.1.1).
 */
export const checkAuthnRequest = (
  received: ReceivedAuthnRequest,
  sp: ServiceProviderLookup,
  context: { readonly ssoUrl: string; readonly relayState: string | undefined; readonly now: Date },
): Result<{ readonly request: SamlAuthnRequest; readonly application: SamlApplication }, AuthnRequestRefusal> => {
  const { id, issueInstant } = received;
  if (received.version !== '2.0') return malformed('it is not a SAML 2.0 AuthnRequest');
  if (id === undefined || id.length > MAX_REQUEST_ID || !NCNAME.test(id)) return malformed('its ID is missing or not an xs:ID');
  const issued = issueInstant === undefined ? undefined : instant(issueInstant);
  if (!issued) return malformed('its IssueInstant is missing or not a UTC time');
  const forceAuthn = xsBoolean(received.forceAuthn);
  const isPassive = xsBoolean(received.isPassive);
  if (forceAuthn === undefined || isPassive === undefined) return malformed('ForceAuthn or IsPassive is not a boolean');

  if (received.issuer === undefined || (received.issuerFormat !== undefined && received.issuerFormat !== ENTITY_FORMAT)) {
    return page('Saml.UnknownServiceProvider', 'The sign-in request does not say which application sent it (no Issuer).');
  }
  if (sp.kind === 'unknown') {
    return page('Saml.UnknownServiceProvider', 'The application that sent this sign-in request is not registered with this sign-in service, or is not available.');
  }
  const { application } = sp;
  const registered = application.saml.acsUrl;
  if (received.acsUrl !== undefined && received.acsUrl !== registered) {
    return page('Saml.AcsUrlMismatch', 'The sign-in request asks for the answer at an address that is not registered for the application.');
  }
  if (received.acsUrl !== undefined && received.acsIndex !== undefined) {
    return malformed('it names both an AssertionConsumerServiceURL and an AssertionConsumerServiceIndex');
  }
  if (received.protocolBinding !== undefined && received.protocolBinding !== BINDING_POST) {
    return page('Saml.UnsupportedBinding', 'The sign-in request asks for the answer over a binding other than HTTP-POST, the only one supported.');
  }
  if (received.destination !== undefined && received.destination !== context.ssoUrl) {
    return page('Saml.Destination', 'The sign-in request was meant for another sign-in service (its Destination is not this address).');
  }
  const now = context.now.getTime();
  if (issued.getTime() > now + CLOCK_SKEW_SECONDS * 1000 || issued.getTime() < now - (MAX_REQUEST_AGE_SECONDS + CLOCK_SKEW_SECONDS) * 1000) {
    return page('Saml.RequestExpired', 'The sign-in request has expired (or the clocks disagree). Go back to the application and sign in again.');
  }
  if (context.relayState !== undefined && new TextEncoder().encode(context.relayState).length > MAX_RELAY_STATE_BYTES) {
    return page('Saml.RelayState', `The sign-in request's RelayState is longer than ${MAX_RELAY_STATE_BYTES} bytes (saml-bindings §3.4.3).`);
  }
  const request: SamlAuthnRequest = {
    id,
    spEntityId: application.saml.spEntityId,
    acsUrl: registered,
    ...(context.relayState !== undefined ? { relayState: context.relayState } : {}),
    forceAuthn,
    isPassive,
  };
  const format = received.nameIdPolicyFormat;
  if (format !== undefined && format !== UNSPECIFIED_FORMAT && format !== application.saml.nameIdFormat) {
    return err({
      delivery: 'response',
      request,
      error: { code: 'Saml.UnsupportedNameIdPolicy', message: `This application's NameID format is ${application.saml.nameIdFormat}, not ${format}.` },
    });
  }
  return ok({ request, application });
};
