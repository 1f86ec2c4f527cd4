import type { SecretService } from '../iam/api-key';
import type { Clock } from '../shared/clock';
import type { ApplicationId, InstanceId } from '../shared/ids';
import { err, ok, type Result } from '../shared/result';
import type { ApplicationRepository } from './application-ports';
import { oidcClientOf, type Application, type ApplicationProtocol, type OidcApplication } from './application';
import type { Instance } from './instance';
import type { CustomerRepository } from './customer-ports';
import { isSessionExpired, type CustomerSession } from './customer-session';
import type { CustomerSessionRepository, PendingAuthorizationStore } from './hosted-ports';
import type { InstanceRepository } from './ports';
import { issueAuthorizationCode } from './oidc/authorization-code';
import { validateAuthorizationRequest, type AuthorizationRequest } from './oidc/authorization-request';
import { decideAuthentication } from './oidc/authentication-requirement';
import { codeRedirectUrl, errorRedirectUrl } from './oidc/authorization-response';
import { oauthError, type OAuthError } from './oidc/errors';
import { readParam, type RequestParams } from './oidc/params';
import type { AuthorizationCodeStore } from './oidc/ports';
import { PENDING_AUTHORIZATION_SECONDS, type PendingAuthorization, type PendingOidcAuthorization } from './pending-authorization';

export type AuthorizePorts = {
  readonly instances: InstanceRepository;
  readonly applications: ApplicationRepository;
  readonly customers: CustomerRepository;
  readonly customerSessions: CustomerSessionRepository;
  readonly pendingAuthorizations: PendingAuthorizationStore;
  readonly authorizationCodes: AuthorizationCodeStore;
  readonly secrets: SecretService;
  readonly clock: Clock;
};

/** Where the browser goes next: back to the client (a code or an error), or to the logon pages. */
export type AuthorizeOutcome =
  | { readonly kind: 'redirect'; readonly url: string }
  | { readonly kind: 'logon'; readonly pending: PendingAuthorization; readonly application: OidcApplication };

/** Shown on a page of ours, never sent to an unverified redirect URI (RFC 6749 §4.1.2.1). */
export type AuthorizePageError = { readonly kind: 'page'; readonly error: OAuthError };

const pageError = (code: OAuthError['code'], description: string): { ok: false; error: AuthorizePageError } =>
  err({ kind: 'page', error: oauthError(code, description) });

type ApplicationOf<P extends ApplicationProtocol> = Extract<Application, { readonly protocol: P }>;

/**
 * Whether an application may take logons now, over `protocol`: a Running instance, an enabled
 * application of that protocol. A released instance or a disabled application answers as unknown.
 */
export const activeApplicationOf = <P extends ApplicationProtocol>(instance: Instance | undefined, app: Application | undefined, protocol: P): ApplicationOf<P> | undefined =>
  instance?.status === 'Running' && app?.protocol === protocol && app.status === 'Enabled' ? (app as ApplicationOf<P>) : undefined;

/** `activeApplicationOf`, reading the instance and the application in one round trip. */
export const activeApplication = async <P extends ApplicationProtocol>(
  ports: Pick<AuthorizePorts, 'applications'>,
  instanceId: InstanceId,
  applicationId: string | undefined,
  protocol: P,
): Promise<ApplicationOf<P> | undefined> => {
  if (!applicationId) return undefined;
  const { instance, application } = await ports.applications.getWithInstance(instanceId, applicationId as ApplicationId);
  return activeApplicationOf(instance, application, protocol);
};

/** The OIDC application behind a client_id, if it may take logons now. */
export const activeOidcApplication = (ports: Pick<AuthorizePorts, 'instances' | 'applications'>, instanceId: InstanceId, clientId: string | undefined) =>
  activeApplication(ports, instanceId, clientId, 'OIDC');

/** The rule behind `activeOidcApplication`, for callers that read the two items themselves. */
export const activeOidcApplicationOf = (instance: Instance | undefined, app: Application | undefined): OidcApplication | undefined =>
  activeApplicationOf(instance, app, 'OIDC');

/** The active session behind a cookie, if it still stands (not expired, fully signed in, customer enabled). */
export const activeSession = async (
  ports: Pick<AuthorizePorts, 'customerSessions' | 'customers' | 'secrets' | 'clock'>,
  instanceId: InstanceId,
  token: string | undefined,
): Promise<CustomerSession | undefined> => {
  if (!token || token.length > 128) return undefined;
  const session = await ports.customerSessions.get(instanceId, ports.secrets.hash(token));
  if (!session || session.stage !== 'active' || isSessionExpired(session, ports.clock.now())) return undefined;
  const customer = await ports.customers.get(instanceId, session.customerId);
  return customer && customer.status === 'Enabled' ? session : undefined;
};

/** Issues a code for the session's customer and sends the browser back to the client with it. */
const answer = async (ports: AuthorizePorts, request: AuthorizationRequest, session: { customerId: string; authTime: number }, issuer: string) => {
  const code = ports.secrets.newOpaqueToken();
  const record = issueAuthorizationCode({
    codeHash: ports.secrets.hash(code),
    grantId: `grant_${ports.secrets.newOpaqueToken()}`,
    request,
    accountId: session.customerId,
    authTime: session.authTime,
    now: ports.clock.now(),
  });
  await ports.authorizationCodes.save(request.instanceId as InstanceId, record);
  return codeRedirectUrl({ redirectUri: request.redirectUri, code, ...(request.state !== undefined ? { state: request.state } : {}), issuer });
};

const decide = async (
  ports: AuthorizePorts,
  request: AuthorizationRequest,
  application: OidcApplication,
  session: CustomerSession | undefined,
  requestedAt: Date,
  issuer: string,
  pendingId?: string,
): Promise<AuthorizeOutcome> => {
  const now = ports.clock.now();
  const decision = decideAuthentication(request, session ? { accountId: session.customerId, authTime: session.authTime } : undefined, { requestedAt, now });
  const state = request.state !== undefined ? { state: request.state } : {};
  if (!decision.ok) return { kind: 'redirect', url: errorRedirectUrl({ redirectUri: request.redirectUri, error: decision.error, ...state, issuer }) };
  if (decision.value.kind === 'use-session') {
    if (pendingId) await ports.pendingAuthorizations.delete(request.instanceId as InstanceId, pendingId);
    return { kind: 'redirect', url: await answer(ports, request, { customerId: decision.value.accountId, authTime: decision.value.authTime }, issuer) };
  }
  const pending: PendingAuthorization = pendingId
    ? ((await ports.pendingAuthorizations.get(request.instanceId as InstanceId, pendingId)) as PendingOidcAuthorization)
    : {
        id: ports.secrets.newOpaqueToken(),
        instanceId: request.instanceId as InstanceId,
        applicationId: application.id,
        protocol: 'OIDC',
        request,
        requestedAt: requestedAt.toISOString(),
        expiresAt: new Date(now.getTime() + PENDING_AUTHORIZATION_SECONDS * 1000).toISOString(),
      };
  if (!pendingId) await ports.pendingAuthorizations.put(pending);
  return { kind: 'logon', pending, application };
};

/**
 * The authorization endpoint (OIDC Core §3.1.2): validate the request against the client, then answer
 * from the instance session when it may, or park the request and send the customer to log on.
 */
export const beginAuthorization = async (
  ports: AuthorizePorts,
  input: { readonly instanceId: InstanceId; readonly params: RequestParams; readonly sessionToken: string | undefined; readonly issuer: string },
): Promise<Result<AuthorizeOutcome, AuthorizePageError>> => {
  const clientId = readParam(input.params, 'client_id');
  if (!clientId.ok) return pageError(clientId.error.code, clientId.error.message);
  const application = await activeOidcApplication(ports, input.instanceId, clientId.value);
  const validated = validateAuthorizationRequest({ instanceId: input.instanceId, params: input.params, client: application ? oidcClientOf(application) : undefined });
  if (!validated.ok) {
    const e = validated.error;
    if (e.delivery === 'page') return err({ kind: 'page', error: e.error });
    return ok({ kind: 'redirect', url: errorRedirectUrl({ redirectUri: e.redirectUri, error: e.error, ...(e.state !== undefined ? { state: e.state } : {}), issuer: input.issuer }) });
  }
  const session = await activeSession(ports, input.instanceId, input.sessionToken);
  return ok(await decide(ports, validated.value, application!, session, ports.clock.now(), input.issuer));
};

/**
 * After the logon pages: decide again with the new session. The parked request is answered once; a
 * stale or unknown id (a back button, a second tab) gets a page, not a second code.
 */
export const continueAuthorization = async (
  ports: AuthorizePorts,
  input: { readonly instanceId: InstanceId; readonly pendingId: string; readonly sessionToken: string | undefined; readonly issuer: string },
): Promise<Result<AuthorizeOutcome, AuthorizePageError>> => {
  const pending = await ports.pendingAuthorizations.get(input.instanceId, input.pendingId);
  // A parked SAML request is answered by the SAML SSO endpoint's continuation, never with a code.
  if (pending?.protocol !== 'OIDC') return pageError('invalid_request', 'This sign-in has expired or was already completed. Return to the application and start again.');
  const application = await activeOidcApplication(ports, input.instanceId, pending.applicationId);
  if (!application) return pageError('unauthorized_client', 'This application is not available.');
  const session = await activeSession(ports, input.instanceId, input.sessionToken);
  return ok(await decide(ports, pending.request, application, session, new Date(pending.requestedAt), input.issuer, pending.id));
};
