import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { errorFields } from '../../../adapters/log/json-logger';
import { authenticate } from '../../../domain/iam/authenticate';
import type { Principal } from '../../../domain/iam/principal';
import { ApiError, STATUS, type ApiErrorCode } from './api-error';
import { requestLog } from '../request-log';
import { limitManagementAccounts, limitManagementClients } from './rate-limits';
import type { Deps, ManagementEnv } from './env';
import { auditManagementCalls } from '../audit/audit-middleware';

export const MAX_BODY_BYTES = 1024 * 1024;
const OPEN_PATHS = ['/api/v1/operator/'];

/** Renders any failure as `{code, message, requestId}` with the mapped status. */
export const errorResponse = (c: Context<ManagementEnv>, code: ApiErrorCode, message: string, details?: Record<string, unknown>) =>
  // An unmapped code is a bug the compiler should have caught: never let it pass as a 200.
  c.json({ code, message, requestId: c.get('requestId') ?? 'unknown', ...details }, STATUS[code] ?? 500);

const formatIssues = (issues: readonly { path: readonly PropertyKey[]; message: string; code: string; keys?: readonly string[] }[]) =>
  issues
    .slice(0, 5)
    .map((i) => {
      const at = i.path.length ? `${i.path.map(String).join('.')}: ` : '';
      return i.code === 'unrecognized_keys' ? `${at}unknown field(s) ${(i.keys ?? []).join(', ')}` : `${at}${i.message}`;
    })
    .join('; ');

const describe = (vars: Partial<ManagementEnv['Variables']>) => {
  const p = vars.principal;
  if (!p) return undefined;
  return { principal: p.kind === 'account' ? { account: p.accountId } : { account: p.accountId, administrator: p.administratorId } };
};

const requireJson: MiddlewareHandler<ManagementEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const length = c.req.header('content-length');
    const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (hasBody && type !== 'application/json') {
      return errorResponse(c, 'UnsupportedMediaType', 'The request body must be application/json.');
    }
  }
  return next();
};

/** The principal the console's in-process call carries (see functions/http/console/api-client.ts). */
export const consolePrincipalOf = (c: Context): Principal | undefined => (c.env as { consolePrincipal?: Principal } | undefined)?.consolePrincipal;

const requirePrincipal =
  (deps: Deps): MiddlewareHandler<ManagementEnv> =>
  async (c, next) => {
    if (OPEN_PATHS.some((p) => c.req.path.startsWith(p))) return next();
    // The console calls this API in process for the user its session authenticated. Only code in
    // this process can put a value in the env (API Gateway and the local server build it), so no
    // request from outside can claim to be the console.
    const viaConsole = consolePrincipalOf(c);
    if (viaConsole) {
      c.set('principal', viaConsole);
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const result = await authenticate(deps(), match?.[1]);
    if (!result.ok) {
      c.header('WWW-Authenticate', 'Bearer realm="atrium"');
      return errorResponse(c, result.error.code, result.error.message);
    }
    c.set('principal', result.value);
    return next();
  };

/**
 * A management API app: request ids, JSON access logs, the error shape, the 1 MB limit, JSON-only
 * bodies, API-key authentication, rate limits and the audit trail, in that order, before any route runs.
 */
export const createManagementApp = (deps: Deps): OpenAPIHono<ManagementEnv> => {
  const app = new OpenAPIHono<ManagementEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return errorResponse(c as Context<ManagementEnv>, 'InvalidParameter', formatIssues(result.error.issues as never));
      }
      return undefined;
    },
  });
  app.use('*', requestLog<ManagementEnv['Variables']>(deps, describe));
  app.use('/api/*', limitManagementClients(deps, errorResponse));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => errorResponse(c as Context<ManagementEnv>, 'PayloadTooLarge', 'The request body is larger than 1 MB.'),
    }),
  );
  app.use('/api/*', requireJson);
  app.use('/api/*', requirePrincipal(deps));
  app.use('/api/*', limitManagementAccounts(deps, errorResponse));
  // After the limits: a throttled call changed nothing, and recording it would spend what they protect.
  app.use('/api/*', auditManagementCalls(deps));
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error.code, error.message, error.details);
    if (error instanceof HTTPException) {
      if (error.status === 400) return errorResponse(c, 'MalformedJson', 'The request body is not valid JSON.');
      if (error.status === 413) return errorResponse(c, 'PayloadTooLarge', 'The request body is larger than 1 MB.');
    }
    const throttled = isThrottling(error);
    c.get('logger')?.log('error', throttled ? 'store throttled' : 'unhandled error', errorFields(error));
    if (throttled) {
      c.header('Retry-After', '1');
      return errorResponse(c, 'ServiceUnavailable', 'The service is busy; retry shortly.');
    }
    return errorResponse(c, 'InternalError', 'An internal error occurred; quote the request id when reporting it.');
  });
  app.notFound((c) => errorResponse(c, 'NotFound', `No route for ${c.req.method} ${c.req.path}.`));
  return app;
};

const isThrottling = (error: unknown): boolean =>
  error instanceof Error &&
  ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'].includes(error.name);
