import { createRoute, z } from '@hono/zod-openapi';
import { ADMINISTRATOR_NAME, DISPLAY_NAME_MAX } from '../../../domain/iam/administrator';
import { POLICY_NAMES } from '../../../domain/iam/policies';
import { AccountSchema as Account } from '../management/account';
import { BEARER, errorResponses, json, jsonBody, PageQuery } from '../management/schemas';

const tags = ['Administrators and API keys'];

export const PolicyName = z.enum(POLICY_NAMES).openapi('PolicyName');

export const Administrator = z
  .object({
    id: z.string(),
    name: z.string(),
    displayName: z.string(),
    policies: z.array(PolicyName),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Administrator');

export const ApiKey = z
  .object({
    id: z.string().openapi({ description: 'Also the AccessKeyId for the Alibaba Cloud RPC API.' }),
    owner: z.string().openapi({ description: '`account` (root key) or `administrator:<id>`.' }),
    status: z.enum(['Active', 'Inactive']),
    signsRequests: z.boolean().openapi({
      description: 'Whether the key can sign RPC API requests (AccessKey signatures); keys created before they existed cannot: create a new one.',
    }),
    createdAt: z.string(),
  })
  .openapi('ApiKey');

export const CreatedApiKey = z
  .object({
    apiKey: ApiKey,
    secret: z.string().openapi({
      description: 'Shown once; store it now. Send it as `Authorization: Bearer <secret>`, or use it as the AccessKeySecret (with `apiKey.id` as the AccessKeyId) to sign RPC API requests.',
    }),
  })
  .openapi('CreatedApiKey');

const AdministratorParams = z.strictObject({ administratorId: z.string().min(1).max(64) });
const KeyParams = AdministratorParams.extend({ keyId: z.string().min(1).max(64) });
const RootKeyParams = z.strictObject({ keyId: z.string().min(1).max(64) });
const KeyStatusBody = z.strictObject({ status: z.enum(['Active', 'Inactive']) });

export const createAdministratorRoute = createRoute({
  method: 'post',
  path: '/api/v1/administrators',
  tags,
  summary: 'Create an administrator (RAM user) with system policies',
  security: BEARER,
  request: {
    body: jsonBody(
      z.strictObject({
        name: z.string().regex(ADMINISTRATOR_NAME).openapi({ example: 'alice' }),
        displayName: z.string().min(1).max(DISPLAY_NAME_MAX).optional(),
        policies: z.array(PolicyName).max(10).optional(),
      }),
    ),
  },
  responses: { 201: json(Administrator, 'Created'), ...errorResponses(409) },
});

export const listAdministratorsRoute = createRoute({
  method: 'get',
  path: '/api/v1/administrators',
  tags,
  summary: 'List administrators',
  security: BEARER,
  request: { query: PageQuery },
  responses: {
    200: json(z.object({ administrators: z.array(Administrator), nextToken: z.string().optional() }), 'A page'),
    ...errorResponses(),
  },
});

export const getAdministratorRoute = createRoute({
  method: 'get',
  path: '/api/v1/administrators/{administratorId}',
  tags,
  summary: 'Get an administrator',
  security: BEARER,
  request: { params: AdministratorParams },
  responses: { 200: json(Administrator, 'The administrator'), ...errorResponses(404) },
});

export const updateAdministratorRoute = createRoute({
  method: 'patch',
  path: '/api/v1/administrators/{administratorId}',
  tags,
  summary: "Change an administrator's display name or policies",
  security: BEARER,
  request: {
    params: AdministratorParams,
    body: jsonBody(
      z.strictObject({
        displayName: z.string().min(1).max(DISPLAY_NAME_MAX).optional(),
        policies: z.array(PolicyName).max(10).optional(),
      }),
    ),
  },
  responses: { 200: json(Administrator, 'Updated'), ...errorResponses(404, 409) },
});

export const deleteAdministratorRoute = createRoute({
  method: 'delete',
  path: '/api/v1/administrators/{administratorId}',
  tags,
  summary: 'Delete an administrator and its API keys',
  security: BEARER,
  request: { params: AdministratorParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export const createAdministratorKeyRoute = createRoute({
  method: 'post',
  path: '/api/v1/administrators/{administratorId}/api-keys',
  tags,
  summary: 'Create an API key for an administrator (at most two)',
  security: BEARER,
  request: { params: AdministratorParams },
  responses: { 201: json(CreatedApiKey, 'Created; the secret is shown only now'), ...errorResponses(404, 409) },
});

export const listAdministratorKeysRoute = createRoute({
  method: 'get',
  path: '/api/v1/administrators/{administratorId}/api-keys',
  tags,
  summary: "List an administrator's API keys",
  security: BEARER,
  request: { params: AdministratorParams },
  responses: { 200: json(z.object({ apiKeys: z.array(ApiKey) }), 'The keys'), ...errorResponses(404) },
});

export const updateAdministratorKeyRoute = createRoute({
  method: 'patch',
  path: '/api/v1/administrators/{administratorId}/api-keys/{keyId}',
  tags,
  summary: "Activate or deactivate an administrator's API key",
  security: BEARER,
  request: { params: KeyParams, body: jsonBody(KeyStatusBody) },
  responses: { 200: json(ApiKey, 'Updated'), ...errorResponses(404) },
});

export const deleteAdministratorKeyRoute = createRoute({
  method: 'delete',
  path: '/api/v1/administrators/{administratorId}/api-keys/{keyId}',
  tags,
  summary: "Delete an administrator's API key",
  security: BEARER,
  request: { params: KeyParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export const createRootKeyRoute = createRoute({
  method: 'post',
  path: '/api/v1/account/api-keys',
  tags,
  summary: "Create one of the account's own (root) API keys; only the account itself may",
  security: BEARER,
  responses: { 201: json(CreatedApiKey, 'Created; the secret is shown only now'), ...errorResponses(409) },
});

export const listRootKeysRoute = createRoute({
  method: 'get',
  path: '/api/v1/account/api-keys',
  tags,
  summary: "List the account's root API keys",
  security: BEARER,
  responses: { 200: json(z.object({ apiKeys: z.array(ApiKey) }), 'The keys'), ...errorResponses() },
});

export const updateRootKeyRoute = createRoute({
  method: 'patch',
  path: '/api/v1/account/api-keys/{keyId}',
  tags,
  summary: 'Activate or deactivate a root API key',
  security: BEARER,
  request: { params: RootKeyParams, body: jsonBody(KeyStatusBody) },
  responses: { 200: json(ApiKey, 'Updated'), ...errorResponses(404) },
});

export const deleteRootKeyRoute = createRoute({
  method: 'delete',
  path: '/api/v1/account/api-keys/{keyId}',
  tags,
  summary: 'Delete a root API key',
  security: BEARER,
  request: { params: RootKeyParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export const whoAmIRoute = createRoute({
  method: 'get',
  path: '/api/v1/me',
  tags,
  summary: 'The calling principal, its account and its policies',
  security: BEARER,
  responses: {
    200: json(
      z.object({
        kind: z.enum(['account', 'administrator']),
        accountId: z.string(),
        administratorId: z.string().optional(),
        name: z.string().optional(),
        policies: z.array(PolicyName).optional(),
        apiKeyId: z.string(),
        account: Account,
      }),
      'The principal',
    ),
    ...errorResponses(),
  },
});

export const listPoliciesRoute = createRoute({
  method: 'get',
  path: '/api/v1/policies',
  tags,
  summary: 'The system policies and the actions each grants',
  security: BEARER,
  responses: {
    200: json(
      z.object({ policies: z.array(z.object({ name: PolicyName, description: z.string(), actions: z.array(z.string()) })) }),
      'The catalogue',
    ),
    ...errorResponses(),
  },
});

export const openAccountRoute = createRoute({
  method: 'post',
  path: '/api/v1/operator/accounts',
  tags: ['Platform operator'],
  summary: 'Open a cloud account and issue its first root API key (platform operator only)',
  description: 'Authenticated with the operator token (`ATRIUM_OPERATOR_TOKEN`), not an API key.',
  security: [{ OperatorToken: [] }],
  request: {
    body: jsonBody(
      z.strictObject({
        displayName: z.string().min(2).max(50),
        enterpriseVerified: z.boolean().default(false),
      }),
    ),
  },
  responses: { 201: json(z.object({ account: Account, apiKey: ApiKey, secret: z.string() }), 'Opened'), ...errorResponses() },
});

export const iamRoutes = [
  createAdministratorRoute,
  listAdministratorsRoute,
  getAdministratorRoute,
  updateAdministratorRoute,
  deleteAdministratorRoute,
  createAdministratorKeyRoute,
  listAdministratorKeysRoute,
  updateAdministratorKeyRoute,
  deleteAdministratorKeyRoute,
  createRootKeyRoute,
  listRootKeysRoute,
  updateRootKeyRoute,
  deleteRootKeyRoute,
  whoAmIRoute,
  listPoliciesRoute,
  openAccountRoute,
];
