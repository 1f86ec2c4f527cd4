import type { ScimCredentialLimit, ScimCredentialRepository } from '../../domain/directory/ports';
import type { ScimCredential } from '../../domain/directory/scim-credential';
import type { DirectoryId, ScimCredentialId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { countInDirectory } from './directory-repository';
import { cloudSsoDirectoryKey, SCIMCRED_PREFIX, scimCredentialKey, scimTokenKey } from './keys';
import type { Item, Table, TransactItem } from './table';

const fromItem = (i: Item): ScimCredential => ({
  directoryId: i.directoryId as DirectoryId,
  id: i.id as ScimCredentialId,
  type: 'BearerToken',
  status: i.status as ScimCredential['status'],
  secretHash: i.secretHash as string,
  createdAt: i.createdAt as string,
  expiresAt: i.expiresAt as string,
});

const fields = (c: ScimCredential) => ({ ...c });

/** Two items per credential, as for API keys: one under its hash (authentication), one under its directory. */
export class DynamoScimCredentialRepository implements ScimCredentialRepository {
  constructor(private readonly table: Table) {}

  async findBySecretHash(secretHash: string): Promise<ScimCredential | undefined> {
    const item = await this.table.get(scimTokenKey(secretHash));
    return item ? fromItem(item) : undefined;
  }

  async get(directoryId: DirectoryId, id: ScimCredentialId): Promise<ScimCredential | undefined> {
    const item = await this.table.get(scimCredentialKey(directoryId, id));
    return item ? fromItem(item) : undefined;
  }

  async list(directoryId: DirectoryId): Promise<readonly ScimCredential[]> {
    const pk = cloudSsoDirectoryKey(directoryId).pk;
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': SCIMCRED_PREFIX },
    });
    return items.map(fromItem);
  }

  async create(c: ScimCredential): Promise<Result<void, ScimCredentialLimit>> {
    const out = await this.table.transact([
      countInDirectory(c.directoryId, 'scimCredentials', 1),
      { Put: { Item: { ...scimTokenKey(c.secretHash), kind: 'ScimToken', ...fields(c) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { ...scimCredentialKey(c.directoryId, c.id), kind: 'ScimCredential', ...fields(c) } } },
    ]);
    return out.ok
      ? ok(undefined)
      : err({
          code: 'QuotaExceeded.SCIMCredentials',
          message: 'A directory holds at most two SCIM credentials: delete the old one after rolling in the new.',
        });
  }

  async setStatus(c: ScimCredential, status: ScimCredential['status']): Promise<void> {
    const set = (key: ReturnType<typeof scimTokenKey>): TransactItem => ({
      Update: {
        Key: key,
        UpdateExpression: 'SET #s = :s',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': status },
      },
    });
    await this.table.transact([set(scimTokenKey(c.secretHash)), set(scimCredentialKey(c.directoryId, c.id))]);
  }

  async delete(c: ScimCredential): Promise<void> {
    await this.table.transact([
      { Delete: { Key: scimTokenKey(c.secretHash) } },
      { Delete: { Key: scimCredentialKey(c.directoryId, c.id), ConditionExpression: 'attribute_exists(pk)' } },
      countInDirectory(c.directoryId, 'scimCredentials', -1),
    ]);
  }
}
