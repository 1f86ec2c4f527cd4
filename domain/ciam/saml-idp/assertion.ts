import { fail, ok, type Result } from '../../shared/result';
import type { SamlApplication, SamlAttributeSource } from '../application';
import type { Customer } from '../customer';
import type { SamlStatusError } from './errors';
import type { SamlAuthnRequest } from './authn-request';

/** How long the SP may take to consume the assertion: the bearer confirmation's and the Conditions' end. */
export const ASSERTION_SECONDS = 5 * 60;

/**
 * What Atrium asserts to an SP about a customer (saml-profiles §4.1.4.2, the Web Browser SSO profile),
 * everything the signing adapter writes into the XML: it decides nothing itself.
 */
export type SamlAssertionContents = {
  /** The instance's IdP entity id: Issuer of the Response and of the Assertion. */
  readonly issuer: string;
  /** The registered ACS URL: the Response's Destination and the bearer confirmation's Recipient. */
  readonly destination: string;
  /** The AuthnRequest's ID. */
  readonly inResponseTo: string;
  /** The SP entity id: the only Audience. */
  readonly audience: string;
  readonly nameId: string;
  readonly nameIdFormat: string;
  /** Attribute name → values, in mapping order. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly issuedAt: Date;
  /** Conditions NotOnOrAfter and SubjectConfirmationData NotOnOrAfter. */
  readonly notOnOrAfter: Date;
  /** When the customer actually authenticated: the session's auth time, not now. */
  readonly authnInstant: Date;
  /** Names the instance session to the SP (for a later logout), without revealing its cookie. */
  readonly sessionIndex: string;
  /** The instance session's end: the SP should not keep its own session longer. */
  readonly sessionNotOnOrAfter: Date;
};

/** A signed Response without an assertion, telling the SP why (saml-core §3.2.2). */
export type SamlStatusContents = {
  readonly issuer: string;
  readonly destination: string;
  readonly inResponseTo: string;
  readonly issuedAt: Date;
  readonly error: SamlStatusError;
};

/** A customer's value for a NameID or attribute source; undefined when the customer has none. */
export const sourceValue = (customer: Customer, source: SamlAttributeSource): string | undefined => {
  switch (source) {
    case 'username':
      return customer.username;
    case 'email':
      return customer.email;
    case 'phone':
      return customer.phone;
    case 'displayName':
      return customer.displayName;
    case 'customerId':
      return customer.id;
  }
};

/**
 * The assertion for a customer's session, as the application's SAML settings shape it: the NameID from
 * `nameIdSource` in `nameIdFormat`, one Attribute per mapping whose source the customer has (a missing
 * e-mail address leaves that attribute out rather than sending it empty). A customer without the
 * NameID's source value cannot be named to the SP: InvalidNameIDPolicy (saml-core §3.2.2.2), sent back
 * as a status rather than an assertion about nobody.
 */
export const samlAssertionFor = (input: {
  readonly application: SamlApplication;
  readonly request: SamlAuthnRequest;
  readonly customer: Customer;
  readonly session: { readonly authTime: number; readonly expiresAt: string; readonly sessionIndex: string };
  readonly issuer: string;
  readonly now: Date;
}): Result<SamlAssertionContents, SamlStatusError> => {
  const { saml } = input.application;
  const nameId = sourceValue(input.customer, saml.nameIdSource);
  if (nameId === undefined || nameId === '') {
    return fail('Saml.NameIdUnavailable', `The account has no ${saml.nameIdSource}, which this application uses to identify it.`);
  }
  const attributes: Record<string, readonly string[]> = {};
  for (const { name, source } of saml.attributeMapping) {
    const value = sourceValue(input.customer, source);
    if (value !== undefined && value !== '') attributes[name] = [value];
  }
  return ok({
    issuer: input.issuer,
    destination: input.request.acsUrl,
    inResponseTo: input.request.id,
    audience: input.request.spEntityId,
    nameId,
    nameIdFormat: saml.nameIdFormat,
    attributes,
    issuedAt: input.now,
    notOnOrAfter: new Date(input.now.getTime() + ASSERTION_SECONDS * 1000),
    authnInstant: new Date(input.session.authTime * 1000),
    sessionIndex: input.session.sessionIndex,
    sessionNotOnOrAfter: new Date(input.session.expiresAt),
  });
};
