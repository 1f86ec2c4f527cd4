import { z } from 'zod';
import { byPrincipal } from '../../../../domain/directory/actor';
import type { DirectoryGroup } from '../../../../domain/directory/group';
import {
  addMembers,
  createGroup,
  deleteGroup,
  getGroup,
  listGroups,
  listMembers,
  removeMembers,
  updateGroup,
} from '../../../../domain/directory/group-use-cases';
import { listGroupsOfUser } from '../../../../domain/directory/user-use-cases';
import type { GroupId } from '../../../../domain/shared/ids';
import { ok } from '../../../../domain/shared/result';
import { operation } from '../rpc-operation';
import { pop } from '../rpc-params';
import { pageOf, pagingOf } from '../rpc-paging';
import { DirectoryIdParam } from './directory';
import { popFilter, UserIdParam } from './users';

const GroupIdParam = { GroupId: pop.id<GroupId>() };

/**
 * A group as CloudSSO's API shows it (`Group` in GetGroup, `Groups` in ListGroups). No ExternalId
 * or member count: CloudSSO's group answers have no field for them.
 */
export const popGroup = (g: DirectoryGroup) => ({
  GroupId: g.id,
  GroupName: g.name,
  ...(g.description !== undefined ? { Description: g.description } : {}),
  ProvisionType: g.provisionType,
  CreateTime: g.createdAt,
  UpdateTime: g.updatedAt,
});

// JoinTime is left out of both membership listings: a membership records no time.

/** The directory's groups and their members: CreateGroup … ListJoinedGroupsForUser. */
export const groupOperations = [
  operation({
    action: 'CreateGroup',
    params: z.object({ ...DirectoryIdParam, GroupName: pop.string(), Description: pop.text().optional() }),
    audit: 'cloudsso:CreateGroup',
    run: async ({ deps, principal }, p) => {
      const out = await createGroup(deps, byPrincipal(principal), p.DirectoryId, { name: p.GroupName, description: p.Description });
      return out.ok ? ok({ Group: popGroup(out.value) }) : out;
    },
  }),
  operation({
    action: 'GetGroup',
    params: z.object({ ...DirectoryIdParam, ...GroupIdParam }),
    run: async ({ deps, principal }, p) => {
      const out = await getGroup(deps, byPrincipal(principal), p.DirectoryId, p.GroupId);
      return out.ok ? ok({ Group: popGroup(out.value) }) : out;
    },
  }),
  operation({
    action: 'ListGroups',
    params: z.object({
      ...DirectoryIdParam,
      ...pop.paging(),
      Filter: popFilter('GroupName').optional(),
      // The group listing has no provision-type filter (the user listing has).
      ProvisionType: pop.unsupported('listing groups by provision type is not supported'),
    }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const filter = p.Filter?.operator === 'eq' ? { nameEquals: p.Filter.value } : { namePrefix: p.Filter?.value };
      const out = await listGroups(deps, byPrincipal(principal), p.DirectoryId, filter, page);
      return out.ok ? ok({ Groups: out.value.items.map(popGroup), ...pagingOf(out.value, page) }) : out;
    },
  }),
  operation({
    action: 'UpdateGroup',
    params: z.object({ ...DirectoryIdParam, ...GroupIdParam, NewGroupName: pop.string().optional(), NewDescription: pop.text().optional() }),
    audit: 'cloudsso:UpdateGroup',
    run: async ({ deps, principal }, p) => {
      // Only the keys given: the use case reads an explicit undefined description as "clear it".
      const out = await updateGroup(deps, byPrincipal(principal), p.DirectoryId, p.GroupId, {
        ...(p.NewGroupName !== undefined ? { name: p.NewGroupName } : {}),
        ...(p.NewDescription !== undefined ? { description: p.NewDescription } : {}),
      });
      return out.ok ? ok({ Group: popGroup(out.value) }) : out;
    },
  }),
  operation({
    action: 'DeleteGroup',
    params: z.object({ ...DirectoryIdParam, ...GroupIdParam }),
    audit: 'cloudsso:DeleteGroup',
    run: async ({ deps, principal }, p) => {
      const out = await deleteGroup(deps, byPrincipal(principal), p.DirectoryId, p.GroupId);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'AddUserToGroup',
    params: z.object({ ...DirectoryIdParam, ...GroupIdParam, ...UserIdParam }),
    audit: 'cloudsso:AddUserToGroup',
    run: async ({ deps, principal }, p) => {
      const out = await addMembers(deps, byPrincipal(principal), p.DirectoryId, p.GroupId, [p.UserId]);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'RemoveUserFromGroup',
    params: z.object({ ...DirectoryIdParam, ...GroupIdParam, ...UserIdParam }),
    audit: 'cloudsso:RemoveUserFromGroup',
    run: async ({ deps, principal }, p) => {
      const out = await removeMembers(deps, byPrincipal(principal), p.DirectoryId, p.GroupId, [p.UserId]);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'ListGroupMembers',
    params: z.object({ ...DirectoryIdParam, ...GroupIdParam, ...pop.paging() }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const out = await listMembers(deps, byPrincipal(principal), p.DirectoryId, p.GroupId, page);
      if (!out.ok) return out;
      const GroupMembers = out.value.items.map((u) => ({
        GroupId: p.GroupId,
        UserId: u.id,
        UserName: u.userName,
        ...(u.displayName !== undefined ? { DisplayName: u.displayName } : {}),
        ...(u.email !== undefined ? { Email: u.email } : {}),
        ...(u.description !== undefined ? { Description: u.description } : {}),
        Status: u.status,
        ProvisionType: u.provisionType,
      }));
      return ok({ GroupMembers, ...pagingOf(out.value, page) });
    },
  }),
  operation({
    action: 'ListJoinedGroupsForUser',
    params: z.object({ ...DirectoryIdParam, ...UserIdParam, ...pop.paging() }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const out = await listGroupsOfUser(deps, byPrincipal(principal), p.DirectoryId, p.UserId, page);
      if (!out.ok) return out;
      const JoinedGroups = out.value.items.map((g) => ({
        UserId: p.UserId,
        GroupId: g.id,
        GroupName: g.name,
        ...(g.description !== undefined ? { Description: g.description } : {}),
        ProvisionType: g.provisionType,
      }));
      return ok({ JoinedGroups, ...pagingOf(out.value, page) });
    },
  }),
];
