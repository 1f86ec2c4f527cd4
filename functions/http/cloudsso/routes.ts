import { createRoute, z } from '@hono/zod-openapi';
import { DIRECTORY_REGIONS } from '../../../domain/directory/directory';
import { GROUP_DESCRIPTION_MAX } from '../../../domain/directory/group-rules';
import { BEARER, errorResponses, json, jsonBody, PageQuery } from '../management/schemas';
import {
  CredentialIdParam,
  Directory,
  DirectoryIdParam,
  Group,
  GroupIdParam,
  NewUser,
  ScimCredential,
  Statistics,
  User,
  UserChanges,
  UserIdParam,
} from './schemas';

const tags = ['CloudSSO'];
const base = '/api/v1/cloudsso/directories/{directoryId}';
const Dir = z.strictObject({ directoryId: DirectoryIdParam });
const DirUser = Dir.extend({ userId: UserIdParam });
const DirGroup = Dir.extend({ groupId: GroupIdParam });
const page = <T extends z.ZodType>(key: string, item: T) =>
  json(z.object({ [key]: z.array(item), nextToken: z.string().optional() }), 'A page');

export const serviceStatusRoute = createRoute({
  method: 'get', path: '/api/v1/cloudsso/service', tags, security: BEARER,
  summary: 'Whether CloudSSO is enabled (by EnableService or its directory) for the calling management account',
  responses: {
    200: json(z.object({ status: z.enum(['Enabled', 'Disabled']), directoryId: z.string().optional(), prerequisitesMet: z.boolean() }), 'Status'),
    ...errorResponses(),
  },
});

export const enableServiceRoute = createRoute({
  method: 'put', path: '/api/v1/cloudsso/service', tags, security: BEARER,
  summary: 'Enable CloudSSO for the calling management account (before creating its directory); idempotent',
  responses: { 204: { description: 'Enabled' }, ...errorResponses() },
});

export const createDirectoryRoute = createRoute({
  method: 'post', path: '/api/v1/cloudsso/directories', tags, security: BEARER,
  summary: 'Enable CloudSSO: create the directory of the calling management account',
  request: {
    body: jsonBody(
      z.strictObject({
        name: z.string().min(2).max(64).optional().openapi({ description: 'Globally unique; generated when omitted.' }),
        region: z.enum(DIRECTORY_REGIONS),
      }),
    ),
  },
  responses: { 201: json(Directory, 'Created'), ...errorResponses(404, 409) },
});

export const listDirectoriesRoute = createRoute({
  method: 'get', path: '/api/v1/cloudsso/directories', tags, security: BEARER, summary: 'The directories of the account (at most one)',
  responses: { 200: json(z.object({ directories: z.array(Directory) }), 'Directories'), ...errorResponses() },
});

export const getDirectoryRoute = createRoute({
  method: 'get', path: base, tags, security: BEARER, summary: 'Get the directory', request: { params: Dir },
  responses: { 200: json(Directory, 'The directory'), ...errorResponses(404) },
});

export const updateDirectoryRoute = createRoute({
  method: 'patch', path: base, tags, security: BEARER, summary: 'Rename the directory',
  request: { params: Dir, body: jsonBody(z.strictObject({ name: z.string().min(2).max(64) })) },
  responses: { 200: json(Directory, 'Renamed'), ...errorResponses(404, 409) },
});

export const deleteDirectoryRoute = createRoute({
  method: 'delete', path: base, tags, security: BEARER, summary: 'Delete an empty directory (names what remains otherwise)',
  request: { params: Dir }, responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export const statisticsRoute = createRoute({
  method: 'get', path: `${base}/statistics`, tags, security: BEARER, summary: 'Counts, quotas and switches of the directory',
  request: { params: Dir }, responses: { 200: json(Statistics, 'Statistics'), ...errorResponses(404) },
});

export const quotasRoute = createRoute({
  method: 'put', path: `${base}/quotas`, tags, security: BEARER, summary: 'Raise (or lower) quotas; management account only',
  request: {
    params: Dir,
    body: jsonBody(
      z.strictObject({
        users: z.number().int().positive().optional(),
        groups: z.number().int().positive().optional(),
        accessConfigurations: z.number().int().positive().optional(),
        scimCredentials: z.number().int().positive().optional(),
      }),
    ),
  },
  responses: { 200: json(Directory, 'Updated'), ...errorResponses(404, 409) },
});

export const scimSyncRoute = createRoute({
  method: 'put', path: `${base}/scim-synchronization`, tags, security: BEARER,
  summary: 'Turn SCIM synchronization on or off (while on, SCIM-written users and groups are read-only here)',
  request: { params: Dir, body: jsonBody(z.strictObject({ enabled: z.boolean() })) },
  responses: { 200: json(Directory, 'Updated'), ...errorResponses(404, 409) },
});

export const createCredentialRoute = createRoute({
  method: 'post', path: `${base}/scim-credentials`, tags, security: BEARER, summary: 'Create a SCIM bearer token (at most two; valid one year)',
  request: { params: Dir },
  responses: { 201: json(z.object({ credential: ScimCredential, secret: z.string() }), 'Created; the secret is shown only now'), ...errorResponses(404, 409) },
});

export const listCredentialsRoute = createRoute({
  method: 'get', path: `${base}/scim-credentials`, tags, security: BEARER, summary: 'List SCIM credentials',
  request: { params: Dir }, responses: { 200: json(z.object({ credentials: z.array(ScimCredential) }), 'Credentials'), ...errorResponses(404) },
});

export const updateCredentialRoute = createRoute({
  method: 'patch', path: `${base}/scim-credentials/{credentialId}`, tags, security: BEARER, summary: 'Enable or disable a SCIM credential',
  request: { params: Dir.extend({ credentialId: CredentialIdParam }), body: jsonBody(z.strictObject({ status: z.enum(['Enabled', 'Disabled']) })) },
  responses: { 200: json(ScimCredential, 'Updated'), ...errorResponses(404) },
});

export const deleteCredentialRoute = createRoute({
  method: 'delete', path: `${base}/scim-credentials/{credentialId}`, tags, security: BEARER, summary: 'Delete a SCIM credential',
  request: { params: Dir.extend({ credentialId: CredentialIdParam }) }, responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

export const createUserRoute = createRoute({
  method: 'post', path: `${base}/users`, tags, security: BEARER, summary: 'Create a user',
  request: { params: Dir, body: jsonBody(NewUser) }, responses: { 201: json(User, 'Created'), ...errorResponses(404, 409) },
});

export const listUsersRoute = createRoute({
  method: 'get', path: `${base}/users`, tags, security: BEARER,
  summary: 'List users; filter by exact user name, user name prefix, status, provision type',
  request: {
    params: Dir,
    query: PageQuery.extend({
      userName: z.string().max(64).optional().openapi({ description: 'Exact user name (case-insensitive).' }),
      userNamePrefix: z.string().min(1).max(64).optional(),
      status: z.enum(['Enabled', 'Disabled']).optional(),
      provisionType: z.enum(['Manual', 'Synchronized']).optional(),
    }),
  },
  responses: { 200: page('users', User), ...errorResponses(404) },
});

export const getUserRoute = createRoute({
  method: 'get', path: `${base}/users/{userId}`, tags, security: BEARER, summary: 'Get a user',
  request: { params: DirUser }, responses: { 200: json(User, 'The user'), ...errorResponses(404) },
});

export const updateUserRoute = createRoute({
  method: 'patch', path: `${base}/users/{userId}`, tags, security: BEARER, summary: "Change a user's attributes",
  request: { params: DirUser, body: jsonBody(UserChanges) }, responses: { 200: json(User, 'Updated'), ...errorResponses(404, 409) },
});

export const userStatusRoute = createRoute({
  method: 'put', path: `${base}/users/{userId}/status`, tags, security: BEARER, summary: 'Enable or disable a user',
  request: { params: DirUser, body: jsonBody(z.strictObject({ status: z.enum(['Enabled', 'Disabled']) })) },
  responses: { 200: json(User, 'Updated'), ...errorResponses(404, 409) },
});

export const deleteUserRoute = createRoute({
  method: 'delete', path: `${base}/users/{userId}`, tags, security: BEARER,
  summary: 'Delete a user (refused while it has group memberships, MFA devices or assignments)',
  request: { params: DirUser }, responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export const userGroupsRoute = createRoute({
  method: 'get', path: `${base}/users/{userId}/groups`, tags, security: BEARER, summary: 'The groups a user belongs to',
  request: { params: DirUser, query: PageQuery }, responses: { 200: page('groups', Group), ...errorResponses(404) },
});

export const createGroupRoute = createRoute({
  method: 'post', path: `${base}/groups`, tags, security: BEARER, summary: 'Create a group',
  request: {
    params: Dir,
    body: jsonBody(z.strictObject({ name: z.string().min(1).max(128), description: z.string().max(GROUP_DESCRIPTION_MAX).optional() })),
  },
  responses: { 201: json(Group, 'Created'), ...errorResponses(404, 409) },
});

export const listGroupsRoute = createRoute({
  method: 'get', path: `${base}/groups`, tags, security: BEARER, summary: 'List groups; filter by name prefix',
  request: { params: Dir, query: PageQuery.extend({ namePrefix: z.string().min(1).max(128).optional() }) },
  responses: { 200: page('groups', Group), ...errorResponses(404) },
});

export const getGroupRoute = createRoute({
  method: 'get', path: `${base}/groups/{groupId}`, tags, security: BEARER, summary: 'Get a group',
  request: { params: DirGroup }, responses: { 200: json(Group, 'The group'), ...errorResponses(404) },
});

export const updateGroupRoute = createRoute({
  method: 'patch', path: `${base}/groups/{groupId}`, tags, security: BEARER, summary: 'Rename a group or change its description',
  request: {
    params: DirGroup,
    body: jsonBody(
      z
        .strictObject({ name: z.string().min(1).max(128).optional(), description: z.string().max(GROUP_DESCRIPTION_MAX).optional() })
        .refine((b) => Object.keys(b).length > 0, 'Give name, description or both.'),
    ),
  },
  responses: { 200: json(Group, 'Updated'), ...errorResponses(404, 409) },
});

export const deleteGroupRoute = createRoute({
  method: 'delete', path: `${base}/groups/{groupId}`, tags, security: BEARER, summary: 'Delete an empty group',
  request: { params: DirGroup }, responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export const addMembersRoute = createRoute({
  method: 'post', path: `${base}/groups/{groupId}/members`, tags, security: BEARER, summary: 'Add users to a group (idempotent)',
  request: { params: DirGroup, body: jsonBody(z.strictObject({ userIds: z.array(UserIdParam).min(1).max(1000) })) },
  responses: { 200: json(z.object({ added: z.number().int() }), 'Added'), ...errorResponses(404, 409) },
});

export const removeMemberRoute = createRoute({
  method: 'delete', path: `${base}/groups/{groupId}/members/{userId}`, tags, security: BEARER, summary: 'Remove a user from a group',
  request: { params: DirGroup.extend({ userId: UserIdParam }) }, responses: { 204: { description: 'Removed' }, ...errorResponses(404, 409) },
});

export const listMembersRoute = createRoute({
  method: 'get', path: `${base}/groups/{groupId}/members`, tags, security: BEARER, summary: "A group's members",
  request: { params: DirGroup, query: PageQuery }, responses: { 200: page('users', User), ...errorResponses(404) },
});

export const cloudSsoRoutes = [
  serviceStatusRoute, enableServiceRoute, createDirectoryRoute, listDirectoriesRoute, getDirectoryRoute, updateDirectoryRoute, deleteDirectoryRoute,
  statisticsRoute, quotasRoute, scimSyncRoute, createCredentialRoute, listCredentialsRoute, updateCredentialRoute,
  deleteCredentialRoute, createUserRoute, listUsersRoute, getUserRoute, updateUserRoute, userStatusRoute, deleteUserRoute,
  userGroupsRoute, createGroupRoute, listGroupsRoute, getGroupRoute, updateGroupRoute, deleteGroupRoute, addMembersRoute,
  removeMemberRoute, listMembersRoute,
];
