import { registerAuditTrail } from './audit/audit-api';
import { directoryAuditRoutes } from './audit/audit-routes';
import { handle } from 'hono/aws-lambda';
import { byPrincipal } from '../../domain/directory/actor';
import {
  createDirectory,
  deleteDirectory,
  enableService,
  getDirectory,
  getServiceStatus,
  listDirectories,
  renameDirectory,
  setQuotas,
  setScimSynchronization,
} from '../../domain/directory/directory-use-cases';
import {
  addMembers,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listMembers,
  removeMembers,
  updateGroup,
} from '../../domain/directory/group-use-cases';
import {
  createScimCredential,
  deleteScimCredential,
  listScimCredentials,
  setScimCredentialStatus,
} from '../../domain/directory/scim-credential-use-cases';
import {
  createUser,
  deleteUser,
  getUser,
  listGroupsOfUser,
  listUsers,
  setUserStatus,
  updateUser,
} from '../../domain/directory/user-use-cases';
import type { DirectoryId, GroupId, ScimCredentialId, UserId } from '../../domain/shared/ids';
import { container } from '../wire';
import { getStatisticsWithSso } from '../../domain/logon/logon-settings-use-cases';
import { registerLogon } from './cloudsso/logon';
import { registerAccess } from './cloudsso/access';
import { registerIdpKeys } from './cloudsso/idp-keys';
import * as r from './cloudsso/routes';
import { presentCredential, presentDirectory, presentGroup, presentUser } from './cloudsso/presenters';
import { orThrow } from './management/api-error';
import { createManagementApp } from './management/app';
import type { Deps } from './management/env';
import { publicOrigin } from './management/origin';
import { withNextToken } from './management/schemas';

/** CloudSSO's management API: the directory, its users, groups and SCIM credentials. */
export const createCloudSsoApp = (deps: Deps) => {
  const app = createManagementApp(deps);
  const dirOf = (p: { directoryId: string }) => p.directoryId as DirectoryId;

  app.openapi(r.serviceStatusRoute, async (c) => c.json(orThrow(await getServiceStatus(deps(), c.get('principal'))), 200));
  app.openapi(r.enableServiceRoute, async (c) => {
    orThrow(await enableService(deps(), c.get('principal')));
    return c.body(null, 204);
  });
  app.openapi(r.createDirectoryRoute, async (c) => {
    const directory = orThrow(await createDirectory(deps(), c.get('principal'), c.req.valid('json')));
    return c.json(presentDirectory(directory, publicOrigin(c)), 201);
  });
  app.openapi(r.listDirectoriesRoute, async (c) => {
    const list = orThrow(await listDirectories(deps(), c.get('principal')));
    return c.json({ directories: list.map((d) => presentDirectory(d, publicOrigin(c))) }, 200);
  });
  app.openapi(r.getDirectoryRoute, async (c) =>
    c.json(presentDirectory(orThrow(await getDirectory(deps(), c.get('principal'), dirOf(c.req.valid('param')))), publicOrigin(c)), 200),
  );
  app.openapi(r.updateDirectoryRoute, async (c) => {
    const d = orThrow(await renameDirectory(deps(), c.get('principal'), dirOf(c.req.valid('param')), c.req.valid('json').name));
    return c.json(presentDirectory(d, publicOrigin(c)), 200);
  });
  app.openapi(r.deleteDirectoryRoute, async (c) => {
    orThrow(await deleteDirectory(deps(), c.get('principal'), dirOf(c.req.valid('param'))));
    return c.body(null, 204);
  });
  app.openapi(r.statisticsRoute, async (c) =>
    c.json(orThrow(await getStatisticsWithSso(deps(), c.get('principal'), dirOf(c.req.valid('param')))), 200),
  );
  app.openapi(r.quotasRoute, async (c) => {
    const d = orThrow(await setQuotas(deps(), c.get('principal'), dirOf(c.req.valid('param')), c.req.valid('json')));
    return c.json(presentDirectory(d, publicOrigin(c)), 200);
  });
  app.openapi(r.scimSyncRoute, async (c) => {
    const d = orThrow(await setScimSynchronization(deps(), c.get('principal'), dirOf(c.req.valid('param')), c.req.valid('json').enabled));
    return c.json(presentDirectory(d, publicOrigin(c)), 200);
  });

  app.openapi(r.createCredentialRoute, async (c) => {
    const created = orThrow(await createScimCredential(deps(), c.get('principal'), dirOf(c.req.valid('param'))));
    return c.json({ credential: presentCredential(created.credential), secret: created.secret }, 201);
  });
  app.openapi(r.listCredentialsRoute, async (c) => {
    const list = orThrow(await listScimCredentials(deps(), c.get('principal'), dirOf(c.req.valid('param'))));
    return c.json({ credentials: list.map(presentCredential) }, 200);
  });
  app.openapi(r.updateCredentialRoute, async (c) => {
    const p = c.req.valid('param');
    const updated = orThrow(
      await setScimCredentialStatus(deps(), c.get('principal'), dirOf(p), p.credentialId as ScimCredentialId, c.req.valid('json').status),
    );
    return c.json(presentCredential(updated), 200);
  });
  app.openapi(r.deleteCredentialRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await deleteScimCredential(deps(), c.get('principal'), dirOf(p), p.credentialId as ScimCredentialId));
    return c.body(null, 204);
  });

  const actor = (c: { get(k: 'principal'): Parameters<typeof byPrincipal>[0] }) => byPrincipal(c.get('principal'));
  app.openapi(r.createUserRoute, async (c) => {
    const user = orThrow(await createUser(deps(), actor(c), dirOf(c.req.valid('param')), c.req.valid('json')));
    return c.json(presentUser(user), 201);
  });
  app.openapi(r.listUsersRoute, async (c) => {
    const { maxResults, nextToken, userName, userNamePrefix, status, provisionType } = c.req.valid('query');
    const page = orThrow(
      await listUsers(deps(), actor(c), dirOf(c.req.valid('param')), { userNameEquals: userName, userNamePrefix, status, provisionType }, { limit: maxResults, nextToken }),
    );
    return c.json({ users: page.items.map(presentUser), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getUserRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentUser(orThrow(await getUser(deps(), actor(c), dirOf(p), p.userId as UserId))), 200);
  });
  app.openapi(r.updateUserRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentUser(orThrow(await updateUser(deps(), actor(c), dirOf(p), p.userId as UserId, c.req.valid('json')))), 200);
  });
  app.openapi(r.userStatusRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentUser(orThrow(await setUserStatus(deps(), actor(c), dirOf(p), p.userId as UserId, c.req.valid('json').status))), 200);
  });
  app.openapi(r.deleteUserRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await deleteUser(deps(), actor(c), dirOf(p), p.userId as UserId));
    return c.body(null, 204);
  });
  app.openapi(r.userGroupsRoute, async (c) => {
    const p = c.req.valid('param');
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listGroupsOfUser(deps(), actor(c), dirOf(p), p.userId as UserId, { limit: maxResults, nextToken }));
    return c.json({ groups: page.items.map(presentGroup), ...withNextToken(page.nextToken) }, 200);
  });

  app.openapi(r.createGroupRoute, async (c) => {
    const group = orThrow(await createGroup(deps(), actor(c), dirOf(c.req.valid('param')), c.req.valid('json')));
    return c.json(presentGroup(group), 201);
  });
  app.openapi(r.listGroupsRoute, async (c) => {
    const { maxResults, nextToken, namePrefix } = c.req.valid('query');
    const page = orThrow(await listGroups(deps(), actor(c), dirOf(c.req.valid('param')), { namePrefix }, { limit: maxResults, nextToken }));
    return c.json({ groups: page.items.map(presentGroup), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getGroupRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentGroup(orThrow(await getGroup(deps(), actor(c), dirOf(p), p.groupId as GroupId))), 200);
  });
  app.openapi(r.updateGroupRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentGroup(orThrow(await updateGroup(deps(), actor(c), dirOf(p), p.groupId as GroupId, c.req.valid('json')))), 200);
  });
  app.openapi(r.deleteGroupRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await deleteGroup(deps(), actor(c), dirOf(p), p.groupId as GroupId));
    return c.body(null, 204);
  });
  app.openapi(r.addMembersRoute, async (c) => {
    const p = c.req.valid('param');
    const out = orThrow(await addMembers(deps(), actor(c), dirOf(p), p.groupId as GroupId, c.req.valid('json').userIds as UserId[]));
    return c.json(out, 200);
  });
  app.openapi(r.removeMemberRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await removeMembers(deps(), actor(c), dirOf(p), p.groupId as GroupId, [p.userId as UserId]));
    return c.body(null, 204);
  });
  app.openapi(r.listMembersRoute, async (c) => {
    const p = c.req.valid('param');
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listMembers(deps(), actor(c), dirOf(p), p.groupId as GroupId, { limit: maxResults, nextToken }));
    return c.json({ users: page.items.map(presentUser), ...withNextToken(page.nextToken) }, 200);
  });

  registerLogon(app, deps);
  registerAccess(app, deps);
  registerIdpKeys(app, deps);
  registerAuditTrail(app, deps, directoryAuditRoutes);
  return app;
};

export const app = createCloudSsoApp(container);
export const handler = handle(app);
