import { describe, expect, it } from 'vitest';
import { newApplication, type SamlApplication } from '../../../../domain/ciam/application';
import type { Customer } from '../../../../domain/ciam/customer';
import type { E164 } from '../../../../domain/ciam/phone-number';
import { samlAssertionFor } from '../../../../domain/ciam/saml-idp/assertion';
import { decideSamlAuthentication } from '../../../../domain/ciam/saml-idp/authentication';
import { checkAuthnRequest, type ReceivedAuthnRequest, type ServiceProviderLookup } from '../../../../domain/ciam/saml-idp/authn-request';
import type { ApplicationId, CustomerId, InstanceId } from '../../../../domain/shared/ids';

const now = new Date('2030-01-01T10:00:00.000Z');
const SSO = 'https://id.example/ciam/idaas_a/saml/sso';
const ACS = 'https://wiki.example.com/saml/acs';

const app = (saml: Partial<SamlApplication['saml']> = {}): SamlApplication => {
  const made = newApplication(
    { name: 'Wiki', type: 'Website', protocol: 'SAML', saml: { spEntityId: 'https://wiki.example.com/saml', acsUrl: ACS, ...saml } },
    { instanceId: 'idaas_a' as InstanceId, applicationId: 'app_1' as ApplicationId },
    now,
  );
  if (!made.ok || made.value.protocol !== 'SAML') throw new Error('no SAML application');
  return made.value;
};
const found: ServiceProviderLookup = { kind: 'found', application: app() };

const request = (over: Partial<ReceivedAuthnRequest> = {}): ReceivedAuthnRequest => ({
  id: '_a1b2c3',
  version: '2.0',
  issueInstant: '2030-01-01T09:59:30Z',
  issuer: 'https://wiki.example.com/saml',
  issuerFormat: undefined,
  destination: SSO,
  acsUrl: ACS,
  acsIndex: undefined,
  protocolBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  nameIdPolicyFormat: undefined,
  forceAuthn: undefined,
  isPassive: undefined,
  ...over,
});

const outcomeOf = (received: ReceivedAuthnRequest, sp: ServiceProviderLookup = found, relayState?: string) => {
  const checked = checkAuthnRequest(received, sp, { ssoUrl: SSO, relayState, now });
  return checked.ok ? 'ok' : `${checked.error.delivery}:${checked.error.error.code}`;
};

describe('checkAuthnRequest', () => {
  it.each([
    ['a complete request', request(), 'ok'],
    ['no ACS URL (the registered one is used)', request({ acsUrl: undefined }), 'ok'],
    ['an ACS index alone', request({ acsUrl: undefined, acsIndex: '0' }), 'ok'],
    ['no Destination, no ProtocolBinding', request({ destination: undefined, protocolBinding: undefined }), 'ok'],
    ['Issuer with the entity Format', request({ issuerFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity' }), 'ok'],
    ['ForceAuthn "1", IsPassive "false"', request({ forceAuthn: '1', isPassive: 'false' }), 'ok'],
    ['NameIDPolicy unspecified', request({ nameIdPolicyFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }), 'ok'],
    ['SAML 1.1', request({ version: '1.1' }), 'page:Saml.Malformed'],
    ['no ID', request({ id: undefined }), 'page:Saml.Malformed'],
    ['an ID starting with a digit', request({ id: '1abc' }), 'page:Saml.Malformed'],
    ['an ID of 257 characters', request({ id: `_${'a'.repeat(256)}` }), 'page:Saml.Malformed'],
    ['a local IssueInstant', request({ issueInstant: '2030-01-01T09:59:30+08:00' }), 'page:Saml.Malformed'],
    ['ForceAuthn "yes"', request({ forceAuthn: 'yes' }), 'page:Saml.Malformed'],
    ['no Issuer', request({ issuer: undefined }), 'page:Saml.UnknownServiceProvider'],
    ['an Issuer of another Format', request({ issuerFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }), 'page:Saml.UnknownServiceProvider'],
    ['another ACS URL', request({ acsUrl: 'https://evil.example/acs' }), 'page:Saml.AcsUrlMismatch'],
    ['ACS URL and index', request({ acsIndex: '1' }), 'page:Saml.Malformed'],
    ['the Artifact binding', request({ protocolBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact' }), 'page:Saml.UnsupportedBinding'],
    ['another Destination', request({ destination: 'https://id.example/ciam/idaas_b/saml/sso' }), 'page:Saml.Destination'],
    ['issued 6 minutes and 1 second ago', request({ issueInstant: '2030-01-01T09:53:59Z' }), 'page:Saml.RequestExpired'],
    ['issued 6 minutes ago (5 + skew)', request({ issueInstant: '2030-01-01T09:54:00Z' }), 'ok'],
    ['issued 61 seconds ahead', request({ issueInstant: '2030-01-01T10:01:01Z' }), 'page:Saml.RequestExpired'],
    ['another NameID format', request({ nameIdPolicyFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }), 'response:Saml.UnsupportedNameIdPolicy'],
  ])('%s → %s', (_, received, expected) => {
    expect(outcomeOf(received)).toBe(expected);
  });

  it('checks the SP before the ACS, the ACS before the rest', () => {
    expect(outcomeOf(request({ acsUrl: 'https://evil.example/acs' }), { kind: 'unknown' })).toBe('page:Saml.UnknownServiceProvider');
    expect(outcomeOf(request({ acsUrl: 'https://evil.example/acs', destination: 'https://elsewhere.example' }))).toBe('page:Saml.AcsUrlMismatch');
  });

  it('keeps the ID, the registered ACS and a RelayState of at most 80 bytes', () => {
    const checked = checkAuthnRequest(request({ acsUrl: undefined, forceAuthn: 'true' }), found, { ssoUrl: SSO, relayState: 'r'.repeat(80), now });
    expect(checked).toEqual({
      ok: true,
      value: { application: found.kind === 'found' && found.application, request: { id: '_a1b2c3', spEntityId: 'https://wiki.example.com/saml', acsUrl: ACS, relayState: 'r'.repeat(80), forceAuthn: true, isPassive: false } },
    });
    expect(outcomeOf(request(), found, 'é'.repeat(41))).toBe('page:Saml.RelayState');
  });
});

describe('decideSamlAuthentication', () => {
  const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const parkedAt = new Date('2030-01-01T10:00:00.500Z');
  it.each([
    ['a session answers', {}, at('2030-01-01T08:00:00Z'), undefined, 'use-session'],
    ['no session: log on', {}, undefined, undefined, 'authenticate'],
    ['no session, passive: NoPassive', { isPassive: true }, undefined, undefined, 'Saml.NoPassive'],
    ['ForceAuthn: the session it arrives with never answers', { forceAuthn: true }, at('2030-01-01T10:00:00Z'), undefined, 'authenticate'],
    ['ForceAuthn, passive: NoPassive', { forceAuthn: true, isPassive: true }, at('2030-01-01T10:00:00Z'), undefined, 'Saml.NoPassive'],
    ['ForceAuthn after the logon pages: a logon since parking answers', { forceAuthn: true }, at('2030-01-01T10:00:05Z'), parkedAt, 'use-session'],
    ['ForceAuthn after the logon pages: an older session does not', { forceAuthn: true }, at('2030-01-01T09:59:59Z'), parkedAt, 'authenticate'],
  ] as const)('%s', (_, flags, authTime, parked, expected) => {
    const decision = decideSamlAuthentication({ forceAuthn: false, isPassive: false, ...flags }, authTime === undefined ? undefined : { authTime }, parked);
    expect(decision.ok ? decision.value.kind : decision.error.code).toBe(expected);
  });
});

describe('samlAssertionFor', () => {
  const customer = (over: Partial<Customer> = {}): Customer => ({
    instanceId: 'idaas_a' as InstanceId,
    id: 'cust_1' as CustomerId,
    username: 'ada',
    phone: '+8613900000001' as E164,
    email: 'ada@example.com',
    status: 'Enabled',
    source: 'Administrator',
    mustChangePassword: false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    ...over,
  });
  const assertionFor = (application: SamlApplication, c: Customer) =>
    samlAssertionFor({
      application,
      request: { id: '_req', spEntityId: application.saml.spEntityId, acsUrl: application.saml.acsUrl, forceAuthn: false, isPassive: false },
      customer: c,
      session: { authTime: at0, expiresAt: '2030-01-01T18:00:00.000Z', sessionIndex: '_sess' },
      issuer: 'https://id.example/ciam/idaas_a/saml/metadata',
      now,
    });
  const at0 = Math.floor(Date.parse('2030-01-01T09:30:00Z') / 1000);

  it('names the customer by the NameID source, maps the attributes it has, and times the assertion', () => {
    const application = app({
      nameIdSource: 'email',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributeMapping: [
        { name: 'uid', source: 'username' },
        { name: 'name', source: 'displayName' },
        { name: 'id', source: 'customerId' },
      ],
    });
    expect(assertionFor(application, customer())).toEqual({
      ok: true,
      value: {
        issuer: 'https://id.example/ciam/idaas_a/saml/metadata',
        destination: ACS,
        inResponseTo: '_req',
        audience: 'https://wiki.example.com/saml',
        nameId: 'ada@example.com',
        nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        // No display name: no `name` attribute.
        attributes: { uid: ['ada'], id: ['cust_1'] },
        issuedAt: now,
        notOnOrAfter: new Date('2030-01-01T10:05:00.000Z'),
        authnInstant: new Date('2030-01-01T09:30:00.000Z'),
        sessionIndex: '_sess',
        sessionNotOnOrAfter: new Date('2030-01-01T18:00:00.000Z'),
      },
    });
  });

  it('refuses to name a customer without the NameID source value', () => {
    const { email: _email, ...noEmail } = customer();
    const outcome = assertionFor(app({ nameIdSource: 'email' }), noEmail as Customer);
    expect(outcome.ok ? 'ok' : outcome.error.code).toBe('Saml.NameIdUnavailable');
  });
});
