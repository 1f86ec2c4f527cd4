import { createRoute, z } from '@hono/zod-openapi';
import { MAX_SESSION_DURATION, MIN_SESSION_DURATION } from '../../../domain/access/access-configuration';
import { MAX_INLINE_POLICY_LENGTH } from '../../../domain/access/permission-policies';
import { ACCOUNT_ID } from '../../../domain/org/cloud-account';
import { BEARER, errorResponses, json, jsonBody, PageQuery } from '../management/schemas';
import { DirectoryIdParam } from './schemas';

const tags = ['CloudSSO access'];
const base = '/api/v1/cloudsso/directories/{directoryId}';
const Dir = z.strictObject({ directoryId: DirectoryIdParam });
const AccessConfigurationIdParam = z.string().regex(/^ac-[a-z0-9]{1,40}$/).openapi({ example: 'ac-00a1b2c3d4e5f6g7h8i9' });
const AccountIdParam = z.string().regex(ACCOUNT_ID).openapi({ description: 'A 16-digit account id.' });
const DirAc = Dir.extend({ accessConfigurationId: AccessConfigurationIdParam });
const page = <T extends z.ZodType>(key: string, item: T) => json(z.object({ [key]: z.array(item), nextToken: z.string().optional() }), 'A page');

export const PermissionPolicy = z
  .object({ type: z.enum(['System', 'Inline']), name: z.string(), document: z.string().optional() })
  .openapi('PermissionPolicy');

export const AccessConfiguration = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    sessionDuration: z.number().int(),
    relayState: z.string().optional(),
    permissionPolicies: z.array(PermissionPolicy),
    roleName: z.string().openapi({ description: 'The role this configuration becomes in each account.' }),
    revision: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AccessConfiguration');


export const AccessAssignment = z
  .object({
    accessConfigurationId: z.string(),
    targetType: z.enum(['RD-Account', 'RD-Folder']),
    targetId: z.string(),
    principalType: z.enum(['User', 'Group']),
    principalId: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().optional(),
  })
  .openapi('AccessAssignment');

export const AccessTask = z
  .object({
    taskId: z.string(),
    taskType: z.string(),
    status: z.enum(['InProgress', 'Success', 'Failed']),
    accessConfigurationId: z.string().optional(),
    accessConfigurationName: z.string().optional(),
    targetType: z.string().optional(),
    targetId: z.string().optional(),
    targetName: z.string().optional(),
    principalType: z.string().optional(),
    principalId: z.string().optional(),
    principalName: z.string().optional(),
    attempts: z.number().int(),
    startTime: z.string(),
    endTime: z.string().optional(),
    failureReason: z.string().optional(),
  })
  .openapi('AccessTask');

export const Provisioning = z
  .object({
    accountId: z.string(),
    accessConfigurationId: z.string(),
    accessConfigurationName: z.string().optional(),
    roleName: z.string(),
    status: z.enum(['Provisioned', 'ReprovisionRequired', 'DeprovisionFailed']),
    failureReason: z.string().optional(),
    updatedAt: z.string(),
  })
  .openapi('Provisioning');

const Settings = z.object({ autoReprovision: z.boolean(), updatedAt: z.string() }).openapi('AccessSettings');

const EditableFields = {
  description: z.string().max(1024),
  sessionDuration: z.number().int().min(MIN_SESSION_DURATION).max(MAX_SESSION_DURATION),
  relayState: z.string().max(1024).openapi({ description: 'The console URL the user lands on; an empty string clears it.' }),
};

export const createConfigurationRoute = createRoute({
  method: 'post', path: `${base}/access-configurations`, tags, security: BEARER, summary: 'Create an access configuration',
  request: {
    params: Dir,
    body: jsonBody(
      z.strictObject({
        name: z.string().openapi({ description: '1-32 letters, digits and hyphens; unique in the directory; names the role in each account.' }),
        description: EditableFields.description.optional(),
        sessionDuration: EditableFields.sessionDuration.optional().openapi({ description: 'Seconds, 900-43200; default 3600.' }),
        relayState: EditableFields.relayState.optional(),
      }),
    ),
  },
  responses: { 201: json(AccessConfiguration, 'Created'), ...errorResponses(404, 409) },
});

export const listConfigurationsRoute = createRoute({
  method: 'get', path: `${base}/access-configurations`, tags, security: BEARER, summary: 'List access configurations',
  request: { params: Dir, query: PageQuery }, responses: { 200: page('accessConfigurations', AccessConfiguration), ...errorResponses(404) },
});

export const getConfigurationRoute = createRoute({
  method: 'get', path: `${base}/access-configurations/{accessConfigurationId}`, tags, security: BEARER, summary: 'Get an access configuration',
  request: { params: DirAc }, responses: { 200: json(AccessConfiguration, 'The configuration'), ...errorResponses(404) },
});

export const updateConfigurationRoute = createRoute({
  method: 'patch', path: `${base}/access-configurations/{accessConfigurationId}`, tags, security: BEARER,
  summary: 'Change description, session duration or relay state (provisioned accounts become ReprovisionRequired)',
  request: { params: DirAc, body: jsonBody(z.strictObject(EditableFields).partial()) },
  responses: { 200: json(AccessConfiguration, 'Updated'), ...errorResponses(404, 409) },
});

export const deleteConfigurationRoute = createRoute({
  method: 'delete', path: `${base}/access-configurations/{accessConfigurationId}`, tags, security: BEARER,
  summary: 'Delete an access configuration (refused while assigned or provisioned anywhere)',
  request: { params: DirAc }, responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export const listPoliciesRoute = createRoute({
  method: 'get', path: `${base}/access-configurations/{accessConfigurationId}/permission-policies`, tags, security: BEARER,
  summary: 'The permission policies of an access configuration',
  request: { params: DirAc }, responses: { 200: json(z.object({ permissionPolicies: z.array(PermissionPolicy) }), 'Policies'), ...errorResponses(404) },
});

export const addPolicyRoute = createRoute({
  method: 'post', path: `${base}/access-configurations/{accessConfigurationId}/permission-policies`, tags, security: BEARER,
  summary: 'Attach a system policy (up to 20) or set the inline policy (one, at most 4,096 characters)',
  request: {
    params: DirAc,
    body: jsonBody(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('System'), name: z.string().min(1).max(128) }),
        z.strictObject({ type: z.literal('Inline'), name: z.string().min(1).max(128), document: z.string().max(MAX_INLINE_POLICY_LENGTH * 2) }),
      ]),
    ),
  },
  responses: { 200: json(AccessConfiguration, 'Attached'), ...errorResponses(404, 409) },
});

export const removePolicyRoute = createRoute({
  method: 'delete', path: `${base}/access-configurations/{accessConfigurationId}/permission-policies/{type}/{name}`, tags, security: BEARER,
  summary: 'Detach a permission policy',
  request: { params: DirAc.extend({ type: z.enum(['System', 'Inline']), name: z.string().min(1).max(128) }) },
  responses: { 200: json(AccessConfiguration, 'Detached'), ...errorResponses(404, 409) },
});


export const createAssignmentRoute = createRoute({
  method: 'post', path: `${base}/access-assignments`, tags, security: BEARER,
  summary: 'Assign an access configuration to a user or group on an account or folder; provisions asynchronously',
  request: {
    params: Dir,
    body: jsonBody(
      z.object({
        accessConfigurationId: AccessConfigurationIdParam,
        targetType: z.enum(['RD-Account', 'RD-Folder']),
        targetId: z.string(),
        principalType: z.enum(['User', 'Group']),
        principalId: z.string(),
        expiresAt: z.iso.datetime().optional().openapi({ description: 'Beyond the product: the assignment ends by itself at this instant.' }),
      }).strict(),
    ),
  },
  responses: { 202: json(AccessTask, 'Accepted; poll the task'), ...errorResponses(404, 409) },
});

export const deleteAssignmentRoute = createRoute({
  method: 'delete', path: `${base}/access-assignments`, tags, security: BEARER,
  summary: 'Remove an access assignment (named by its query); deprovisions where nothing else needs the role',
  request: {
    params: Dir,
    query: z.strictObject({
      accessConfigurationId: AccessConfigurationIdParam,
      targetType: z.enum(['RD-Account', 'RD-Folder']),
      targetId: z.string(),
      principalType: z.enum(['User', 'Group']),
      principalId: z.string(),
    }),
  },
  responses: { 202: json(AccessTask, 'Accepted; poll the task'), ...errorResponses(404) },
});

export const listAssignmentsRoute = createRoute({
  method: 'get', path: `${base}/access-assignments`, tags, security: BEARER,
  summary: 'List access assignments by principal, by target or by access configuration',
  request: {
    params: Dir,
    query: PageQuery.extend({
      accessConfigurationId: AccessConfigurationIdParam.optional(),
      targetType: z.enum(['RD-Account', 'RD-Folder']).optional(),
      targetId: z.string().optional(),
      principalType: z.enum(['User', 'Group']).optional(),
      principalId: z.string().optional(),
    }),
  },
  responses: { 200: page('accessAssignments', AccessAssignment), ...errorResponses(404) },
});

export const provisionRoute = createRoute({
  method: 'post', path: `${base}/access-configurations/{accessConfigurationId}/provisionings`, tags, security: BEARER,
  summary: 'Provision (again) an access configuration into an account, e.g. after ReprovisionRequired',
  request: { params: DirAc, body: jsonBody(z.strictObject({ accountId: AccountIdParam })) },
  responses: { 202: json(AccessTask, 'Accepted; poll the task'), ...errorResponses(404, 409) },
});

export const deprovisionRoute = createRoute({
  method: 'delete', path: `${base}/access-configurations/{accessConfigurationId}/provisionings/{accountId}`, tags, security: BEARER,
  summary: 'Deprovision an access configuration from an account where nothing assigns it',
  request: { params: DirAc.extend({ accountId: AccountIdParam }) },
  responses: { 202: json(AccessTask, 'Accepted; poll the task'), ...errorResponses(404, 409) },
});

export const listProvisioningsRoute = createRoute({
  method: 'get', path: `${base}/accounts/{accountId}/provisionings`, tags, security: BEARER,
  summary: 'Access configurations provisioned in an account, with their status',
  request: { params: Dir.extend({ accountId: AccountIdParam }), query: PageQuery },
  responses: { 200: page('provisionings', Provisioning), ...errorResponses(404) },
});

export const listTasksRoute = createRoute({
  method: 'get', path: `${base}/tasks`, tags, security: BEARER, summary: 'Provisioning tasks of the last 90 days, newest first',
  request: {
    params: Dir,
    query: PageQuery.extend({
      status: z.enum(['InProgress', 'Success', 'Failed']).optional(),
      taskType: z
        .enum(['CreateAccessAssignment', 'DeleteAccessAssignment', 'ProvisionAccessConfiguration', 'DeprovisionAccessConfiguration', 'ReprovisionAccessConfiguration'])
        .optional(),
      principalId: z.string().max(64).optional(),
      targetId: z.string().max(64).optional(),
      accessConfigurationId: AccessConfigurationIdParam.optional(),
    }),
  },
  responses: { 200: page('tasks', AccessTask), ...errorResponses(404) },
});

export const getTaskRoute = createRoute({
  method: 'get', path: `${base}/tasks/{taskId}`, tags, security: BEARER, summary: 'A task and its status',
  request: { params: Dir.extend({ taskId: z.string().regex(/^t-[0-9A-Z]{26}$/) }) },
  responses: { 200: json(AccessTask, 'The task'), ...errorResponses(404) },
});

export const getSettingsRoute = createRoute({
  method: 'get', path: `${base}/access-settings`, tags, security: BEARER, summary: 'Access settings of the directory',
  request: { params: Dir }, responses: { 200: json(Settings, 'Settings'), ...errorResponses(404) },
});

export const setSettingsRoute = createRoute({
  method: 'put', path: `${base}/access-settings`, tags, security: BEARER,
  summary: 'Beyond the product: re-provision changed access configurations automatically',
  request: { params: Dir, body: jsonBody(z.strictObject({ autoReprovision: z.boolean() }).partial()) },
  responses: { 200: json(Settings, 'Updated'), ...errorResponses(404, 409) },
});


export const accessRoutes = [
  createConfigurationRoute, listConfigurationsRoute, getConfigurationRoute, updateConfigurationRoute, deleteConfigurationRoute,
  listPoliciesRoute, addPolicyRoute, removePolicyRoute, createAssignmentRoute, deleteAssignmentRoute, listAssignmentsRoute,
  provisionRoute, deprovisionRoute, listProvisioningsRoute, listTasksRoute, getTaskRoute, getSettingsRoute, setSettingsRoute,
];
