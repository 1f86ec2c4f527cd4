import { handle } from 'hono/aws-lambda';
import {
  createFolder,
  createMemberAccount,
  deleteFolder,
  enableResourceDirectory,
  getAccount,
  getFolder,
  getResourceDirectory,
  listAccounts,
  listFolders,
  moveMemberAccount,
  removeMemberAccount,
  renameMemberAccount,
} from '../../domain/org/resource-directory-use-cases';
import type { AccountId, FolderId, TaskId } from '../../domain/shared/ids';
import { getTask, listTasks } from '../../domain/tasks/task-use-cases';
import { container } from '../wire';
import { presentAccount } from './management/account';
import { orThrow } from './management/api-error';
import { createManagementApp } from './management/app';
import { withNextToken } from './management/schemas';
import type { Deps } from './management/env';
import { presentDirectory, presentFolder, presentTask } from './org/presenters';
import * as r from './org/routes';

/** The resource directory: member accounts, folders, and the tasks their changes start. */
export const createOrgApp = (deps: Deps) => {
  const app = createManagementApp(deps);

  app.openapi(r.enableRoute, async (c) => {
    const directory = orThrow(await enableResourceDirectory(deps(), c.get('principal')));
    return c.json(presentDirectory(directory), 201);
  });
  app.openapi(r.getDirectoryRoute, async (c) =>
    c.json(presentDirectory(orThrow(await getResourceDirectory(deps(), c.get('principal')))), 200),
  );

  app.openapi(r.createAccountRoute, async (c) => {
    const { displayName, folderId } = c.req.valid('json');
    const account = orThrow(
      await createMemberAccount(deps(), c.get('principal'), { displayName, folderId: folderId as FolderId | undefined }),
    );
    return c.json(presentAccount(account), 201);
  });
  app.openapi(r.listAccountsRoute, async (c) => {
    const { maxResults, nextToken, folderId } = c.req.valid('query');
    const page = orThrow(
      await listAccounts(deps(), c.get('principal'), { folderId: folderId as FolderId | undefined }, { limit: maxResults, nextToken }),
    );
    return c.json({ accounts: page.items.map(presentAccount), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getAccountRoute, async (c) => {
    const id = c.req.valid('param').accountId as AccountId;
    return c.json(presentAccount(orThrow(await getAccount(deps(), c.get('principal'), id))), 200);
  });
  app.openapi(r.updateAccountRoute, async (c) => {
    const id = c.req.valid('param').accountId as AccountId;
    const { displayName, folderId } = c.req.valid('json');
    const principal = c.get('principal');
    let account = displayName !== undefined ? orThrow(await renameMemberAccount(deps(), principal, id, displayName)) : undefined;
    if (folderId !== undefined) account = orThrow(await moveMemberAccount(deps(), principal, id, folderId as FolderId));
    return c.json(presentAccount(account!), 200);
  });
  app.openapi(r.removeAccountRoute, async (c) => {
    const id = c.req.valid('param').accountId as AccountId;
    return c.json(presentTask(orThrow(await removeMemberAccount(deps(), c.get('principal'), id))), 202);
  });

  app.openapi(r.createFolderRoute, async (c) => {
    const { name, parentId } = c.req.valid('json');
    const folder = orThrow(await createFolder(deps(), c.get('principal'), { name, parentId: parentId as FolderId | undefined }));
    return c.json(presentFolder(folder), 201);
  });
  app.openapi(r.listFoldersRoute, async (c) => {
    const { maxResults, nextToken, parentId } = c.req.valid('query');
    const page = orThrow(
      await listFolders(deps(), c.get('principal'), parentId as FolderId | undefined, { limit: maxResults, nextToken }),
    );
    return c.json({ folders: page.items.map(presentFolder), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getFolderRoute, async (c) => {
    const id = c.req.valid('param').folderId as FolderId;
    return c.json(presentFolder(orThrow(await getFolder(deps(), c.get('principal'), id))), 200);
  });
  app.openapi(r.deleteFolderRoute, async (c) => {
    orThrow(await deleteFolder(deps(), c.get('principal'), c.req.valid('param').folderId as FolderId));
    return c.body(null, 204);
  });

  app.openapi(r.listTasksRoute, async (c) => {
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listTasks(deps(), c.get('principal'), { limit: maxResults, nextToken }));
    return c.json({ tasks: page.items.map(presentTask), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getTaskRoute, async (c) => {
    const id = c.req.valid('param').taskId as TaskId;
    return c.json(presentTask(orThrow(await getTask(deps(), c.get('principal'), id))), 200);
  });

  return app;
};

export const app = createOrgApp(container);
export const handler = handle(app);
