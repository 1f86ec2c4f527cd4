import { createRoute, z } from '@hono/zod-openapi';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../../../domain/audit/audit-retention';
import { MAX_PAGE_SIZE } from '../../../domain/shared/page';
import { DirectoryIdParam } from '../cloudsso/schemas';
import { InstanceParams } from '../ciam/schemas';
import { BEARER, errorResponses, json, jsonBody } from '../management/schemas';

export const MAX_EXPORT_PAGE = 5000;

const Actor = z.object({
  type: z.enum(['Account', 'Administrator', 'ScimCredential', 'User', 'Customer', 'Application', 'Operator', 'Anonymous']),
  id: z.string().optional(),
  name: z.string().optional(),
  authenticatedBy: z.string().openapi({ description: 'ApiKey, AccessKey, ScimToken, ConsoleSession, PortalSession, Password, SamlAssertion, PhoneCode, Totp, ClientSecret, …' }),
  credentialId: z.string().optional().openapi({ description: 'The API key, SCIM credential or OAuth client used: its id, never its secret.' }),
});

export const AuditEventSchema = z
  .object({
    id: z.string(),
    time: z.string(),
    tenant: z.object({ type: z.enum(['account', 'directory', 'instance']), id: z.string() }),
    actor: Actor,
    source: z.object({ ip: z.string(), userAgent: z.string().optional() }),
    channel: z.enum(['REST', 'SCIM', 'RPC', 'Console', 'Portal', 'Hosted', 'OIDC', 'SAML']),
    action: z.string().openapi({ example: 'cloudsso:CreateAccessAssignment' }),
    resources: z.array(z.object({ type: z.string(), id: z.string() })),
    request: z.record(z.string(), z.unknown()).optional().openapi({ description: 'The request parameters; secrets are never kept.' }),
    result: z.enum(['Success', 'Failure']),
    errorCode: z.string().optional(),
    errorMessage: z.string().optional(),
    requestId: z.string(),
  })
  .openapi('AuditEvent');

const Filters = {
  from: z.string().optional().openapi({ description: 'ISO 8601; default: 24 hours before `to`.' }),
  to: z.string().optional().openapi({ description: 'ISO 8601; default: now.' }),
  actor: z.string().max(256).optional().openapi({ description: "The actor's id or name, or the id of the key or SCIM credential it used." }),
  action: z.string().max(128).optional().openapi({ description: 'An action (`cloudsso:CreateAccessAssignment`) or a prefix (`portal:`, `cloudsso:Create*`).' }),
  resource: z.string().max(256).optional().openapi({ description: 'A resource id the event names (a user, an access configuration, an account).' }),
  result: z.enum(['Success', 'Failure']).optional(),
  sourceIp: z.string().max(64).optional(),
};

export const ListQuery = z.strictObject({
  ...Filters,
  maxResults: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  nextToken: z.string().max(1024).optional(),
});

export const ExportQuery = z.strictObject({
  ...Filters,
  format: z.enum(['jsonl', 'csv']).default('jsonl'),
  maxResults: z.coerce.number().int().min(1).max(MAX_EXPORT_PAGE).default(MAX_EXPORT_PAGE),
  nextToken: z.string().max(1024).optional(),
});

const Settings = z.object({ retentionDays: z.number().int(), updatedAt: z.string().optional() }).openapi('AuditSettings');
const SettingsChange = z.strictObject({
  retentionDays: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS).openapi({ description: `Days events are kept (${MIN_RETENTION_DAYS}-${MAX_RETENTION_DAYS}; default 180). Applies to events recorded from now on.` }),
});

const tags = ['Audit'];
const Dir = z.strictObject({ directoryId: DirectoryIdParam });

/** The four routes of one kind of trail. */
const trailRoutes = (base: string, params: typeof Dir | typeof InstanceParams | undefined, whose: string) => {
  const request: { params?: typeof Dir } = params ? { params: params as typeof Dir } : {};
  return {
    list: createRoute({
      method: 'get', path: `${base}/audit-events`, tags, security: BEARER,
      summary: `Audit events of ${whose}, newest first (every change and logon; filters combine)`,
      request: { ...request, query: ListQuery },
      responses: { 200: json(z.object({ events: z.array(AuditEventSchema), nextToken: z.string().optional() }), 'A page; it may be short while nextToken is present'), ...errorResponses(404) },
    }),
    export: createRoute({
      method: 'get', path: `${base}/audit-events:export`, tags, security: BEARER,
      summary: `Export a time range of ${whose}'s audit events, oldest first, as JSON lines or CSV`,
      request: { ...request, query: ExportQuery },
      responses: {
        200: {
          description: `Up to ${MAX_EXPORT_PAGE} events a response; the X-Next-Token header names the rest (pass it as nextToken).`,
          headers: { 'X-Next-Token': { description: 'Absent on the last page.', schema: { type: 'string' } } },
          content: { 'application/x-ndjson': { schema: z.string() }, 'text/csv': { schema: z.string() } },
        },
        ...errorResponses(404),
      },
    }),
    getSettings: createRoute({
      method: 'get', path: `${base}/audit-settings`, tags, security: BEARER, summary: `How long ${whose}'s audit events are kept`,
      request, responses: { 200: json(Settings, 'The settings'), ...errorResponses(404) },
    }),
    putSettings: createRoute({
      method: 'put', path: `${base}/audit-settings`, tags, security: BEARER, summary: `Set how long ${whose}'s audit events are kept`,
      request: { ...request, body: jsonBody(SettingsChange) }, responses: { 200: json(Settings, 'The settings'), ...errorResponses(404) },
    }),
  };
};

export const directoryAuditRoutes = trailRoutes('/api/v1/cloudsso/directories/{directoryId}', Dir, 'the directory');
export const instanceAuditRoutes = trailRoutes('/api/v1/ciam/instances/{instanceId}', InstanceParams, 'the instance');
export const accountAuditRoutes = trailRoutes('/api/v1/account', undefined, 'the account (administrators, API keys, the resource directory, directories and instances created or deleted)');

export const auditRoutes = [directoryAuditRoutes, instanceAuditRoutes, accountAuditRoutes].flatMap((r) => Object.values(r));
