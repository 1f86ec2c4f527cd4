import type { ApiKey, KeyOwner } from '../../domain/iam/api-key';
import { MAX_KEYS_PER_OWNER } from '../../domain/iam/api-key';
import type { ApiKeyRepository, KeyLimitReached, KeyOwnerGone } from '../../domain/iam/ports';
import type { AccountId, ApiKeyId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { apiKeyByHashKey, apiKeyByIdKey, apiKeyRefKey, apiKeysOfOwnerPrefix, keyOwnerKey } from './keys';
import type { Item, Table } from './table';

const fromItem = (i: Item): ApiKey => ({
  accountId: i.accountId as AccountId,
  id: i.id as ApiKeyId,
  owner: i.owner as KeyOwner,
  secretHash: i.secretHash as string,
  status: i.status as ApiKey['status'],
  createdAt: i.createdAt as string,
  ...(typeof i.sealedSecret === 'string' ? { sealedSecret: i.sealedSecret } : {}),
});

const fields = (k: ApiKey) => ({
  accountId: k.accountId,
  id: k.id,
  owner: k.owner,
  secretHash: k.secretHash,
  status: k.status,
  createdAt: k.createdAt,
  ...(k.sealedSecret ? { sealedSecret: k.sealedSecret } : {}),
});

/** The key's three items: by hash (bearer lookup), by id (signed-request lookup) and under its owner. */
const keysOf = (k: ApiKey) => [apiKeyByHashKey(k.secretHash), apiKeyByIdKey(k.id), apiKeyRefKey(k.accountId, k.owner, k.id)] as const;

/**
 * Each key is three items written together: one under its hash (the bearer lookup), one under its
 * id (the AccessKeyId of a signed request, for keys that hold a sealed secret) and one under its
 * account and owner (listing, deleting). The owner item counts keys, which is how the
 * two-key limit holds under concurrent creates.
 */
export class DynamoApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly table: Table) {}

  async findBySecretHash(secretHash: string): Promise<ApiKey | undefined> {
    const item = await this.table.get(apiKeyByHashKey(secretHash));
    return item ? fromItem(item) : undefined;
  }

  async findById(id: ApiKeyId): Promise<ApiKey | undefined> {
    const item = await this.table.get(apiKeyByIdKey(id));
    return item ? fromItem(item) : undefined;
  }

  async get(accountId: AccountId, owner: KeyOwner, id: ApiKeyId): Promise<ApiKey | undefined> {
    const item = await this.table.get(apiKeyRefKey(accountId, owner, id));
    return item ? fromItem(item) : undefined;
  }

  async list(accountId: AccountId, owner: KeyOwner): Promise<readonly ApiKey[]> {
    const pk = apiKeyRefKey(accountId, owner, '' as ApiKeyId).pk;
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': apiKeysOfOwnerPrefix(owner) },
    });
    return items.map(fromItem);
  }

  async create(key: ApiKey): Promise<Result<void, KeyLimitReached | KeyOwnerGone>> {
    const out = await this.table.transact([
      {
        Update: {
          Key: keyOwnerKey(key.accountId, key.owner),
          UpdateExpression: 'ADD keyCount :one',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(keyCount) OR keyCount < :max)',
          ExpressionAttributeValues: { ':one': 1, ':max': MAX_KEYS_PER_OWNER },
        },
      },
      { Put: { Item: { ...apiKeyByHashKey(key.secretHash), kind: 'ApiKey', ...fields(key) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { ...apiKeyByIdKey(key.id), kind: 'AccessKey', ...fields(key) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { ...apiKeyRefKey(key.accountId, key.owner, key.id), kind: 'ApiKeyRef', ...fields(key) } } },
    ]);
    if (out.ok) return ok(undefined);
    const owner = await this.table.get(keyOwnerKey(key.accountId, key.owner));
    return owner
      ? err({ code: 'LimitExceeded.ApiKey', message: `An owner holds at most ${MAX_KEYS_PER_OWNER} API keys; delete one first.` })
      : err({ code: 'EntityNotExists.Administrator', message: 'The key owner no longer exists.' });
  }

  async setStatus(key: ApiKey, status: ApiKey['status']): Promise<void> {
    const [byHash, byId, ref] = keysOf(key);
    const set = (Key: typeof byHash) => ({
      Update: {
        Key,
        UpdateExpression: 'SET #s = :s',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status },
      },
    });
    // Keys made before AccessKey signatures have no item by id: there is nothing there to update.
    await this.table.transact(key.sealedSecret ? [set(byHash), set(byId), set(ref)] : [set(byHash), set(ref)]);
  }

  async delete(key: ApiKey): Promise<void> {
    const [byHash, byId, ref] = keysOf(key);
    await this.table.transact([
      { Delete: { Key: byHash } },
      { Delete: { Key: byId } },
      { Delete: { Key: ref, ConditionExpression: 'attribute_exists(pk)' } },
      {
        Update: {
          Key: keyOwnerKey(key.accountId, key.owner),
          UpdateExpression: 'ADD keyCount :minus',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':minus': -1 },
        },
      },
    ]);
  }
}
