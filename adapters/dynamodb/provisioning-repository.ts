import type { ProvisioningRepository, ConfigurationChanged } from '../../domain/access/access-ports';
import type { Provisioning } from '../../domain/access/provisioning';
import type { AccessConfigurationId, AccountId, DirectoryId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, invalidNextToken, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import { GSI1, PROVISIONING_PREFIX, accessConfigurationKey, provisioningKey, provisioningsOfAccount, provisioningsOfConfiguration } from './keys';
import type { Item, Table } from './table';

const toItem = (p: Provisioning): Item => ({
  ...provisioningKey(p.directoryId, p.accountId, p.accessConfigurationId),
  kind: 'Provisioning',
  gsi1pk: provisioningsOfConfiguration(p.directoryId, p.accessConfigurationId),
  gsi1sk: p.accountId,
  directoryId: p.directoryId,
  accountId: p.accountId,
  accessConfigurationId: p.accessConfigurationId,
  roleName: p.roleName,
  revision: p.revision,
  state: p.state,
  failureReason: p.failureReason,
  updatedAt: p.updatedAt,
});

const fromItem = (i: Item): Provisioning => ({
  directoryId: i.directoryId as DirectoryId,
  accountId: i.accountId as AccountId,
  accessConfigurationId: i.accessConfigurationId as AccessConfigurationId,
  roleName: i.roleName as string,
  revision: i.revision as number,
  state: i.state as Provisioning['state'],
  ...(i.failureReason ? { failureReason: i.failureReason as string } : {}),
  updatedAt: i.updatedAt as string,
});

export class DynamoProvisioningRepository implements ProvisioningRepository {
  constructor(private readonly table: Table) {}

  async get(directoryId: DirectoryId, accountId: AccountId, acId: AccessConfigurationId) {
    const item = await this.table.get(provisioningKey(directoryId, accountId, acId));
    return item ? fromItem(item) : undefined;
  }

  async getMany(directoryId: DirectoryId, keys: readonly { accountId: AccountId; accessConfigurationId: AccessConfigurationId }[]) {
    const items = await this.table.getMany(keys.map((k) => provisioningKey(directoryId, k.accountId, k.accessConfigurationId)));
    return items.map(fromItem);
  }

  async listByAccount(directoryId: DirectoryId, accountId: AccountId, request: PageRequest): Promise<Result<Page<Provisioning>, InvalidNextToken>> {
    const pk = provisioningsOfAccount(directoryId, accountId);
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': PROVISIONING_PREFIX },
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(fromItem) }) : err(invalidNextToken());
  }

  async accountsOf(directoryId: DirectoryId, acId: AccessConfigurationId) {
    const items = await this.table.all({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': provisioningsOfConfiguration(directoryId, acId) },
    });
    return items.map((i) => i.accountId as AccountId);
  }

  async save(p: Provisioning, configurationRevision: number): Promise<Result<void, ConfigurationChanged>> {
    const out = await this.table.transact([
      { Put: { Item: toItem(p) } },
      {
        ConditionCheck: {
          Key: accessConfigurationKey(p.directoryId, p.accessConfigurationId),
          ConditionExpression: 'revision = :r',
          ExpressionAttributeValues: { ':r': configurationRevision },
        },
      },
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Access configuration ${p.accessConfigurationId}`));
  }

  async markFailed(p: Provisioning) {
    await this.table.put({ Item: toItem(p) });
  }

  async delete(directoryId: DirectoryId, accountId: AccountId, acId: AccessConfigurationId) {
    await this.table.delete({ Key: provisioningKey(directoryId, accountId, acId) });
  }
}
