import { createRoute, z } from '@hono/zod-openapi';
import { ACCOUNT_ID } from '../../../domain/org/cloud-account';
import { AccountSchema as Account } from '../management/account';
import { BEARER, errorResponses, json, jsonBody, PageQuery } from '../management/schemas';

const tags = ['Resource directory'];

export const ResourceDirectory = z
  .object({ id: z.string(), managementAccountId: z.string(), rootFolderId: z.string(), createdAt: z.string() })
  .openapi('ResourceDirectory');

export const Folder = z
  .object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), depth: z.number().int(), createdAt: z.string() })
  .openapi('Folder');

export const Task = z
  .object({
    id: z.string(),
    type: z.string().openapi({ example: 'RemoveResourceAccount' }),
    status: z.enum(['InProgress', 'Success', 'Failed']),
    target: z.record(z.string(), z.unknown()),
    attempts: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
    failureReason: z.string().optional(),
  })
  .openapi('Task');

const AccountParams = z.strictObject({
  accountId: z.string().regex(ACCOUNT_ID).openapi({ description: 'A 16-digit account id.' }),
});
const FolderId = z.string().regex(/^fd-[a-z0-9]{1,32}$/).openapi({ example: 'fd-3k2j4h5g6f' });
const FolderParams = z.strictObject({ folderId: FolderId });

export const enableRoute = createRoute({
  method: 'post',
  path: '/api/v1/resource-directory',
  tags,
  summary: 'Enable a resource directory; the calling account becomes its management account',
  description: 'The account must have passed enterprise verification. An account belongs to at most one directory.',
  security: BEARER,
  responses: { 201: json(ResourceDirectory, 'Enabled'), ...errorResponses(409) },
});

export const getDirectoryRoute = createRoute({
  method: 'get',
  path: '/api/v1/resource-directory',
  tags,
  summary: "The caller's resource directory",
  security: BEARER,
  responses: { 200: json(ResourceDirectory, 'The directory'), ...errorResponses(404) },
});

export const createAccountRoute = createRoute({
  method: 'post',
  path: '/api/v1/resource-directory/accounts',
  tags,
  summary: 'Create a member account (resource account)',
  security: BEARER,
  request: {
    body: jsonBody(
      z.strictObject({
        displayName: z.string().min(2).max(50).openapi({ example: 'Production' }),
        folderId: FolderId.optional().openapi({ description: 'Defaults to the root folder.' }),
      }),
    ),
  },
  responses: { 201: json(Account, 'Created'), ...errorResponses(404) },
});

export const listAccountsRoute = createRoute({
  method: 'get',
  path: '/api/v1/resource-directory/accounts',
  tags,
  summary: 'List the accounts of the directory, or of one folder',
  security: BEARER,
  request: { query: PageQuery.extend({ folderId: FolderId.optional() }) },
  responses: {
    200: json(z.object({ accounts: z.array(Account), nextToken: z.string().optional() }), 'A page'),
    ...errorResponses(404),
  },
});

export const getAccountRoute = createRoute({
  method: 'get',
  path: '/api/v1/resource-directory/accounts/{accountId}',
  tags,
  summary: 'Get an account of the directory',
  security: BEARER,
  request: { params: AccountParams },
  responses: { 200: json(Account, 'The account'), ...errorResponses(404) },
});

export const updateAccountRoute = createRoute({
  method: 'patch',
  path: '/api/v1/resource-directory/accounts/{accountId}',
  tags,
  summary: 'Rename an account and/or move it to another folder',
  security: BEARER,
  request: {
    params: AccountParams,
    body: jsonBody(
      z
        .strictObject({ displayName: z.string().min(2).max(50).optional(), folderId: FolderId.optional() })
        .refine((b) => b.displayName !== undefined || b.folderId !== undefined, 'Give displayName, folderId or both.'),
    ),
  },
  responses: { 200: json(Account, 'Updated'), ...errorResponses(404, 409) },
});

export const removeAccountRoute = createRoute({
  method: 'delete',
  path: '/api/v1/resource-directory/accounts/{accountId}',
  tags,
  summary: 'Remove a member account (asynchronous: returns the task)',
  security: BEARER,
  request: { params: AccountParams },
  responses: { 202: json(Task, 'Removal started; poll the task'), ...errorResponses(404, 409) },
});

export const createFolderRoute = createRoute({
  method: 'post',
  path: '/api/v1/resource-directory/folders',
  tags,
  summary: 'Create a folder',
  security: BEARER,
  request: {
    body: jsonBody(
      z.strictObject({
        name: z.string().min(1).max(24).openapi({ example: 'Production' }),
        parentId: FolderId.optional().openapi({ description: 'Defaults to the root folder.' }),
      }),
    ),
  },
  responses: { 201: json(Folder, 'Created'), ...errorResponses(404, 409) },
});

export const listFoldersRoute = createRoute({
  method: 'get',
  path: '/api/v1/resource-directory/folders',
  tags,
  summary: 'List the folders directly under a parent (default: the root)',
  security: BEARER,
  request: { query: PageQuery.extend({ parentId: FolderId.optional() }) },
  responses: {
    200: json(z.object({ folders: z.array(Folder), nextToken: z.string().optional() }), 'A page'),
    ...errorResponses(404),
  },
});

export const getFolderRoute = createRoute({
  method: 'get',
  path: '/api/v1/resource-directory/folders/{folderId}',
  tags,
  summary: 'Get a folder',
  security: BEARER,
  request: { params: FolderParams },
  responses: { 200: json(Folder, 'The folder'), ...errorResponses(404) },
});

export const deleteFolderRoute = createRoute({
  method: 'delete',
  path: '/api/v1/resource-directory/folders/{folderId}',
  tags,
  summary: 'Delete an empty folder',
  security: BEARER,
  request: { params: FolderParams },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
});

export const listTasksRoute = createRoute({
  method: 'get',
  path: '/api/v1/tasks',
  tags: ['Tasks'],
  summary: 'List asynchronous tasks, newest first',
  security: BEARER,
  request: { query: PageQuery },
  responses: {
    200: json(z.object({ tasks: z.array(Task), nextToken: z.string().optional() }), 'A page'),
    ...errorResponses(),
  },
});

export const getTaskRoute = createRoute({
  method: 'get',
  path: '/api/v1/tasks/{taskId}',
  tags: ['Tasks'],
  summary: 'Get a task',
  security: BEARER,
  request: { params: z.strictObject({ taskId: z.string().regex(/^t-[0-9A-Z]{26}$/) }) },
  responses: { 200: json(Task, 'The task'), ...errorResponses(404) },
});

export const orgRoutes = [
  enableRoute,
  getDirectoryRoute,
  createAccountRoute,
  listAccountsRoute,
  getAccountRoute,
  updateAccountRoute,
  removeAccountRoute,
  createFolderRoute,
  listFoldersRoute,
  getFolderRoute,
  deleteFolderRoute,
  listTasksRoute,
  getTaskRoute,
];
