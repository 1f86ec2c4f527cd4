import type { Administrator } from '../../domain/iam/administrator';
import type { PolicyName } from '../../domain/iam/policies';
import type { AdministratorNameTaken, AdministratorRepository } from '../../domain/iam/ports';
import type { AccountId, AdministratorId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import {
  concurrentModification,
  invalidNextToken,
  type ConcurrentModification,
  type InvalidNextToken,
} from '../../domain/shared/store-outcomes';
import { administratorKey, administratorNameKey, administratorsPrefix, apiKeyByHashKey, apiKeysOfOwnerPrefix } from './keys';
import type { Item, Table, TransactItem } from './table';

const fromItem = (i: Item): Administrator => ({
  accountId: i.accountId as AccountId,
  id: i.id as AdministratorId,
  name: i.name as string,
  displayName: i.displayName as string,
  policies: (i.policies as PolicyName[] | undefined) ?? [],
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
  version: i.v as number,
});

export class DynamoAdministratorRepository implements AdministratorRepository {
  constructor(private readonly table: Table) {}

  async get(accountId: AccountId, id: AdministratorId): Promise<Administrator | undefined> {
    const item = await this.table.get(administratorKey(accountId, id));
    return item ? fromItem(item) : undefined;
  }

  async list(accountId: AccountId, request: PageRequest): Promise<Result<Page<Administrator>, InvalidNextToken>> {
    const pk = administratorKey(accountId, '' as AdministratorId).pk;
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': administratorsPrefix },
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(fromItem) }) : err(invalidNextToken());
  }

  async create(admin: Administrator): Promise<Result<void, AdministratorNameTaken>> {
    const { version, ...fields } = admin;
    const out = await this.table.transact([
      {
        Put: {
          Item: { ...administratorKey(admin.accountId, admin.id), kind: 'Administrator', ...fields, v: version, keyCount: 0 },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          Item: { ...administratorNameKey(admin.accountId, admin.name), kind: 'AdministratorNameGuard', administratorId: admin.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    return out.ok
      ? ok(undefined)
      : err({ code: 'EntityAlreadyExists.Administrator', message: `An administrator named ${admin.name} already exists.` });
  }

  async update(admin: Administrator, expectedVersion: number): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.update({
      Key: administratorKey(admin.accountId, admin.id),
      UpdateExpression: 'SET displayName = :d, policies = :p, updatedAt = :u, v = :v',
      ConditionExpression: 'v = :expected',
      ExpressionAttributeValues: {
        ':d': admin.displayName,
        ':p': admin.policies,
        ':u': admin.updatedAt,
        ':v': admin.version,
        ':expected': expectedVersion,
      },
    });
    return out.ok ? ok(undefined) : err(concurrentModification(`Administrator ${admin.id}`));
  }

  async delete(admin: Administrator): Promise<Result<void, ConcurrentModification>> {
    const owner = { kind: 'administrator', administratorId: admin.id } as const;
    const pk = administratorKey(admin.accountId, admin.id).pk;
    const keys = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': apiKeysOfOwnerPrefix(owner) },
    });
    const keyDeletes: TransactItem[] = keys.flatMap((k) => [
      { Delete: { Key: { pk: k.pk as string, sk: k.sk as string } } },
      { Delete: { Key: apiKeyByHashKey(k.secretHash as string) } },
    ]);
    // The key count must match what was read: a key created meanwhile fails the transaction rather
    // than being left behind, able to authenticate as nobody.
    const out = await this.table.transact([
      {
        Delete: {
          Key: administratorKey(admin.accountId, admin.id),
          ConditionExpression: 'v = :v AND keyCount = :keys',
          ExpressionAttributeValues: { ':v': admin.version, ':keys': keys.length },
        },
      },
      { Delete: { Key: administratorNameKey(admin.accountId, admin.name) } },
      ...keyDeletes,
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Administrator ${admin.id}`));
  }
}
