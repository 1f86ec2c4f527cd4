import type { MfaDevice } from '../../domain/logon/mfa';
import type { MfaDeviceRepository } from '../../domain/logon/ports';
import type { DirectoryId, UserId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, type ConcurrentModification } from '../../domain/shared/store-outcomes';
import { mfaDeviceCountKey, mfaDeviceKey, mfaDevicesOfUserPrefix } from './keys';
import type { Item, Table, TransactItem } from './table';

const fromItem = (i: Item): MfaDevice => ({
  directoryId: i.directoryId as DirectoryId,
  userId: i.userId as UserId,
  deviceId: i.deviceId as string,
  type: 'TOTP',
  name: i.name as string,
  secret: i.secret as string,
  createdAt: i.createdAt as string,
  ...(typeof i.lastUsedStep === 'number' ? { lastUsedStep: i.lastUsedStep } : {}),
  ...(typeof i.lastUsedAt === 'string' ? { lastUsedAt: i.lastUsedAt } : {}),
  version: i.v as number,
});

/** The user's device count moves with each device created or deleted, in the same transaction. */
const count = (directoryId: DirectoryId, userId: UserId, delta: 1 | -1): TransactItem => ({
  Update: { Key: mfaDeviceCountKey(directoryId, userId), UpdateExpression: 'ADD #n :d', ExpressionAttributeNames: { '#n': 'n' }, ExpressionAttributeValues: { ':d': delta } },
});

/**
 * One item per device in its directory's partition: DIR#<dirId> / MFA#<userId>#<deviceId>, so a user's
 * devices are one key-range query. The TOTP secret is stored as given: encryption at rest is the
 * table's (DynamoDB encryption with a customer-managed KMS key), see `MfaDevice.secret`.
 */
export class DynamoMfaDeviceRepository implements MfaDeviceRepository {
  constructor(private readonly table: Table) {}

  async list(directoryId: DirectoryId, userId: UserId): Promise<readonly MfaDevice[]> {
    const { pk } = mfaDeviceKey(directoryId, userId, '');
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': mfaDevicesOfUserPrefix(userId) },
      ConsistentRead: true,
    });
    return items.map(fromItem);
  }

  async get(directoryId: DirectoryId, userId: UserId, deviceId: string): Promise<MfaDevice | undefined> {
    const item = await this.table.get(mfaDeviceKey(directoryId, userId, deviceId));
    return item ? fromItem(item) : undefined;
  }

  async put(device: MfaDevice, expectedVersion?: number): Promise<Result<void, ConcurrentModification>> {
    const { version, ...fields } = device;
    const Item = { ...mfaDeviceKey(device.directoryId, device.userId, device.deviceId), kind: 'MfaDevice', ...fields, v: version };
    const out =
      expectedVersion === undefined
        ? await this.table.transact([{ Put: { Item, ConditionExpression: 'attribute_not_exists(pk)' } }, count(device.directoryId, device.userId, 1)])
        : await this.table.put({ Item, ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } });
    return out.ok ? ok(undefined) : err(concurrentModification(`MFA device ${device.deviceId}`));
  }

  /** Idempotent: deleting a device that is gone changes nothing, the count included. */
  async delete(directoryId: DirectoryId, userId: UserId, deviceId: string): Promise<void> {
    await this.table.transact([
      { Delete: { Key: mfaDeviceKey(directoryId, userId, deviceId), ConditionExpression: 'attribute_exists(pk)' } },
      count(directoryId, userId, -1),
    ]);
  }
}
