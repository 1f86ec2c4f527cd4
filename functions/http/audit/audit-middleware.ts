import type { Context, MiddlewareHandler } from 'hono';
import { errorFields } from '../../../adapters/log/json-logger';
import { AuditScope, runInAuditScope, type AuditCarrier, type AuditDraft } from '../../../adapters/audit/audit-scope';
import type { AuditActor, AuditChannel, AuditResource, AuditTenant } from '../../../domain/audit/audit-event';
import { tenantLabel } from '../../../domain/audit/audit-event';
import { auditParameters } from '../../../domain/audit/audit-parameters';
import { resourcesOf } from '../../../domain/audit/audit-resources';
import type { Principal } from '../../../domain/iam/principal';
import type { Container } from '../../wire';
import { clientIp } from '../client-ip';
import type { RequestLogVariables } from '../request-log';
import { auditedRouteMatcher, MANAGEMENT_AUDITED_ROUTES, SCIM_AUDITED_ROUTES, type AuditedRoute } from './audited-routes';

type Deps = () => Container;
type Vars = RequestLogVariables & { auditScope?: AuditScope };
type Outcome = { readonly result: 'Success' } | { readonly result: 'Failure'; readonly errorCode: string; readonly errorMessage?: string };

const source = (c: Context) => {
  const userAgent = c.req.header('user-agent');
  return { ip: clientIp(c), ...(userAgent ? { userAgent: userAgent.slice(0, 256) } : {}) };
};

/** The request's JSON body, if it has one that parses; the route's own validation reports the rest. */
const jsonBody = async (c: Context): Promise<Record<string, unknown>> => {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (!type.includes('json')) return {};
  try {
    const body = (await c.req.json()) as unknown;
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : { body };
  } catch {
    return {};
  }
};

/** A JSON error body's code and message, under the names each protocol gives them. */
const errorOf = async (res: Response, codeField: string, messageField: string): Promise<{ code?: string; message?: string }> => {
  try {
    const body = (await res.clone().json()) as Record<string, unknown>;
    const code = body[codeField];
    const message = body[messageField];
    return { ...(typeof code === 'string' ? { code } : {}), ...(typeof message === 'string' ? { message: message.slice(0, 512) } : {}) };
  } catch {
    return {};
  }
};

/**
 * Runs the rest of the request inside an audit scope and closes it with the answer given. When the
 * record cannot be written, a granted call fails closed (500: nothing is granted unrecorded; a change
 * it made already carries its own record), while a refused one keeps its answer and the loss is
 * logged: the refusal has happened either way.
 */
export const audited = async (
  c: Context,
  deps: Deps,
  scope: AuditScope,
  next: () => Promise<void>,
  outcomeOf: (res: Response) => Promise<Outcome>,
  beforeFinish?: (outcome: Outcome) => Promise<void>,
): Promise<void> => {
  c.set('auditScope', scope);
  await runInAuditScope(scope, next);
  const outcome = await outcomeOf(c.res);
  try {
    await beforeFinish?.(outcome);
    await scope.finish(outcome);
  } catch (error) {
    c.get('logger')?.log('error', 'audit record not written', { action: scope.action, result: outcome.result, ...errorFields(error) });
    if (outcome.result === 'Success') throw error;
  }
};

/** A scope for a call whose parameters are its path, query and JSON body. */
const callScope = (c: Context, deps: Deps, draft: Pick<AuditDraft, 'tenant' | 'actor' | 'channel' | 'action'>, params: Record<string, unknown>) =>
  new AuditScope(
    { ...draft, source: source(c), resources: resourcesOf(params), request: auditParameters(params), requestId: c.get('requestId') },
    'first-write',
    deps().auditRecorder,
  );

/** The tenant on every log line of the request from here on. */
const tagTenant = (c: Context, tenant: AuditTenant) => {
  const label = tenantLabel(tenant);
  c.set('auditTenant', label);
  const logger = c.get('logger');
  if (logger) c.set('logger', logger.child({ tenant: label }));
};

export const principalActor = (p: Principal): AuditActor =>
  p.kind === 'account'
    ? { type: 'Account', id: p.accountId, authenticatedBy: 'ApiKey', credentialId: p.keyId }
    : { type: 'Administrator', id: p.administratorId, name: p.name, authenticatedBy: 'ApiKey', credentialId: p.keyId };

const statusOutcome = (codeField: string, messageField: string, fallback: (status: number) => string) => async (res: Response): Promise<Outcome> => {
  if (res.status < 400) return { result: 'Success' };
  const error = await errorOf(res, codeField, messageField);
  return { result: 'Failure', errorCode: error.code ?? fallback(res.status), ...(error.message ? { errorMessage: error.message } : {}) };
};

/** The tenant a management path names, if any: `/directories/{directoryId}`, `/instances/{instanceId}`. */
const pathTenant = (route: AuditedRoute, params: Record<string, string>, accountId: string | undefined): AuditTenant | undefined => {
  if (route.trail !== 'account') {
    if (params.directoryId) return { type: 'directory', id: params.directoryId };
    if (params.instanceId) return { type: 'instance', id: params.instanceId };
  }
  return accountId ? { type: 'account', id: accountId } : undefined;
};

/**
 * The management API's audit: every call of MANAGEMENT_AUDITED_ROUTES, successful or not, gets one
 * event. A failed call may name a directory or instance the caller cannot see: its event then goes
 * to the caller's own account trail, so nobody can write into another tenant's trail.
 */
export const auditManagementCalls = (deps: Deps, channel: AuditChannel = 'REST'): MiddlewareHandler<{ Variables: Vars & { principal: Principal } }> => {
  const match = auditedRouteMatcher(MANAGEMENT_AUDITED_ROUTES);
  return async (c, next) => {
    const found = match(c.req.method, c.req.path);
    if (!found) return next();
    const principal = c.get('principal') as Principal | undefined;
    const operator = !principal;
    const viaConsole = (c.env as { consolePrincipal?: Principal } | undefined)?.consolePrincipal !== undefined;
    const params = { ...found.params, ...c.req.query(), ...(await jsonBody(c)) };
    const tenant = pathTenant(found.route, found.params, principal?.accountId);
    if (tenant) tagTenant(c, tenant);
    const scope = callScope(c, deps, {
        tenant,
        actor: principal ? { ...principalActor(principal), ...(viaConsole ? { authenticatedBy: 'ConsoleSession' as const } : {}) } : { type: 'Operator', authenticatedBy: 'OperatorToken' },
        channel: viaConsole ? 'Console' : channel,
        action: found.route.action,
      }, params);
    await audited(c, deps, scope, next, statusOutcome('code', 'message', (s) => `HTTP${s}`), async (outcome) => {
      if (operator && outcome.result === 'Success') {
        // The operator opens an account (its id drawn during the call): its trail starts with that.
        const [opened] = scope.resourceIds('Account');
        if (opened) scope.setTenant({ type: 'account', id: opened });
      }
      if (outcome.result === 'Failure' && tenant && tenant.type !== 'account' && principal) {
        if (!(await ownedBy(deps, tenant, principal.accountId))) scope.setTenant({ type: 'account', id: principal.accountId });
      }
    });
  };
};


/**
 * Alibaba Cloud's RPC API: one event per call of a mutating operation, as for the REST route that runs
 * the same use case (same action, same tenant rule), with channel `RPC` and the AccessKey that signed
 * it. Parameters are recorded under the REST API's (lower camel case) names, so one resource rule
 * reads both.
 */
export const auditRpcCall = async (
  c: Context,
  deps: Deps,
  call: { readonly principal: Principal; readonly action: string; readonly params: Readonly<Record<string, unknown>> },
  run: () => Promise<void>,
): Promise<void> => {
  const params = Object.fromEntries(Object.entries(call.params).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
  const directoryId = typeof params.directoryId === 'string' ? params.directoryId : undefined;
  const tenant: AuditTenant = directoryId ? { type: 'directory', id: directoryId } : { type: 'account', id: call.principal.accountId };
  tagTenant(c, tenant);
  const scope = callScope(
    c,
    deps,
    { tenant, actor: { ...principalActor(call.principal), authenticatedBy: 'AccessKey' }, channel: 'RPC', action: call.action },
    params,
  );
  await audited(c, deps, scope, run, statusOutcome('Code', 'Message', (s) => `HTTP${s}`), async (outcome) => {
    if (outcome.result === 'Failure' && tenant.type !== 'account' && !(await ownedBy(deps, tenant, call.principal.accountId))) {
      scope.setTenant({ type: 'account', id: call.principal.accountId });
    }
  });
};

const ownedBy = async (deps: Deps, tenant: AuditTenant, accountId: string): Promise<boolean> => {
  if (tenant.type === 'directory') return (await deps().directories.get(tenant.id as never))?.managementAccountId === accountId;
  if (tenant.type === 'instance') return (await deps().instances.get(tenant.id as never))?.accountId === accountId;
  return tenant.id === accountId;
};

/** SCIM: every write of an IdP, in the directory its token belongs to. */
export const auditScimCalls = (
  deps: Deps,
): MiddlewareHandler<{ Variables: Vars & { credential: { readonly id: string; readonly directoryId: string } } }> => {
  const match = auditedRouteMatcher(SCIM_AUDITED_ROUTES);
  return async (c, next) => {
    const found = match(c.req.method, c.req.path);
    if (!found) return next();
    const credential = c.get('credential');
    const params = { ...found.params, ...(await jsonBody(c)) };
    const scope = callScope(
      c,
      deps,
      {
        tenant: { type: 'directory', id: credential.directoryId },
        actor: { type: 'ScimCredential', id: credential.id, authenticatedBy: 'ScimToken', credentialId: credential.id },
        channel: 'SCIM',
        action: found.route.action,
      },
      params,
    );
    await audited(c, deps, scope, next, statusOutcome('scimType', 'detail', (s) => `HTTP${s}`));
  };
};

/** What a logon route is, for its audit event. */
export type LogonAudit = {
  readonly action: string;
  readonly channel: AuditChannel;
  /** The session write carries a logon's record; other steps record with their first write. */
  readonly carrier: AuditCarrier;
  readonly tenant: (c: Context) => AuditTenant | undefined;
  /** Who is logging on, as far as the request says before it runs (the name typed, the session's user). */
  readonly actor: (c: Context) => Promise<AuditActor> | AuditActor;
  /** The protocol's error code in a failed answer (OAuth's `error`); else the HTTP status names it. */
  readonly errorCode?: (res: Response) => Promise<string | undefined>;
  /** What the handler learned of the actor by the end (the user of the session it resolved). */
  readonly actorAfter?: (c: Context) => Partial<AuditActor> | undefined;
  /** The `Method` of the `Logons` metric, for the steps that are logons (not logout or enrolment). */
  readonly logonMethod?: string;
  /** Parameters worth keeping (never the form: it holds the password). */
  readonly request?: (c: Context) => Record<string, unknown> | undefined;
};

/**
 * Logons and the portal's own steps. Pages answer a wrong password with a page, not an error body, so
 * the handler names the failure (`auditFailure`); otherwise a 4xx/5xx status is one. Each outcome is
 * also counted (`Logons` by method and result) for dashboards and alarms.
 */
export const auditLogon = (deps: Deps, spec: LogonAudit): MiddlewareHandler<{ Variables: Vars }> => async (c, next) => {
  const tenant = spec.tenant(c);
  if (!tenant) return next();
  tagTenant(c, tenant);
  const request = spec.request?.(c);
  const scope = new AuditScope(
    {
      tenant,
      actor: await spec.actor(c),
      source: source(c),
      channel: spec.channel,
      action: spec.action,
      ...(request ? { resources: resourcesOf(request), request: auditParameters(request) } : {}),
      requestId: c.get('requestId'),
    },
    spec.carrier,
    deps().auditRecorder,
  );
  const outcomeOf = async (res: Response): Promise<Outcome> => {
    if (res.status < 400) return { result: 'Success' };
    return { result: 'Failure', errorCode: (await spec.errorCode?.(res)) ?? `HTTP${res.status}` };
  };
  await audited(c, deps, scope, next, outcomeOf, async (outcome) => {
    // A path naming no directory or instance that exists: nobody's trail, and anyone's to flood.
    if (c.res.status === 404) return scope.discard();
    const learned = spec.actorAfter?.(c);
    if (learned) scope.setActor(learned);
    if (spec.logonMethod) deps().metrics.record('Logons', 1, 'Count', { Method: spec.logonMethod, Result: outcome.result });
  });
};

/** A handler's verdict on a logon its page answered without an error status. */
export const auditFailure = (c: Context, code: string, message?: string): void => {
  (c.get('auditScope') as AuditScope | undefined)?.fail(code, message);
};

/** Resources the handler learned before the change (the application a logon is for). */
export const auditResources = (c: Context, resources: readonly AuditResource[]): void => {
  (c.get('auditScope') as AuditScope | undefined)?.addResources(resources);
};
