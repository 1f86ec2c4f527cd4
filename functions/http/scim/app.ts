import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorFields } from '../../../adapters/log/json-logger';
import { authenticateScim } from '../../../domain/directory/scim-credential-use-cases';
import { invalidSyntax, type ScimError } from '../../../domain/scim/scim-error';
import type { Container } from '../../wire';
import { requestLog } from '../request-log';
import { scimRequestMetrics } from './request-metrics';
import type { ScimEnv } from './env';
import { auditScimCalls } from '../audit/audit-middleware';
import { limitScimClients, limitScimTokens } from './rate-limits';
import { ScimFailure, scimJson } from './scim-failure';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
const MAX_BODY_BYTES = 1024 * 1024;
const DISCOVERY = /^\/scim\/v2\/(ServiceProviderConfig|Schemas|ResourceTypes)(\/|$)/i;

export const sendScim = (c: Context, status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': SCIM_CONTENT_TYPE, ...headers } });

export const sendError = (c: Context, error: ScimError, headers: Record<string, string> = {}) =>
  sendScim(c, error.status, scimJson(error), headers);

/** Parses a SCIM request body; malformed JSON is `invalidSyntax` (RFC 7644 §3.12). */
export const readBody = async (c: Context): Promise<unknown> => {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ScimFailure(invalidSyntax('The request body is not valid JSON.'));
  }
};

/**
 * The SCIM 2.0 service: errors in RFC 7644 §3.12 form everywhere, the 1 MB limit, SCIM or JSON
 * bodies only, bearer-token authentication (a token reaches its own directory only), and rate limits
 * per client network, per token and per directory (rate-limits.ts) answered with 429 and Retry-After.
 */
export const createScimBase = (deps: () => Container) => {
  const app = new Hono<ScimEnv>();
  app.use('*', requestLog<ScimEnv['Variables']>(deps, (v) => (v.credential ? { directory: v.credential.directoryId, scimCredential: v.credential.id } : undefined)));
  app.use('*', scimRequestMetrics(deps));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => sendError(c, { status: 413, detail: 'The request body is larger than 1 MB.' }),
    }),
  );
  app.use('*', async (c, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/scim+json' && type !== 'application/json') {
        return sendError(c, invalidSyntax('The body must be application/scim+json (or application/json).'));
      }
    }
    return next();
  });
  app.use('*', limitScimClients(deps, sendError));
  app.use('*', async (c, next) => {
    // RFC 7644 §4: discovery describes the service; it needs no credential.
    if (DISCOVERY.test(c.req.path)) return next();
    const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const result = await authenticateScim(deps(), presented);
    if (!result.ok) {
      return sendError(c, { status: 401, detail: result.error.message }, { 'WWW-Authenticate': 'Bearer realm="scim"' });
    }
    const credential = result.value;
    c.set('credential', credential);
    c.set('actor', { kind: 'scim', directoryId: credential.directoryId, credentialId: credential.id });
    return next();
  });
  app.use('*', limitScimTokens(deps, sendError));
  app.use('*', auditScimCalls(deps));
  app.onError((error, c) => {
    if (error instanceof ScimFailure) return sendError(c, error.error, error.headers);
    const throttled = ['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'].includes(error.name);
    c.get('logger')?.log('error', throttled ? 'store throttled' : 'unhandled error', errorFields(error));
    if (throttled) return sendError(c, { status: 429, detail: 'The service is busy; retry shortly.' }, { 'Retry-After': '1' });
    return sendError(c, { status: 500, detail: `An internal error occurred; request id ${c.get('requestId')}.` });
  });
  app.notFound((c) => sendError(c, { status: 404, detail: `No SCIM endpoint ${c.req.method} ${c.req.path}.` }));
  return app;
};
