import type { CloudAccount } from '../../domain/org/cloud-account';
import type { AccountIdTaken, AccountRepository } from '../../domain/org/ports';
import type { AccountId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, type ConcurrentModification } from '../../domain/shared/store-outcomes';
import { accountFromItem, accountItem, accountUpdate } from './account-items';
import { accountKey } from './keys';
import type { Table } from './table';

export class DynamoAccountRepository implements AccountRepository {
  constructor(private readonly table: Table) {}

  async get(id: AccountId): Promise<CloudAccount | undefined> {
    const item = await this.table.get(accountKey(id));
    return item ? accountFromItem(item) : undefined;
  }

  async getMany(ids: readonly AccountId[]): Promise<CloudAccount[]> {
    return (await this.table.getMany([...new Set(ids)].map(accountKey))).map(accountFromItem);
  }

  async create(account: CloudAccount): Promise<Result<void, AccountIdTaken>> {
    const out = await this.table.put({ Item: accountItem(account), ConditionExpression: 'attribute_not_exists(pk)' });
    return out.ok
      ? ok(undefined)
      : err({ code: 'EntityAlreadyExists.Account', message: `Account ${account.id} already exists.` });
  }

  async update(account: CloudAccount, expectedVersion: number): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.update(accountUpdate(account, expectedVersion));
    return out.ok ? ok(undefined) : err(concurrentModification(`Account ${account.id}`));
  }
}
