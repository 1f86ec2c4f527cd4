import { definedOnly, type Changes } from '../shared/changes';
import type { DirectoryId, UserId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import { isScim, openDirectory, provisionTypeOf, type Actor, type DirectoryAccessError } from './actor';
import type { DirectoryPorts } from './directory-ports';
import type { DirectoryGroup } from './group';
import type { UserFilter, UserHasMemberships, UserQuotaExceeded, UserUniqueness } from './ports';
import type { DirectoryUser, UserStatus } from './user';
import {
  checkManagementEdit,
  fieldsOf,
  newUser,
  replaceUserFields,
  type SynchronizedUser,
  type UserFields,
  type UserInputError,
} from './user-rules';

export type UserMissing = Failure<'EntityNotExists.User'>;
export type UserInUse = Failure<'DeletionConflict.User'>;

const missing = (id: string) => fail('EntityNotExists.User', `User ${id} does not exist.`);

export const createUser = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  fields: UserFields,
): Promise<Result<DirectoryUser, DirectoryAccessError | UserInputError | UserUniqueness | UserQuotaExceeded>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:CreateUser');
  if (!directory.ok) return directory;
  const user = newUser(directoryId, ports.ids.userId(), fields, provisionTypeOf(actor), ports.clock.now());
  if (!user.ok) return user;
  const saved = await ports.users.create(user.value);
  return saved.ok ? ok(user.value) : saved;
};

export const getUser = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: UserId,
): Promise<Result<DirectoryUser, DirectoryAccessError | UserMissing>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:GetUser');
  if (!directory.ok) return directory;
  const user = await ports.users.get(directoryId, id);
  return user ? ok(user) : missing(id);
};

export const findUser = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  by: { readonly userName: string } | { readonly externalId: string },
): Promise<Result<DirectoryUser | undefined, DirectoryAccessError>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:GetUser');
  if (!directory.ok) return directory;
  return ok(
    'userName' in by ? await ports.users.findByUserName(directoryId, by.userName) : await ports.users.findByExternalId(directoryId, by.externalId),
  );
};

export const listUsers = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  filter: UserFilter,
  page: PageRequest,
): Promise<Result<Page<DirectoryUser>, DirectoryAccessError | InvalidNextToken>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:ListUsers');
  if (!directory.ok) return directory;
  return ports.users.list(directoryId, filter, page);
};

/**
 * Changes some fields (management API: omitted fields stay). SCIM replaces whole users with
 * `replaceUser`. While SCIM synchronization is on, synchronized users only take status changes here.
 */
export const updateUser = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: UserId,
  changes: Changes<UserFields>,
): Promise<Result<DirectoryUser, DirectoryAccessError | UserMissing | SynchronizedUser | UserInputError | UserUniqueness | ConcurrentModification>> => {
  const directory = await openDirectory(ports, actor, directoryId, changes.status !== undefined && Object.keys(changes).length === 1 ? 'cloudsso:UpdateUserStatus' : 'cloudsso:UpdateUser');
  if (!directory.ok) return directory;
  const current = await ports.users.get(directoryId, id);
  if (!current) return missing(id);
  if (!isScim(actor)) {
    const editable = checkManagementEdit(current, directory.value.scimSynchronization, changes);
    if (!editable.ok) return editable;
  }
  const merged: UserFields = { ...fieldsOf(current), ...definedOnly(changes) };
  return save(ports, current, merged);
};

/** SCIM PUT (and a PATCH after it is applied): every writable field is replaced. */
export const replaceUser = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: UserId,
  fields: UserFields,
  expectedVersion?: number,
): Promise<Result<DirectoryUser, DirectoryAccessError | UserMissing | UserInputError | UserUniqueness | ConcurrentModification>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:UpdateUser');
  if (!directory.ok) return directory;
  const current = await ports.users.get(directoryId, id);
  if (!current) return missing(id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) {
    return fail('ConcurrentModification', `User ${id} changed since version ${expectedVersion}.`);
  }
  return save(ports, current, fields);
};

const save = async (ports: DirectoryPorts, current: DirectoryUser, fields: UserFields) => {
  const next = replaceUserFields(current, fields, ports.clock.now());
  if (!next.ok) return next;
  const saved = await ports.users.update(next.value, current);
  return saved.ok ? ok(next.value) : saved;
};


export const setUserStatus = (ports: DirectoryPorts, actor: Actor, directoryId: DirectoryId, id: UserId, status: UserStatus) =>
  updateUser(ports, actor, directoryId, id, { status });

/**
 * Deletes a user. From the management API it is refused while anything still refers to the user
 * (groups, MFA devices, access assignments), naming what; from SCIM the IdP is the source of truth,
 * so the user's memberships go with it.
 */
export const deleteUser = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: UserId,
): Promise<Result<void, DirectoryAccessError | UserMissing | UserInUse | UserHasMemberships | ConcurrentModification>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:DeleteUser');
  if (!directory.ok) return directory;
  const user = await ports.users.get(directoryId, id);
  if (!user) return missing(id);
  if (isScim(actor)) {
    await removeFromAllGroups(ports, directoryId, id);
  } else {
    const groups = await ports.memberships.listGroupsOf(directoryId, id, { limit: 1 });
    const blockers = [
      ...(groups.ok && groups.value.items.length > 0 ? ['group memberships'] : []),
      ...(await ports.userDependencies.blockersOf(directoryId, id)),
    ];
    if (blockers.length > 0) {
      return fail('DeletionConflict.User', `User ${user.userName} still has ${blockers.join(', ')}; remove them first.`);
    }
  }
  const latest = (await ports.users.get(directoryId, id)) ?? user;
  const deleted = await ports.users.delete(latest);
  if (deleted.ok) await ports.userDependencies.release(directoryId, id);
  return deleted;
};

const removeFromAllGroups = async (ports: DirectoryPorts, directoryId: DirectoryId, userId: UserId) => {
  for (;;) {
    const page = await ports.memberships.listGroupsOf(directoryId, userId, { limit: 100 });
    if (!page.ok || page.value.items.length === 0) return;
    for (const groupId of page.value.items) await ports.memberships.remove(directoryId, groupId, [userId]);
  }
};

/** The groups a user belongs to, skipping groups deleted while their memberships await purging. */
export const listGroupsOfUser = async (
  ports: DirectoryPorts,
  actor: Actor,
  directoryId: DirectoryId,
  userId: UserId,
  page: PageRequest,
): Promise<Result<Page<DirectoryGroup>, DirectoryAccessError | UserMissing | InvalidNextToken>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:ListJoinedGroupsForUser');
  if (!directory.ok) return directory;
  if (!(await ports.users.get(directoryId, userId))) return missing(userId);
  const ids = await ports.memberships.listGroupsOf(directoryId, userId, page);
  if (!ids.ok) return ids;
  const groups = await ports.groups.getMany(directoryId, ids.value.items);
  const order = new Map(ids.value.items.map((g, i) => [g, i]));
  groups.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return ok({ ...ids.value, items: groups });
};
