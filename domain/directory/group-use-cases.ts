import type { Changes } from '../shared/changes';
import type { DirectoryId, GroupId, UserId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import { newTask, taskRef } from '../tasks/task';
import { isScim, openDirectory, provisionTypeOf, type Actor, type DirectoryAccessError } from './actor';
import type { DirectoryPorts } from './directory-ports';
import type { DirectoryGroup } from './group';
import {
  changeGroup,
  checkGroupManagementEdit,
  newGroup,
  type GroupFields,
  type GroupInputError,
  type SynchronizedGroup,
} from './group-rules';
import type { GroupGone, GroupHasMembers, GroupQuotaExceeded, GroupUniqueness, MemberMissing } from './ports';
import type { DirectoryUser } from './user';

export type GroupMissing = Failure<'EntityNotExists.Group'>;
const missing = (id: string) => fail('EntityNotExists.Group', `Group ${id} does not exist.`);

type Opened = { readonly group: DirectoryGroup };

/** Opens the directory, finds the group, and refuses management edits of SCIM-owned groups. */
const openGroup = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  action: Parameters<typeof openDirectory>[3],
  editing: boolean,
): Promise<Result<Opened, DirectoryAccessError | GroupMissing | SynchronizedGroup>> => {
  const directory = await openDirectory(ports, actor, directoryId, action);
  if (!directory.ok) return directory;
  const group = await ports.groups.get(directoryId, id);
  if (!group) return missing(id);
  if (editing && !isScim(actor)) {
    const editable = checkGroupManagementEdit(group, directory.value.scimSynchronization);
    if (!editable.ok) return editable;
  }
  return ok({ group });
};

export const createGroup = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  fields: GroupFields,
): Promise<Result<DirectoryGroup, DirectoryAccessError | GroupInputError | GroupUniqueness | GroupQuotaExceeded>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:CreateGroup');
  if (!directory.ok) return directory;
  const group = newGroup(directoryId, ports.ids.groupId(), fields, provisionTypeOf(actor), ports.clock.now());
  if (!group.ok) return group;
  const saved = await ports.groups.create(group.value);
  return saved.ok ? ok(group.value) : saved;
};

export const getGroup = async (ports: DirectoryPorts, actor: Actor, directoryId: DirectoryId, id: GroupId) => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:GetGroup', false);
  return opened.ok ? ok(opened.value.group) : opened;
};

export const findGroup = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  by: { readonly name: string } | { readonly externalId: string },
): Promise<Result<DirectoryGroup | undefined, DirectoryAccessError>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:GetGroup');
  if (!directory.ok) return directory;
  return ok('name' in by ? await ports.groups.findByName(directoryId, by.name) : await ports.groups.findByExternalId(directoryId, by.externalId));
};

export const listGroups = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  filter: { readonly namePrefix?: string | undefined; readonly nameEquals?: string | undefined },
  page: PageRequest,
): Promise<Result<Page<DirectoryGroup>, DirectoryAccessError | InvalidNextToken>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:ListGroups');
  if (!directory.ok) return directory;
  if (filter.nameEquals !== undefined) {
    // Names are unique case-insensitively: an exact name is one key lookup, a page of at most one.
    const group = await ports.groups.findByName(directoryId, filter.nameEquals);
    return ok({ items: group ? [group] : [] });
  }
  return ports.groups.list(directoryId, { namePrefix: filter.namePrefix }, page);
};

export const updateGroup = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  changes: Changes<GroupFields>,
  expectedVersion?: number,
): Promise<Result<DirectoryGroup, DirectoryAccessError | GroupMissing | SynchronizedGroup | GroupInputError | GroupUniqueness | ConcurrentModification>> => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:UpdateGroup', true);
  if (!opened.ok) return opened;
  const { group } = opened.value;
  if (expectedVersion !== undefined && group.version !== expectedVersion) {
    return fail('ConcurrentModification', `Group ${id} changed since version ${expectedVersion}.`);
  }
  const next = changeGroup(group, changes, ports.clock.now());
  if (!next.ok) return next;
  const saved = await ports.groups.update(next.value, group);
  return saved.ok ? ok(next.value) : saved;
};

export type GroupInUse = Failure<'DeletionConflict.Group'>;

/**
 * From the management API a group is deleted only when empty (and, later, without assignments);
 * from SCIM it goes at once and a task purges its memberships, however many.
 */
export const deleteGroup = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
): Promise<Result<void, DirectoryAccessError | GroupMissing | SynchronizedGroup | GroupHasMembers | GroupInUse | ConcurrentModification>> => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:DeleteGroup', true);
  if (!opened.ok) return opened;
  const { group } = opened.value;
  if (!isScim(actor)) {
    const blockers = await ports.groupDependencies.blockersOf(directoryId, id);
    if (blockers.length > 0) return fail('DeletionConflict.Group', `Group ${group.name} still has ${blockers.join(', ')}; remove them first.`);
    return ports.groups.delete(group);
  }
  const task = newTask({ kind: 'directory', id: directoryId }, ports.ids.taskId(), { type: 'PurgeGroupMemberships', directoryId, groupId: id }, ports.clock.now());
  const deleted = await ports.groups.deleteWithMembers(group, task);
  if (!deleted.ok) return deleted;
  await ports.taskQueue.enqueue([taskRef(task)]);
  return ok(undefined);
};

/** Adds users to a group: idempotent, any number at once, each user checked to exist. */
export const addMembers = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  userIds: readonly UserId[],
): Promise<Result<{ added: number }, DirectoryAccessError | GroupMissing | SynchronizedGroup | MemberMissing | GroupGone>> => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:AddUserToGroup', true);
  if (!opened.ok) return opened;
  return ports.memberships.add(directoryId, id, userIds);
};

export const removeMembers = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  userIds: readonly UserId[],
): Promise<Result<{ removed: number }, DirectoryAccessError | GroupMissing | SynchronizedGroup>> => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:RemoveUserFromGroup', true);
  if (!opened.ok) return opened;
  return ok(await ports.memberships.remove(directoryId, id, userIds));
};

/** Makes the member list exactly `userIds` (SCIM PUT and `replace members`). */
export const replaceMembers = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  userIds: readonly UserId[],
): Promise<Result<{ added: number; removed: number }, DirectoryAccessError | GroupMissing | SynchronizedGroup | MemberMissing | GroupGone>> => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:AddUserToGroup', true);
  if (!opened.ok) return opened;
  const wanted = new Set<string>(userIds);
  const stale: UserId[] = [];
  let token: string | undefined;
  do {
    const page = await ports.memberships.listMembers(directoryId, id, { limit: 100, nextToken: token });
    if (!page.ok) throw new Error('unreachable: own token');
    stale.push(...page.value.items.filter((u) => !wanted.has(u)));
    token = page.value.nextToken;
  } while (token);
  const added = await ports.memberships.add(directoryId, id, userIds);
  if (!added.ok) return added;
  const { removed } = await ports.memberships.remove(directoryId, id, stale);
  return ok({ added: added.value.added, removed });
};

export const listMembers = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  page: PageRequest,
): Promise<Result<Page<DirectoryUser>, DirectoryAccessError | GroupMissing | SynchronizedGroup | InvalidNextToken>> => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:ListGroupMembers', false);
  if (!opened.ok) return opened;
  const ids = await ports.memberships.listMembers(directoryId, id, page);
  if (!ids.ok) return ids;
  const users = (await Promise.all(ids.value.items.map((u) => ports.users.get(directoryId, u)))).filter(
    (u): u is DirectoryUser => u !== undefined,
  );
  return ok({ ...ids.value, items: users });
};

/** Just the member ids of a group, a page at a time (no user reads). */
export const listMemberIds = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  page: PageRequest,
): Promise<Result<Page<UserId>, DirectoryAccessError | GroupMissing | SynchronizedGroup | InvalidNextToken>> => {
  const opened = await openGroup(ports, actor, directoryId, id, 'cloudsso:ListGroupMembers', false);
  if (!opened.ok) return opened;
  return ports.memberships.listMembers(directoryId, id, page);
};

/**
 * Creates a group with its first members. Members are checked to exist first and a failure removes
 * the new group again, so a bad member list leaves nothing behind.
 */
export const createGroupWithMembers = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  fields: GroupFields,
  memberIds: readonly UserId[],
): Promise<Result<DirectoryGroup, DirectoryAccessError | GroupInputError | GroupUniqueness | GroupQuotaExceeded | MemberMissing | GroupGone>> => {
  const unknown = await firstMissingUser(ports, directoryId, memberIds);
  if (unknown) return { ok: false, error: { code: 'EntityNotExists.User', message: `User ${unknown} does not exist in this directory.`, userId: unknown } };
  const group = await createGroup(ports, actor, directoryId, fields);
  if (!group.ok || memberIds.length === 0) return group;
  const added = await ports.memberships.add(directoryId, group.value.id, memberIds);
  if (added.ok) return ok({ ...group.value, memberCount: added.value.added });
  await ports.groups.delete(group.value);
  return added;
};

const firstMissingUser = async (ports: DirectoryPorts, directoryId: DirectoryId, ids: readonly UserId[]): Promise<UserId | undefined> => {
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const found = await Promise.all(chunk.map((u) => ports.users.get(directoryId, u)));
    const missingAt = found.findIndex((u) => u === undefined);
    if (missingAt >= 0) return chunk[missingAt];
  }
  return undefined;
};

/** A group change as SCIM PATCH and PUT express it: attributes, then the member list. */
export type GroupChangeSet = {
  readonly name?: string | undefined;
  /** `null` clears it. */
  readonly externalId?: string | null | undefined;
  readonly replaceMembers?: readonly UserId[] | undefined;
  readonly removeAllMembers: boolean;
  readonly addMembers: readonly UserId[];
  readonly removeMembers: readonly UserId[];
};

/**
 * Applies attribute changes, then member changes, in that order. Member changes cost writes in
 * proportion to the members named, never to the group's size (except "replace all", which must read
 * the current list).
 */
export const changeGroupAndMembers = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: GroupId,
  change: GroupChangeSet,
  expectedVersion?: number,
): Promise<
  Result<
    DirectoryGroup,
    DirectoryAccessError | GroupMissing | SynchronizedGroup | GroupInputError | GroupUniqueness | ConcurrentModification | MemberMissing | GroupGone
  >
> => {
  const attributes: Changes<GroupFields> = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.externalId !== undefined ? { externalId: change.externalId ?? undefined } : {}),
  };
  let group: Result<DirectoryGroup, DirectoryAccessError | GroupMissing | SynchronizedGroup | GroupInputError | GroupUniqueness | ConcurrentModification> =
    Object.keys(attributes).length > 0
      ? await updateGroup(ports, actor, directoryId, id, attributes, expectedVersion)
      : await getGroup(ports, actor, directoryId, id);
  if (!group.ok) return group;
  if (expectedVersion !== undefined && Object.keys(attributes).length === 0 && group.value.version !== expectedVersion) {
    return fail('ConcurrentModification', `Group ${id} changed since version ${expectedVersion}.`);
  }
  const unknown = await firstMissingUser(ports, directoryId, [...(change.replaceMembers ?? []), ...change.addMembers]);
  if (unknown) return { ok: false, error: { code: 'EntityNotExists.User', message: `User ${unknown} does not exist in this directory.`, userId: unknown } };
  if (change.replaceMembers !== undefined || change.removeAllMembers) {
    const replaced = await replaceMembers(ports, actor, directoryId, id, change.replaceMembers ?? []);
    if (!replaced.ok) return replaced;
  }
  if (change.addMembers.length > 0) {
    const added = await ports.memberships.add(directoryId, id, change.addMembers);
    if (!added.ok) return added;
  }
  if (change.removeMembers.length > 0) await ports.memberships.remove(directoryId, id, change.removeMembers);
  group = await getGroup(ports, actor, directoryId, id);
  return group;
};
