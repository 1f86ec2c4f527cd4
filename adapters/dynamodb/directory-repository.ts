import type { Directory, DirectoryRegion } from '../../domain/directory/directory';
import type { DirectoryExists, DirectoryNameTaken, DirectoryNotEmpty, DirectoryRepository } from '../../domain/directory/ports';
import type { AccountId, DirectoryId, ResourceDirectoryId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, type ConcurrentModification } from '../../domain/shared/store-outcomes';
import { accountDirectoryGuardKey, cloudSsoDirectoryKey, cloudSsoServiceKey, directoryNameGuardKey } from './keys';
import type { Item, Table, TransactItem } from './table';

/**
 * The directory item also carries the counters other repositories maintain with `ADD` inside their
 * own transactions (users, groups, …) next to the quotas they are checked against, so a quota holds
 * exactly under concurrent creates. Counters never bump `v`: a user create does not conflict with a
 * rename.
 */
const COUNTERS = { users: 'userCount', groups: 'groupCount', accessConfigurations: 'acCount', scimCredentials: 'scimCredentialCount' } as const;
const QUOTAS = { users: 'userQuota', groups: 'groupQuota', accessConfigurations: 'acQuota', scimCredentials: 'scimCredentialQuota' } as const;

/**
 * The transaction item that counts one more (or one fewer) of a kind in its directory. Counting up is
 * conditional on the quota, so the create it travels with fails when the directory is full.
 */
export const countInDirectory = (directoryId: DirectoryId, kind: keyof typeof COUNTERS, delta: 1 | -1): TransactItem => ({
  Update: {
    Key: cloudSsoDirectoryKey(directoryId),
    UpdateExpression: `ADD ${COUNTERS[kind]} :d`,
    ConditionExpression: delta > 0 ? `attribute_exists(pk) AND ${COUNTERS[kind]} < ${QUOTAS[kind]}` : 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':d': delta },
  },
});

const toItem = (d: Directory): Item => ({
  ...cloudSsoDirectoryKey(d.id),
  kind: 'Directory',
  id: d.id,
  name: d.name,
  region: d.region,
  managementAccountId: d.managementAccountId,
  resourceDirectoryId: d.resourceDirectoryId,
  scimSynchronization: d.scimSynchronization,
  ...Object.fromEntries(Object.entries(QUOTAS).map(([k, attr]) => [attr, d.quotas[k as keyof typeof QUOTAS]])),
  ...Object.fromEntries(Object.entries(COUNTERS).map(([k, attr]) => [attr, d.counts[k as keyof typeof COUNTERS]])),
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  v: d.version,
});

const fromItem = (i: Item): Directory => ({
  id: i.id as DirectoryId,
  name: i.name as string,
  region: i.region as DirectoryRegion,
  managementAccountId: i.managementAccountId as AccountId,
  resourceDirectoryId: i.resourceDirectoryId as ResourceDirectoryId,
  scimSynchronization: i.scimSynchronization === true,
  quotas: Object.fromEntries(Object.entries(QUOTAS).map(([k, attr]) => [k, Number(i[attr])])) as unknown as Directory['quotas'],
  counts: Object.fromEntries(Object.entries(COUNTERS).map(([k, attr]) => [k, Number(i[attr] ?? 0)])) as unknown as Directory['counts'],
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
  version: i.v as number,
});

const nameTaken = (name: string): DirectoryNameTaken => ({
  code: 'EntityAlreadyExists.DirectoryName',
  message: `A directory named ${name} already exists.`,
});

export class DynamoDirectoryRepository implements DirectoryRepository {
  constructor(private readonly table: Table) {}

  async serviceEnabledAt(accountId: AccountId): Promise<string | undefined> {
    const item = await this.table.get(cloudSsoServiceKey(accountId));
    return typeof item?.enabledAt === 'string' ? item.enabledAt : undefined;
  }

  async enableService(accountId: AccountId, at: string): Promise<void> {
    await this.table.update({
      Key: cloudSsoServiceKey(accountId),
      UpdateExpression: 'SET kind = :kind, enabledAt = if_not_exists(enabledAt, :at)',
      ExpressionAttributeValues: { ':kind': 'CloudSsoService', ':at': at },
    });
  }

  async get(id: DirectoryId): Promise<Directory | undefined> {
    const item = await this.table.get(cloudSsoDirectoryKey(id));
    return item ? fromItem(item) : undefined;
  }

  async findByManagementAccount(accountId: AccountId): Promise<Directory | undefined> {
    const guard = await this.table.get(accountDirectoryGuardKey(accountId));
    return guard ? this.get(guard.directoryId as DirectoryId) : undefined;
  }

  async findByName(name: string): Promise<Directory | undefined> {
    const guard = await this.table.get(directoryNameGuardKey(name));
    return guard ? this.get(guard.directoryId as DirectoryId) : undefined;
  }

  async create(d: Directory): Promise<Result<void, DirectoryNameTaken | DirectoryExists>> {
    const out = await this.table.transact([
      { Put: { Item: toItem(d), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          Item: { ...directoryNameGuardKey(d.name), kind: 'DirectoryNameGuard', directoryId: d.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          Item: { ...accountDirectoryGuardKey(d.managementAccountId), kind: 'AccountDirectoryGuard', directoryId: d.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (out.ok) return ok(undefined);
    if (out.failed.includes(2)) {
      return err({ code: 'EntityAlreadyExists.Directory', message: 'This management account already has a CloudSSO directory.' });
    }
    return err(nameTaken(d.name));
  }

  async update(d: Directory, previous: Directory): Promise<Result<void, ConcurrentModification | DirectoryNameTaken>> {
    const quotaSets = Object.entries(QUOTAS).map(([k, attr]) => [attr, d.quotas[k as keyof typeof QUOTAS]] as const);
    const out = await this.table.transact([
      {
        Update: {
          Key: cloudSsoDirectoryKey(d.id),
          UpdateExpression: `SET #name = :name, scimSynchronization = :scim, updatedAt = :u, v = :v, ${quotaSets.map(([a]) => `${a} = :${a}`).join(', ')}`,
          // A quota may not fall below what already exists, even if a create landed meanwhile.
          ConditionExpression: `v = :expected AND ${quotaSets.map(([a]) => `${a.replace('Quota', 'Count')} <= :${a}`).join(' AND ')}`,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':name': d.name,
            ':scim': d.scimSynchronization,
            ':u': d.updatedAt,
            ':v': d.version,
            ':expected': previous.version,
            ...Object.fromEntries(quotaSets.map(([a, value]) => [`:${a}`, value])),
          },
        },
      },
      ...(d.name === previous.name
        ? []
        : [
            {
              Put: {
                Item: { ...directoryNameGuardKey(d.name), kind: 'DirectoryNameGuard', directoryId: d.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Delete: { Key: directoryNameGuardKey(previous.name) } },
          ]),
    ]);
    if (out.ok) return ok(undefined);
    return out.failed.includes(1) ? err(nameTaken(d.name)) : err(concurrentModification(`Directory ${d.id}`));
  }

  async delete(d: Directory): Promise<Result<void, DirectoryNotEmpty>> {
    const out = await this.table.transact([
      {
        Delete: {
          Key: cloudSsoDirectoryKey(d.id),
          ConditionExpression: Object.values(COUNTERS)
            .map((c) => `(attribute_not_exists(${c}) OR ${c} = :zero)`)
            .join(' AND '),
          ExpressionAttributeValues: { ':zero': 0 },
        },
      },
      { Delete: { Key: directoryNameGuardKey(d.name) } },
      { Delete: { Key: accountDirectoryGuardKey(d.managementAccountId) } },
    ]);
    return out.ok
      ? ok(undefined)
      : err({ code: 'DeletionConflict.Directory', message: 'The directory is no longer empty; read it again to see what remains.' });
  }
}
