import type { Context, Hono } from 'hono';
import type { DirectoryPorts } from '../../../domain/directory/directory-ports';
import { readDirectory } from '../../../domain/directory/directory-use-cases';
import {
  createUser,
  deleteUser,
  findUser,
  getUser,
  listGroupsOfUser,
  listUsers,
  replaceUser,
} from '../../../domain/directory/user-use-cases';
import type { DirectoryUser } from '../../../domain/directory/user';
import type { UserFields } from '../../../domain/directory/user-rules';
import type { UserId } from '../../../domain/shared/ids';
import { etagOf, ifMatchSatisfied } from '../../../domain/scim/etag';
import { parseFilter } from '../../../domain/scim/filter';
import { listResponse, parsePaging } from '../../../domain/scim/list-response';
import { applyUserPatch, normalizePatch } from '../../../domain/scim/patch';
import { parseAttributeList, project } from '../../../domain/scim/projection';
import { notFound, preconditionFailed } from '../../../domain/scim/scim-error';
import { scimToUserFields, userToScim, type ScimUserFields } from '../../../domain/scim/user-mapping';
import { publicOrigin } from '../management/origin';
import { readBody, sendScim } from './app';
import type { ScimEnv } from './env';
import { listResources } from './listing';
import { orScim, ScimFailure } from './scim-failure';

const PATCH_RETRIES = 3;

/** SCIM fields onto a directory user; what SCIM does not manage (description, tags) is kept. */
const toUserFields = (f: ScimUserFields, current?: DirectoryUser): UserFields => ({
  userName: f.userName,
  displayName: f.displayName,
  firstName: f.firstName,
  lastName: f.lastName,
  email: f.email,
  status: f.active ? 'Enabled' : 'Disabled',
  externalId: f.externalId,
  scim: f.scim,
  description: current?.description,
  tags: current?.tags,
});

/** RFC 7644 §3.4, §3.3, §3.5.1, §3.5.2, §3.6 for /Users. */
export const registerUsers = (app: Hono<ScimEnv>, deps: () => DirectoryPorts) => {
  const root = (c: Parameters<typeof publicOrigin>[0]) => `${publicOrigin(c)}/scim/v2`;
  const selection = (c: { req: { query(k: string): string | undefined } }) => ({
    attributes: parseAttributeList(c.req.query('attributes')),
    excludedAttributes: parseAttributeList(c.req.query('excludedAttributes')),
  });
  const found = (user: DirectoryUser | undefined, id: string): DirectoryUser => {
    if (!user) throw new ScimFailure(notFound(`User ${id} not found.`));
    return user;
  };
  const checkIfMatch = (header: string | undefined, user: DirectoryUser) => {
    if (!ifMatchSatisfied(header, user.version)) throw new ScimFailure(preconditionFailed(`User ${user.id} is at version ${etagOf(user.version)}.`));
  };
  const respond = async (c: Context<ScimEnv>, status: number, user: DirectoryUser, withGroups: boolean) => {
    const groups = withGroups ? orScim(await listGroupsOfUser(deps(), c.get('actor'), user.directoryId, user.id, { limit: 100 })).items : undefined;
    const body = userToScim(user, { baseUrl: root(c), ...(groups ? { groups: groups.map((g) => ({ id: g.id, displayName: g.name })) } : {}) });
    const headers: Record<string, string> = { ETag: etagOf(user.version) };
    if (status === 201) headers.Location = `${root(c)}/Users/${user.id}`;
    return sendScim(c, status, project(body, selection(c), 'User'), headers);
  };

  app.get('/scim/v2/Users', async (c) => {
    const actor = c.get('actor');
    const dir = c.get('credential').directoryId;
    const filterText = c.req.query('filter');
    const plan = filterText !== undefined ? orScim(parseFilter(filterText, 'User')) : undefined;
    const paging = orScim(parsePaging({ startIndex: c.req.query('startIndex'), count: c.req.query('count') }));
    const directory = orScim(await readDirectory(deps(), actor, dir));
    const baseUrl = root(c);
    const { resources, totalResults } = await listResources<DirectoryUser>({
      plan,
      paging,
      total: directory.counts.users,
      toScim: (u) => userToScim(u, { baseUrl }),
      lookup: async (l) => {
        const user =
          l.attribute === 'id'
            ? await current_(deps(), actor, dir, l.value as UserId)
            : l.attribute === 'externalId'
              ? orScim(await findUser(deps(), actor, dir, { externalId: l.value }))
              : orScim(await findUser(deps(), actor, dir, { userName: l.value }));
        return user ? [user] : [];
      },
      page: async (request) => orScim(await listUsers(deps(), actor, dir, {}, request)),
    });
    return sendScim(
      c,
      200,
      listResponse(resources.map((r) => project(r, selection(c), 'User')), { totalResults, startIndex: paging.startIndex, itemsPerPage: resources.length }),
    );
  });

  app.post('/scim/v2/Users', async (c) => {
    const fields = orScim(scimToUserFields(await readBody(c)));
    // Okta sends a password on create; Atrium never echoes it and stores none until password logon lands.
    const user = orScim(await createUser(deps(), c.get('actor'), c.get('credential').directoryId, toUserFields(fields)));
    return respond(c, 201, user, false);
  });

  app.get('/scim/v2/Users/:id', async (c) => {
    const user = found(await current_(deps(), c.get('actor'), c.get('credential').directoryId, c.req.param('id') as UserId), c.req.param('id'));
    return respond(c, 200, user, true);
  });

  app.put('/scim/v2/Users/:id', async (c) => {
    const dir = c.get('credential').directoryId;
    const id = c.req.param('id') as UserId;
    const current = found(await current_(deps(), c.get('actor'), dir, id), id);
    checkIfMatch(c.req.header('if-match'), current);
    const fields = orScim(scimToUserFields(await readBody(c)));
    const user = orScim(await replaceUser(deps(), c.get('actor'), dir, id, toUserFields(fields, current), current.version));
    return respond(c, 200, user, false);
  });

  app.patch('/scim/v2/Users/:id', async (c) => {
    const dir = c.get('credential').directoryId;
    const id = c.req.param('id') as UserId;
    const ops = orScim(normalizePatch(await readBody(c)));
    const ifMatch = c.req.header('if-match');
    // PATCH is relative to what is stored: on a concurrent change, re-read and re-apply.
    for (let attempt = 1; ; attempt++) {
      const current = found(await current_(deps(), c.get('actor'), dir, id), id);
      checkIfMatch(ifMatch, current);
      const patched = orScim(applyUserPatch(userToScim(current, { baseUrl: root(c) }), ops));
      const fields = orScim(scimToUserFields(patched));
      const saved = await replaceUser(deps(), c.get('actor'), dir, id, toUserFields(fields, current), current.version);
      if (saved.ok) return respond(c, 200, saved.value, false);
      if (saved.error.code !== 'ConcurrentModification' || ifMatch !== undefined || attempt >= PATCH_RETRIES) orScim(saved);
    }
  });

  app.delete('/scim/v2/Users/:id', async (c) => {
    const dir = c.get('credential').directoryId;
    const id = c.req.param('id') as UserId;
    const current = found(await current_(deps(), c.get('actor'), dir, id), id);
    checkIfMatch(c.req.header('if-match'), current);
    orScim(await deleteUser(deps(), c.get('actor'), dir, id));
    return c.body(null, 204);
  });
};

const current_ = async (
  ports: DirectoryPorts,
  actor: ScimEnv['Variables']['actor'],
  dir: Parameters<typeof getUser>[2],
  id: UserId,
): Promise<DirectoryUser | undefined> => {
  const result = await getUser(ports, actor, dir, id);
  if (result.ok) return result.value;
  if (result.error.code === 'EntityNotExists.User') return undefined;
  return orScim(result);
};
