import type { InstanceId } from '../../shared/ids';
import { err, ok, type Result } from '../../shared/result';
import type { SamlApplication } from '../application';
import { activeApplication, activeApplicationOf, activeSession, type AuthorizePorts } from '../authorize-use-cases';
import type { CustomerSession } from '../customer-session';
import { PENDING_AUTHORIZATION_SECONDS, type PendingSamlAuthorization } from '../pending-authorization';
import { samlAssertionFor } from './assertion';
import { decideSamlAuthentication } from './authentication';
import { checkAuthnRequest, type ReceivedAuthnRequest, type SamlAuthnRequest, type ServiceProviderLookup } from './authn-request';
import type { SamlPageError, SamlStatusError } from './errors';
import type { SamlResponseSigner } from './ports';

export type SamlSsoPorts = Pick<AuthorizePorts, 'instances' | 'applications' | 'customers' | 'customerSessions' | 'pendingAuthorizations' | 'secrets' | 'clock'> & {
  readonly samlResponses: SamlResponseSigner;
};

/**
 * Where the browser goes next: a Response posted to the registered ACS, the logon pages, or (a request
 * that came by HTTP-POST) the continuation, to be decided where the session cookie is sent.
 */
export type SamlSsoOutcome =
  | { readonly kind: 'post'; readonly acsUrl: string; readonly samlResponse: string; readonly relayState?: string }
  | { readonly kind: 'logon'; readonly pending: PendingSamlAuthorization }
  | { readonly kind: 'continue'; readonly pending: PendingSamlAuthorization };

/** The instance's IdP as the request reached it: its entity id (the Issuer) and this SSO endpoint's URL. */
export type SamlIdpEndpoint = { readonly issuer: string; readonly ssoUrl: string };

/**
 * The SP an Issuer names: the instance's enabled SAML applications registered with it. Only Running
 * instances have any; a disabled application is as good as none.
 */
const lookUpServiceProvider = async (ports: Pick<SamlSsoPorts, 'applications'>, instanceId: InstanceId, issuer: string | undefined): Promise<ServiceProviderLookup> => {
  if (issuer === undefined) return { kind: 'unknown' };
  const { instance, application } = await ports.applications.withSpEntityId(instanceId, issuer);
  const active = application && activeApplicationOf(instance, application, 'SAML');
  return active ? { kind: 'found', application: active } : { kind: 'unknown' };
};

const post = (request: SamlAuthnRequest, samlResponse: string): SamlSsoOutcome => ({
  kind: 'post',
  acsUrl: request.acsUrl,
  samlResponse,
  ...(request.relayState !== undefined ? { relayState: request.relayState } : {}),
});

/** A refusal the verified SP is told about: a signed Response with a status, posted to its ACS. */
const refuse = async (ports: SamlSsoPorts, instanceId: InstanceId, request: SamlAuthnRequest, issuer: string, error: SamlStatusError): Promise<SamlSsoOutcome> =>
  post(request, await ports.samlResponses.signStatus(instanceId, { issuer, destination: request.acsUrl, inResponseTo: request.id, issuedAt: ports.clock.now(), error }));

/**
 * The assertion about the session's customer. The SessionIndex is derived from the session's stored
 * hash, so it names the session to SPs (one value for all of them) without being a way into it.
 */
const answer = async (
  ports: SamlSsoPorts,
  application: SamlApplication,
  request: SamlAuthnRequest,
  session: CustomerSession,
  issuer: string,
): Promise<SamlSsoOutcome> => {
  const customer = await ports.customers.get(application.instanceId, session.customerId);
  // activeSession has just read the customer enabled; gone since is a lost race, answered as a refusal.
  if (!customer) return refuse(ports, application.instanceId, request, issuer, { code: 'Saml.NameIdUnavailable', message: 'The account no longer exists.' });
  const contents = samlAssertionFor({
    application,
    request,
    customer,
    session: { authTime: session.authTime, expiresAt: session.expiresAt, sessionIndex: `_${ports.secrets.hash(`saml-session-index:${session.idHash}`)}` },
    issuer,
    now: ports.clock.now(),
  });
  if (!contents.ok) return refuse(ports, application.instanceId, request, issuer, contents.error);
  return post(request, await ports.samlResponses.signAssertion(application.instanceId, contents.value));
};

/** Answer now from the session, refuse (IsPassive), or send the customer to log on. */
const decide = async (
  ports: SamlSsoPorts,
  application: SamlApplication,
  request: SamlAuthnRequest,
  session: CustomerSession | undefined,
  issuer: string,
  parked: { readonly pending: PendingSamlAuthorization } | { readonly requestedAt: Date },
): Promise<SamlSsoOutcome> => {
  const decision = decideSamlAuthentication(request, session, 'pending' in parked ? new Date(parked.pending.requestedAt) : undefined);
  if (!decision.ok || decision.value.kind === 'use-session') {
    if ('pending' in parked) await ports.pendingAuthorizations.delete(application.instanceId, parked.pending.id);
    return decision.ok ? answer(ports, application, request, session!, issuer) : refuse(ports, application.instanceId, request, issuer, decision.error);
  }
  return { kind: 'logon', pending: 'pending' in parked ? parked.pending : await park(ports, application, request, parked.requestedAt) };
};

const park = async (ports: SamlSsoPorts, application: SamlApplication, request: SamlAuthnRequest, requestedAt: Date): Promise<PendingSamlAuthorization> => {
  const pending: PendingSamlAuthorization = {
    id: ports.secrets.newOpaqueToken(),
    instanceId: application.instanceId,
    applicationId: application.id,
    protocol: 'SAML',
    request,
    requestedAt: requestedAt.toISOString(),
    expiresAt: new Date(ports.clock.now().getTime() + PENDING_AUTHORIZATION_SECONDS * 1000).toISOString(),
  };
  await ports.pendingAuthorizations.put(pending);
  return pending;
};

/**
 * The SSO endpoint (saml-profiles §4.1.4): check the AuthnRequest against the SP it names, then answer
 * from the instance session when it may (single sign-on), or park the request and send the customer to
 * the logon pages. Refusals the SP can be trusted with go to its ACS as a status; the rest are pages.
 *
 * A request that came by HTTP-POST is parked and decided at the continuation: the SP's form posts
 * cross-site, and a cross-site POST carries no SameSite=Lax cookie (RFC 6265bis §5.5), so the session
 * would look absent here; the redirect to the continuation is a top-level GET, which carries it.
 */
export const beginSamlSso = async (
  ports: SamlSsoPorts,
  input: {
    readonly instanceId: InstanceId;
    readonly binding: 'HTTP-Redirect' | 'HTTP-POST';
    readonly received: ReceivedAuthnRequest;
    readonly relayState: string | undefined;
    readonly sessionToken: string | undefined;
    readonly idp: SamlIdpEndpoint;
  },
): Promise<Result<SamlSsoOutcome, SamlPageError>> => {
  const sp = await lookUpServiceProvider(ports, input.instanceId, input.received.issuer);
  const now = ports.clock.now();
  const checked = checkAuthnRequest(input.received, sp, { ssoUrl: input.idp.ssoUrl, relayState: input.relayState, now });
  if (!checked.ok) {
    const refusal = checked.error;
    if (refusal.delivery === 'page') return err(refusal.error);
    return ok(await refuse(ports, input.instanceId, refusal.request, input.idp.issuer, refusal.error));
  }
  const { request, application } = checked.value;
  if (input.binding === 'HTTP-POST') return ok({ kind: 'continue', pending: await park(ports, application, request, now) });
  const session = await activeSession(ports, input.instanceId, input.sessionToken);
  return ok(await decide(ports, application, request, session, input.idp.issuer, { requestedAt: now }));
};

/**
 * After the logon pages: decide again with the new session. The parked request is answered once; a
 * stale or unknown id (a back button, a second tab) gets a page, not a second Response. An application
 * disabled, or given another SP entity id or ACS, since the request was parked gets none either.
 */
export const continueSamlSso = async (
  ports: SamlSsoPorts,
  input: { readonly instanceId: InstanceId; readonly pendingId: string; readonly sessionToken: string | undefined; readonly issuer: string },
): Promise<Result<SamlSsoOutcome, SamlPageError>> => {
  const pending = input.pendingId.length > 0 && input.pendingId.length <= 128 ? await ports.pendingAuthorizations.get(input.instanceId, input.pendingId) : undefined;
  if (pending?.protocol !== 'SAML') {
    return err({ code: 'Saml.RequestNotFound', message: 'This sign-in has expired or was already completed. Go back to the application and sign in again.' });
  }
  const application = await activeApplication(ports, input.instanceId, pending.applicationId, 'SAML');
  if (!application || application.saml.acsUrl !== pending.request.acsUrl || application.saml.spEntityId !== pending.request.spEntityId) {
    return err({ code: 'Saml.UnknownServiceProvider', message: 'This application is not available for sign-in at the moment.' });
  }
  const session = await activeSession(ports, input.instanceId, input.sessionToken);
  return ok(await decide(ports, application, pending.request, session, input.issuer, { pending }));
};
