import type { AccessConfiguration } from '../../domain/access/access-configuration';
import type { AccessConfigurationRepository, ConfigurationNameTaken, ConfigurationQuotaExceeded } from '../../domain/access/access-ports';
import { countInDirectory } from './directory-repository';
import type { AccessConfigurationId, DirectoryId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, fail, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, invalidNextToken, type ConcurrentModification, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import type { Task } from '../../domain/tasks/task';
import { AC_PREFIX, accessConfigurationKey, accessConfigurationNameKey } from './keys';
import type { Item, Table } from './table';
import { taskItem } from './task-items';

const toItem = (c: AccessConfiguration): Item => ({
  ...accessConfigurationKey(c.directoryId, c.id),
  kind: 'AccessConfiguration',
  directoryId: c.directoryId,
  id: c.id,
  name: c.name,
  description: c.description,
  sessionDuration: c.sessionDuration,
  relayState: c.relayState,
  policies: c.policies,
  revision: c.revision,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  v: c.version,
});

const fromItem = (i: Item): AccessConfiguration => ({
  directoryId: i.directoryId as DirectoryId,
  id: i.id as AccessConfigurationId,
  name: i.name as string,
  description: i.description as string,
  sessionDuration: i.sessionDuration as number,
  ...(i.relayState ? { relayState: i.relayState as string } : {}),
  policies: i.policies as AccessConfiguration['policies'],
  revision: i.revision as number,
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
  version: i.v as number,
});

export class DynamoAccessConfigurationRepository implements AccessConfigurationRepository {
  constructor(private readonly table: Table) {}

  async get(directoryId: DirectoryId, id: AccessConfigurationId) {
    const item = await this.table.get(accessConfigurationKey(directoryId, id));
    return item ? fromItem(item) : undefined;
  }

  async getMany(directoryId: DirectoryId, ids: readonly AccessConfigurationId[]) {
    const items = await this.table.getMany([...new Set(ids)].map((id) => accessConfigurationKey(directoryId, id)));
    return items.map(fromItem);
  }

  async list(directoryId: DirectoryId, request: PageRequest): Promise<Result<Page<AccessConfiguration>, InvalidNextToken>> {
    const pk = accessConfigurationKey(directoryId, '' as AccessConfigurationId).pk;
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': AC_PREFIX },
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(fromItem) }) : err(invalidNextToken());
  }

  async create(c: AccessConfiguration): Promise<Result<void, ConfigurationNameTaken | ConfigurationQuotaExceeded>> {
    const out = await this.table.transact([
      countInDirectory(c.directoryId, 'accessConfigurations', 1),
      { Put: { Item: toItem(c), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          Item: { ...accessConfigurationNameKey(c.directoryId, c.name), kind: 'AccessConfigurationName', accessConfigurationId: c.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (out.ok) return ok(undefined);
    return out.failed.includes(0)
      ? fail('QuotaExceeded.AccessConfigurations', 'The directory holds as many access configurations as its quota allows.')
      : fail('EntityAlreadyExists.AccessConfiguration', `An access configuration named ${c.name} already exists.`);
  }

  async update(c: AccessConfiguration, expectedVersion: number, task?: Task): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      { Put: { Item: toItem(c), ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': expectedVersion } } },
      ...(task ? [{ Put: { Item: taskItem(task) } }] : []),
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Access configuration ${c.id}`));
  }

  async delete(c: AccessConfiguration): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      { Delete: { Key: accessConfigurationKey(c.directoryId, c.id), ConditionExpression: 'v = :v', ExpressionAttributeValues: { ':v': c.version } } },
      { Delete: { Key: accessConfigurationNameKey(c.directoryId, c.name) } },
      countInDirectory(c.directoryId, 'accessConfigurations', -1),
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Access configuration ${c.id}`));
  }
}
