import type { MauSnapshotRepository } from '../../domain/billing/ports';
import type { MauSnapshot } from '../../domain/billing/usage-alert';
import type { InstanceId } from '../../domain/shared/ids';
import { mauSnapshotPk } from './keys';
import type { Table } from './table';

// Snapshots serve the usage history of the last year; older ones expire.
const KEEP_SECONDS = 400 * 24 * 3600;

/** MAUHOUR#<instanceId>#<month> / <hour>: at most 744 small items per instance and month. */
export class DynamoMauSnapshotRepository implements MauSnapshotRepository {
  constructor(private readonly table: Table) {}

  async put(snapshot: MauSnapshot): Promise<void> {
    const ttl = Math.floor(Date.parse(snapshot.takenAt) / 1000) + KEEP_SECONDS;
    await this.table.put({ Item: { pk: mauSnapshotPk(snapshot.instanceId, snapshot.hour.slice(0, 7)), sk: snapshot.hour, kind: 'MauSnapshot', ...snapshot, ttl } });
  }

  async list(instanceId: InstanceId, month: string): Promise<readonly MauSnapshot[]> {
    const items = await this.table.all({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': mauSnapshotPk(instanceId, month) }, ConsistentRead: true });
    return items.map((i) => ({ instanceId: i.instanceId as InstanceId, hour: i.hour as string, mau: i.mau as number, takenAt: i.takenAt as string }));
  }
}
