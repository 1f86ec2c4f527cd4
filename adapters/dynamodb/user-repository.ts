import type { DirectoryUser, ProvisionType, ScimProfile, Tag, UserStatus } from '../../domain/directory/user';
import type {
  UserFilter,
  UserHasMemberships,
  UserQuotaExceeded,
  UserRepository,
  UserUniqueness,
} from '../../domain/directory/ports';
import type { DirectoryId, UserId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import {
  concurrentModification,
  invalidNextToken,
  type ConcurrentModification,
  type InvalidNextToken,
} from '../../domain/shared/store-outcomes';
import { countInDirectory } from './directory-repository';
import {
  USER_PREFIX,
  USERNAME_PREFIX,
  userEmailGuardKey,
  userExternalIdGuardKey,
  userKey,
  userNameGuardKey,
  type Key,
} from './keys';
import type { Item, Table, TransactItem } from './table';
import { deleteGuard, failedGuard, guardChanges, putGuard, type Guard as GuardOf } from './guards';
import { versionedUpdate } from './versioned-update';

const fields = (u: DirectoryUser) => ({
  kind: 'User',
  directoryId: u.directoryId,
  id: u.id,
  userName: u.userName,
  displayName: u.displayName,
  firstName: u.firstName,
  lastName: u.lastName,
  email: u.email,
  description: u.description,
  status: u.status,
  provisionType: u.provisionType,
  externalId: u.externalId,
  tags: u.tags,
  scim: u.scim,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  v: u.version,
});

export const userFromItem = (i: Item): DirectoryUser => {
  const optional = (name: string) => (typeof i[name] === 'string' ? { [name]: i[name] as string } : {});
  return {
    directoryId: i.directoryId as DirectoryId,
    id: i.id as UserId,
    userName: i.userName as string,
    ...optional('displayName'),
    ...optional('firstName'),
    ...optional('lastName'),
    ...optional('email'),
    ...optional('description'),
    ...optional('externalId'),
    status: i.status as UserStatus,
    provisionType: i.provisionType as ProvisionType,
    tags: (i.tags as Tag[] | undefined) ?? [],
    ...(i.scim ? { scim: i.scim as ScimProfile } : {}),
    createdAt: i.createdAt as string,
    updatedAt: i.updatedAt as string,
    version: i.v as number,
  } as DirectoryUser;
};

type Guard = GuardOf<UserUniqueness['code']>;

/** The uniqueness guards a user holds: its name, and its e-mail and external id when it has them. */
const guardsOf = (u: DirectoryUser): Guard[] => [
  { key: userNameGuardKey(u.directoryId, u.userName), code: 'EntityAlreadyExists.User', what: `user name ${u.userName}` },
  ...(u.email ? [{ key: userEmailGuardKey(u.directoryId, u.email), code: 'EntityAlreadyExists.UserEmail' as const, what: `e-mail ${u.email}` }] : []),
  ...(u.externalId
    ? [{ key: userExternalIdGuardKey(u.directoryId, u.externalId), code: 'EntityAlreadyExists.UserExternalId' as const, what: `externalId ${u.externalId}` }]
    : []),
];

const putUserGuard = (g: Guard, u: DirectoryUser): TransactItem => putGuard(g, 'UserGuard', { userId: u.id });

const taken = (g: Guard): UserUniqueness => ({ code: g.code, message: `Another user of this directory already has the ${g.what}.` });

export class DynamoUserRepository implements UserRepository {
  constructor(private readonly table: Table) {}

  async get(directoryId: DirectoryId, id: UserId): Promise<DirectoryUser | undefined> {
    const item = await this.table.get(userKey(directoryId, id));
    return item ? userFromItem(item) : undefined;
  }

  private async viaGuard(directoryId: DirectoryId, key: Key): Promise<DirectoryUser | undefined> {
    const guard = await this.table.get(key);
    return guard ? this.get(directoryId, guard.userId as UserId) : undefined;
  }

  findByUserName(directoryId: DirectoryId, userName: string) {
    return this.viaGuard(directoryId, userNameGuardKey(directoryId, userName));
  }

  findByExternalId(directoryId: DirectoryId, externalId: string) {
    return this.viaGuard(directoryId, userExternalIdGuardKey(directoryId, externalId));
  }

  async list(directoryId: DirectoryId, filter: UserFilter, request: PageRequest): Promise<Result<Page<DirectoryUser>, InvalidNextToken>> {
    const pk = userKey(directoryId, '' as UserId).pk;
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':pk': pk };
    const names: Record<string, string> = {};
    if (filter.status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    if (filter.provisionType) {
      conditions.push('provisionType = :pt');
      values[':pt'] = filter.provisionType;
    }
    if (filter.userNameEquals !== undefined) {
      const user = await this.findByUserName(directoryId, filter.userNameEquals);
      const matches = user && (!filter.status || user.status === filter.status) && (!filter.provisionType || user.provisionType === filter.provisionType);
      return ok({ items: matches ? [user] : [] });
    }
    if (filter.userNamePrefix !== undefined) {
      // Name guards sort by lower-cased name: a prefix is a key range, then one batch read of the users.
      values[':prefix'] = `${USERNAME_PREFIX}${filter.userNamePrefix.toLowerCase()}`;
      const out = await this.table.page(
        { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': values[':prefix'] }, partition: { attribute: 'pk', value: pk } },
        request,
      );
      if (!out.ok) return err(invalidNextToken());
      const users = (await this.table.getMany(out.page.items.map((g) => userKey(directoryId, g.userId as UserId)))).map(userFromItem);
      const byName = users
        .filter((u) => (!filter.status || u.status === filter.status) && (!filter.provisionType || u.provisionType === filter.provisionType))
        .sort((a, b) => a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()));
      return ok({ ...out.page, items: byName });
    }
    values[':prefix'] = USER_PREFIX;
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(userFromItem) }) : err(invalidNextToken());
  }

  async create(u: DirectoryUser): Promise<Result<void, UserUniqueness | UserQuotaExceeded>> {
    const guards = guardsOf(u);
    const out = await this.table.transact([
      { Put: { Item: { ...userKey(u.directoryId, u.id), ...fields(u), groupCount: 0 }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...guards.map((g) => putUserGuard(g, u)),
      countInDirectory(u.directoryId, 'users', 1),
    ]);
    if (out.ok) return ok(undefined);
    const guard = failedGuard(out.failed, guards, 1);
    if (guard) return err(taken(guard));
    return err({ code: 'QuotaExceeded.Users', message: 'The directory has reached its user quota; the management account can raise it.' });
  }

  async update(u: DirectoryUser, previous: DirectoryUser): Promise<Result<void, ConcurrentModification | UserUniqueness>> {
    const { added, dropped } = guardChanges(guardsOf(previous), guardsOf(u));
    const out = await this.table.transact([
      { Update: versionedUpdate(userKey(u.directoryId, u.id), fields(u), previous.version) },
      ...added.map((g) => putUserGuard(g, u)),
      ...dropped.map(deleteGuard),
    ]);
    if (out.ok) return ok(undefined);
    const guard = failedGuard(out.failed, added, 1);
    return guard ? err(taken(guard)) : err(concurrentModification(`User ${u.id}`));
  }

  async delete(u: DirectoryUser): Promise<Result<void, ConcurrentModification | UserHasMemberships>> {
    const out = await this.table.transact([
      {
        Delete: {
          Key: userKey(u.directoryId, u.id),
          // Memberships keep `groupCount` on the user exact, so "not in any group" is part of the delete.
          ConditionExpression: 'v = :v AND (attribute_not_exists(groupCount) OR groupCount = :zero)',
          ExpressionAttributeValues: { ':v': u.version, ':zero': 0 },
        },
      },
      ...guardsOf(u).map(deleteGuard),
      countInDirectory(u.directoryId, 'users', -1),
    ]);
    if (out.ok) return ok(undefined);
    const current = await this.table.get(userKey(u.directoryId, u.id));
    if (current && current.v === u.version && Number(current.groupCount ?? 0) > 0) {
      return err({ code: 'DeletionConflict.User.Group', message: `User ${u.userName} is still a member of ${current.groupCount} groups.` });
    }
    return err(concurrentModification(`User ${u.id}`));
  }
}
