import type { DirectoryGroup } from '../../domain/directory/group';
import type {
  GroupHasMembers,
  GroupQuotaExceeded,
  GroupRepository,
  GroupUniqueness,
} from '../../domain/directory/ports';
import type { ProvisionType } from '../../domain/directory/user';
import type { DirectoryId, GroupId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import {
  concurrentModification,
  invalidNextToken,
  type ConcurrentModification,
  type InvalidNextToken,
} from '../../domain/shared/store-outcomes';
import type { Task } from '../../domain/tasks/task';
import { countInDirectory } from './directory-repository';
import { GROUP_PREFIX, GROUPNAME_PREFIX, groupExternalIdGuardKey, groupKey, groupNameGuardKey, type Key } from './keys';
import type { Item, Table, TransactItem } from './table';
import { taskItem } from './task-items';
import { deleteGuard, failedGuard, guardChanges, putGuard, type Guard as GuardOf } from './guards';
import { versionedUpdate } from './versioned-update';

const fields = (g: DirectoryGroup) => ({
  kind: 'Group',
  directoryId: g.directoryId,
  id: g.id,
  name: g.name,
  description: g.description,
  provisionType: g.provisionType,
  externalId: g.externalId,
  createdAt: g.createdAt,
  updatedAt: g.updatedAt,
  v: g.version,
});

export const groupFromItem = (i: Item): DirectoryGroup => ({
  directoryId: i.directoryId as DirectoryId,
  id: i.id as GroupId,
  name: i.name as string,
  ...(typeof i.description === 'string' ? { description: i.description } : {}),
  ...(typeof i.externalId === 'string' ? { externalId: i.externalId } : {}),
  provisionType: i.provisionType as ProvisionType,
  memberCount: Number(i.memberCount ?? 0),
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
  version: i.v as number,
});

type Guard = GuardOf<GroupUniqueness['code']>;
const guardsOf = (g: DirectoryGroup): Guard[] => [
  { key: groupNameGuardKey(g.directoryId, g.name), code: 'EntityAlreadyExists.Group', what: `name ${g.name}` },
  ...(g.externalId
    ? [{ key: groupExternalIdGuardKey(g.directoryId, g.externalId), code: 'EntityAlreadyExists.GroupExternalId' as const, what: `externalId ${g.externalId}` }]
    : []),
];
const putGroupGuard = (guard: Guard, g: DirectoryGroup): TransactItem => putGuard(guard, 'GroupGuard', { groupId: g.id });
const taken = (g: Guard): GroupUniqueness => ({ code: g.code, message: `Another group of this directory already has the ${g.what}.` });


export class DynamoGroupRepository implements GroupRepository {
  constructor(private readonly table: Table) {}

  async get(directoryId: DirectoryId, id: GroupId): Promise<DirectoryGroup | undefined> {
    const item = await this.table.get(groupKey(directoryId, id));
    return item ? groupFromItem(item) : undefined;
  }

  async getMany(directoryId: DirectoryId, ids: readonly GroupId[]): Promise<DirectoryGroup[]> {
    return (await this.table.getMany(ids.map((id) => groupKey(directoryId, id)))).map(groupFromItem);
  }

  private async viaGuard(directoryId: DirectoryId, key: Key) {
    const guard = await this.table.get(key);
    return guard ? this.get(directoryId, guard.groupId as GroupId) : undefined;
  }

  findByName(directoryId: DirectoryId, name: string) {
    return this.viaGuard(directoryId, groupNameGuardKey(directoryId, name));
  }

  findByExternalId(directoryId: DirectoryId, externalId: string) {
    return this.viaGuard(directoryId, groupExternalIdGuardKey(directoryId, externalId));
  }

  async list(
    directoryId: DirectoryId,
    filter: { readonly namePrefix?: string | undefined },
    request: PageRequest,
  ): Promise<Result<Page<DirectoryGroup>, InvalidNextToken>> {
    const pk = groupKey(directoryId, '' as GroupId).pk;
    if (filter.namePrefix !== undefined) {
      const out = await this.table.page(
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': `${GROUPNAME_PREFIX}${filter.namePrefix.toLowerCase()}` },
          partition: { attribute: 'pk', value: pk },
        },
        request,
      );
      if (!out.ok) return err(invalidNextToken());
      const groups = await this.getMany(directoryId, out.page.items.map((g) => g.groupId as GroupId));
      return ok({ ...out.page, items: groups.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())) });
    }
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': GROUP_PREFIX },
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(groupFromItem) }) : err(invalidNextToken());
  }

  async create(g: DirectoryGroup): Promise<Result<void, GroupUniqueness | GroupQuotaExceeded>> {
    const guards = guardsOf(g);
    const out = await this.table.transact([
      { Put: { Item: { ...groupKey(g.directoryId, g.id), ...fields(g), memberCount: 0 }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...guards.map((guard) => putGroupGuard(guard, g)),
      countInDirectory(g.directoryId, 'groups', 1),
    ]);
    if (out.ok) return ok(undefined);
    const guard = failedGuard(out.failed, guards, 1);
    if (guard) return err(taken(guard));
    return err({ code: 'QuotaExceeded.Groups', message: 'The directory has reached its group quota; the management account can raise it.' });
  }

  async update(g: DirectoryGroup, previous: DirectoryGroup): Promise<Result<void, ConcurrentModification | GroupUniqueness>> {
    const { added, dropped } = guardChanges(guardsOf(previous), guardsOf(g));
    const out = await this.table.transact([
      { Update: versionedUpdate(groupKey(g.directoryId, g.id), fields(g), previous.version) },
      ...added.map((x) => putGroupGuard(x, g)),
      ...dropped.map(deleteGuard),
    ]);
    if (out.ok) return ok(undefined);
    const guard = failedGuard(out.failed, added, 1);
    return guard ? err(taken(guard)) : err(concurrentModification(`Group ${g.id}`));
  }

  async delete(g: DirectoryGroup): Promise<Result<void, ConcurrentModification | GroupHasMembers>> {
    const out = await this.table.transact([
      {
        Delete: {
          Key: groupKey(g.directoryId, g.id),
          ConditionExpression: 'v = :v AND memberCount = :zero',
          ExpressionAttributeValues: { ':v': g.version, ':zero': 0 },
        },
      },
      ...guardsOf(g).map(deleteGuard),
      countInDirectory(g.directoryId, 'groups', -1),
    ]);
    if (out.ok) return ok(undefined);
    const current = await this.get(g.directoryId, g.id);
    if (current && current.version === g.version && current.memberCount > 0) {
      return err({ code: 'DeletionConflict.Group.User', message: `Group ${g.name} still has ${current.memberCount} members; remove them first.` });
    }
    return err(concurrentModification(`Group ${g.id}`));
  }

  async deleteWithMembers(g: DirectoryGroup, purge: Task): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      { Delete: { Key: groupKey(g.directoryId, g.id), ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': g.version } } },
      ...guardsOf(g).map(deleteGuard),
      countInDirectory(g.directoryId, 'groups', -1),
      { Put: { Item: taskItem(purge), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Group ${g.id}`));
  }
}
