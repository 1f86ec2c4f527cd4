import type { Context, Hono } from 'hono';
import type { DirectoryPorts } from '../../../domain/directory/directory-ports';
import { readDirectory } from '../../../domain/directory/directory-use-cases';
import type { DirectoryGroup } from '../../../domain/directory/group';
import {
  changeGroupAndMembers,
  createGroupWithMembers,
  deleteGroup,
  findGroup,
  getGroup,
  listGroups,
  listMemberIds,
  type GroupChangeSet,
} from '../../../domain/directory/group-use-cases';
import { listGroupsOfUser } from '../../../domain/directory/user-use-cases';
import type { Failure, Result } from '../../../domain/shared/result';
import type { GroupId, UserId } from '../../../domain/shared/ids';
import { etagOf, ifMatchSatisfied } from '../../../domain/scim/etag';
import { parseFilter } from '../../../domain/scim/filter';
import { groupToScim, scimToGroupFields } from '../../../domain/scim/group-mapping';
import { listResponse, parsePaging } from '../../../domain/scim/list-response';
import { normalizePatch, planGroupPatch } from '../../../domain/scim/patch';
import { isAttributeRequested, parseAttributeList, project } from '../../../domain/scim/projection';
import { invalidValue, notFound, preconditionFailed } from '../../../domain/scim/scim-error';
import { publicOrigin } from '../management/origin';
import { readBody, sendScim } from './app';
import type { ScimEnv } from './env';
import { listResources } from './listing';
import { orScim, ScimFailure } from './scim-failure';

/** Members are listed with a group only up to this size; beyond it, page them with the management API. */
export const MAX_INLINE_MEMBERS = 1000;

/** A member that does not exist is bad input (400 invalidValue), not a missing group (404). */
const orScimMembers = <T>(result: Result<T, Failure>): T => {
  if (!result.ok && result.error.code === 'EntityNotExists.User') throw new ScimFailure(invalidValue(result.error.message));
  return orScim(result);
};

/** RFC 7644 §3.4, §3.3, §3.5.1, §3.5.2, §3.6 for /Groups. */
export const registerGroups = (app: Hono<ScimEnv>, deps: () => DirectoryPorts) => {
  const root = (c: Context) => `${publicOrigin(c)}/scim/v2`;
  const selection = (c: Context) => ({
    attributes: parseAttributeList(c.req.query('attributes')),
    excludedAttributes: parseAttributeList(c.req.query('excludedAttributes')),
  });
  const load = async (c: Context<ScimEnv>, id: string): Promise<DirectoryGroup> => {
    const result = await getGroup(deps(), c.get('actor'), c.get('credential').directoryId, id as GroupId);
    if (!result.ok && result.error.code === 'EntityNotExists.Group') throw new ScimFailure(notFound(`Group ${id} not found.`));
    return orScim(result);
  };
  const checkIfMatch = (header: string | undefined, group: DirectoryGroup) => {
    if (!ifMatchSatisfied(header, group.version)) throw new ScimFailure(preconditionFailed(`Group ${group.id} is at version ${etagOf(group.version)}.`));
  };
  const respond = async (c: Context<ScimEnv>, status: number, group: DirectoryGroup) => {
    const sel = selection(c);
    const withMembers = group.memberCount <= MAX_INLINE_MEMBERS && isAttributeRequested('Group', sel, 'members');
    const members: { value: string }[] = [];
    if (withMembers) {
      let nextToken: string | undefined;
      do {
        const page = orScim(await listMemberIds(deps(), c.get('actor'), group.directoryId, group.id, { limit: 100, nextToken }));
        members.push(...page.items.map((value) => ({ value })));
        nextToken = page.nextToken;
      } while (nextToken);
    }
    const body = groupToScim(group, { baseUrl: root(c), ...(withMembers ? { members } : {}) });
    const headers: Record<string, string> = { ETag: etagOf(group.version) };
    if (status === 201) headers.Location = `${root(c)}/Groups/${group.id}`;
    return sendScim(c, status, project(body, sel, 'Group'), headers);
  };

  app.get('/scim/v2/Groups', async (c) => {
    const actor = c.get('actor');
    const dir = c.get('credential').directoryId;
    const filterText = c.req.query('filter');
    const plan = filterText !== undefined ? orScim(parseFilter(filterText, 'Group')) : undefined;
    const paging = orScim(parsePaging({ startIndex: c.req.query('startIndex'), count: c.req.query('count') }));
    const directory = orScim(await readDirectory(deps(), actor, dir));
    const baseUrl = root(c);
    const { resources, totalResults } = await listResources<DirectoryGroup>({
      plan,
      paging,
      total: directory.counts.groups,
      // Listed groups never carry members (a group may have 100,000); GET one group for them.
      toScim: (g) => groupToScim(g, { baseUrl }),
      lookup: async (l) => {
        switch (l.attribute) {
          case 'members.value': {
            const groups: DirectoryGroup[] = [];
            let nextToken: string | undefined;
            do {
              const page = await listGroupsOfUser(deps(), actor, dir, l.value as UserId, { limit: 100, nextToken });
              if (!page.ok) return page.error.code === 'EntityNotExists.User' ? [] : orScim(page);
              groups.push(...page.value.items);
              nextToken = page.value.nextToken;
            } while (nextToken);
            return groups;
          }
          case 'id': {
            const group = await getGroup(deps(), actor, dir, l.value as GroupId);
            return group.ok ? [group.value] : [];
          }
          case 'externalId':
            return [orScim(await findGroup(deps(), actor, dir, { externalId: l.value }))].filter((g): g is DirectoryGroup => g !== undefined);
          default:
            return [orScim(await findGroup(deps(), actor, dir, { name: l.value }))].filter((g): g is DirectoryGroup => g !== undefined);
        }
      },
      page: async (request) => orScim(await listGroups(deps(), actor, dir, {}, request)),
    });
    return sendScim(
      c,
      200,
      listResponse(resources.map((r) => project(r, selection(c), 'Group')), { totalResults, startIndex: paging.startIndex, itemsPerPage: resources.length }),
    );
  });

  app.post('/scim/v2/Groups', async (c) => {
    const fields = orScim(scimToGroupFields(await readBody(c)));
    const group = orScimMembers(
      await createGroupWithMembers(
        deps(),
        c.get('actor'),
        c.get('credential').directoryId,
        { name: fields.displayName, externalId: fields.externalId },
        fields.members as UserId[],
      ),
    );
    return respond(c, 201, group);
  });

  app.get('/scim/v2/Groups/:id', async (c) => respond(c, 200, await load(c, c.req.param('id'))));

  const change = async (c: Context<ScimEnv>, id: string, set: GroupChangeSet, current: DirectoryGroup) =>
    orScimMembers(await changeGroupAndMembers(deps(), c.get('actor'), c.get('credential').directoryId, id as GroupId, set, current.version));

  app.put('/scim/v2/Groups/:id', async (c) => {
    const current = await load(c, c.req.param('id'));
    checkIfMatch(c.req.header('if-match'), current);
    const fields = orScim(scimToGroupFields(await readBody(c)));
    const group = await change(c, current.id, {
      name: fields.displayName,
      externalId: fields.externalId ?? null,
      replaceMembers: fields.members as UserId[],
      removeAllMembers: false,
      addMembers: [],
      removeMembers: [],
    }, current);
    return respond(c, 200, group);
  });

  app.patch('/scim/v2/Groups/:id', async (c) => {
    const current = await load(c, c.req.param('id'));
    checkIfMatch(c.req.header('if-match'), current);
    const plan = orScim(planGroupPatch(orScim(normalizePatch(await readBody(c))), current.id));
    await change(c, current.id, {
      name: plan.displayName,
      externalId: plan.externalId,
      replaceMembers: plan.replaceMembers as UserId[] | undefined,
      removeAllMembers: plan.removeAllMembers,
      addMembers: plan.addMembers as UserId[],
      removeMembers: plan.removeMembers as UserId[],
    }, current);
    // RFC 7644 §3.5.2: 204 when the client did not ask for attributes back.
    if (c.req.query('attributes') === undefined) return c.body(null, 204);
    return respond(c, 200, await load(c, current.id));
  });

  app.delete('/scim/v2/Groups/:id', async (c) => {
    const current = await load(c, c.req.param('id'));
    checkIfMatch(c.req.header('if-match'), current);
    orScim(await deleteGroup(deps(), c.get('actor'), c.get('credential').directoryId, current.id));
    return c.body(null, 204);
  });
};
