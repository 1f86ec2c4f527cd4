import type { PasswordCredential } from '../../domain/logon/password-credential';
import type { PasswordRepository } from '../../domain/logon/ports';
import type { DirectoryId, UserId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, type ConcurrentModification } from '../../domain/shared/store-outcomes';
import { mfaDeviceCountKey, passwordKey } from './keys';
import type { Item, Table } from './table';

export const passwordFromItem = (i: Item): PasswordCredential => ({
  directoryId: i.directoryId as DirectoryId,
  userId: i.userId as UserId,
  hash: i.hash as string,
  changedAt: i.changedAt as string,
  mustChange: i.mustChange as boolean,
  history: (i.history as string[] | undefined) ?? [],
  failedAttempts: Number(i.failedAttempts ?? 0),
  ...(typeof i.lockedUntil === 'string' ? { lockedUntil: i.lockedUntil } : {}),
  ...(Array.isArray(i.knownNetworks) ? { knownNetworks: i.knownNetworks as string[] } : {}),
  version: i.v as number,
});

/** One item per user, beside the user in its directory's partition: DIR#<dirId> / PWD#<userId>. */
export class DynamoPasswordRepository implements PasswordRepository {
  constructor(private readonly table: Table) {}

  async get(directoryId: DirectoryId, userId: UserId): Promise<PasswordCredential | undefined> {
    const item = await this.table.get(passwordKey(directoryId, userId));
    return item ? passwordFromItem(item) : undefined;
  }

  /** A whole-item put: no other writer keeps attributes on this item, so nothing is overwritten by it. */
  async put(cred: PasswordCredential, expectedVersion: number | undefined): Promise<Result<void, ConcurrentModification>> {
    const { version, ...fields } = cred;
    const Item = { ...passwordKey(cred.directoryId, cred.userId), kind: 'Password', ...fields, v: version };
    const out =
      expectedVersion === undefined
        ? // A first credential also starts the user's MFA device count (ADD 0 keeps one that exists), so a
          // password logon always finds it (see mfaDeviceCountKey).
          await this.table.transact([
            { Put: { Item, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Update: { Key: mfaDeviceCountKey(cred.directoryId, cred.userId), UpdateExpression: 'ADD #n :zero', ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':zero': 0 } } },
          ])
        : await this.table.put({ Item, ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } });
    return out.ok ? ok(undefined) : err(concurrentModification(`The password of user ${cred.userId}`));
  }

  async delete(directoryId: DirectoryId, userId: UserId): Promise<void> {
    await this.table.delete({ Key: passwordKey(directoryId, userId) });
  }
}
