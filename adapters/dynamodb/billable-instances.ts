import type { BilledInstance } from '../../domain/billing/bill-line';
import type { BillableInstances } from '../../domain/billing/ports';
import { BILLABLE_INSTANCES } from './keys';
import type { Item, Table } from './table';

const fromItem = (i: Item): BilledInstance => ({
  id: i.id as BilledInstance['id'],
  accountId: i.accountId as BilledInstance['accountId'],
  edition: i.edition as BilledInstance['edition'],
  hourlyFee: i.hourlyFee as string,
  createdAt: i.createdAt as string,
  ...(typeof i.releasedAt === 'string' ? { releasedAt: i.releasedAt } : {}),
});

/** BILLABLE#INSTANCES / <instanceId>: the instance repository writes it, billing reads it whole. */
export class DynamoBillableInstances implements BillableInstances {
  constructor(private readonly table: Table) {}

  async all(): Promise<readonly BilledInstance[]> {
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': BILLABLE_INSTANCES },
      ConsistentRead: true,
    });
    return items.map(fromItem);
  }
}
