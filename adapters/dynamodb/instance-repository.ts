import type { Instance, Order } from '../../domain/ciam/instance';
import type { InstanceRepository } from '../../domain/ciam/ports';
import type { AccountId, InstanceId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, invalidNextToken, type ConcurrentModification, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import type { Task } from '../../domain/tasks/task';
import { billableInstanceKey, GSI1, instanceKey, instancePk, instancesOfAccount, ORDER_PREFIX, orderKey } from './keys';
import type { Item, Table, TransactItem } from './table';
import { editionOffer } from '../../domain/ciam/catalogue';
import { taskItem } from './task-items';

const strip = ({ pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, kind: _kind, v: _v, ...rest }: Item) => rest;

export const instanceFromItem = (i: Item): Instance => ({ ...(strip(i) as Omit<Instance, 'version'>), version: i.v as number });
const instanceItem = (instance: Instance): Item => {
  const { version, ...fields } = instance;
  return {
    ...instanceKey(instance.id),
    kind: 'Instance',
    gsi1pk: instancesOfAccount(instance.accountId),
    gsi1sk: `${instance.createdAt}#${instance.id}`,
    ...fields,
    v: version,
  };
};
const ORDER_RANK: Record<Order['type'], number> = { Purchase: 0, Release: 1 };

/** Billing's view of the instance (adapters/dynamodb/billable-instances.ts reads it), written with every purchase. */
const billableItem = (instance: Instance, order: Order): Item => ({
  ...billableInstanceKey(instance.id),
  kind: 'BillableInstance',
  id: instance.id,
  accountId: instance.accountId,
  edition: instance.edition,
  hourlyFee: order.hourlyFee,
  createdAt: instance.createdAt,
});
/**
 * The release time on the billing view. Every field is set, not only releasedAt, and the price only if
 * absent (the purchase's stands), so an instance bought before billing kept this item still gets a whole one.
 */
const billableReleased = (instance: Instance): TransactItem => ({
  Update: {
    Key: billableInstanceKey(instance.id),
    UpdateExpression: 'SET #kind = :kind, #id = :id, accountId = :account, edition = :edition, createdAt = :created, releasedAt = :released, hourlyFee = if_not_exists(hourlyFee, :fee)',
    ExpressionAttributeNames: { '#kind': 'kind', '#id': 'id' },
    ExpressionAttributeValues: {
      ':kind': 'BillableInstance',
      ':id': instance.id,
      ':account': instance.accountId,
      ':edition': instance.edition,
      ':created': instance.createdAt,
      ':released': instance.releasedAt,
      ':fee': editionOffer(instance.edition).hourlyFee,
    },
  },
});
const orderItem = (order: Order): Item => ({ ...orderKey(order.instanceId, order.id), kind: 'Order', ...order });

/** INST#<id> / META, listed per account through gsi1 (newest first); orders beside it as ORDER#<id>. */
export class DynamoInstanceRepository implements InstanceRepository {
  constructor(private readonly table: Table) {}

  async get(id: InstanceId): Promise<Instance | undefined> {
    const item = await this.table.get(instanceKey(id));
    return item ? instanceFromItem(item) : undefined;
  }

  async listByAccount(accountId: AccountId, request: PageRequest): Promise<Result<Page<Instance>, InvalidNextToken>> {
    const pk = instancesOfAccount(accountId);
    const out = await this.table.page(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        partition: { attribute: 'gsi1pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(instanceFromItem) }) : err(invalidNextToken());
  }

  async create(instance: Instance, order: Order, purchased: Task): Promise<void> {
    const out = await this.table.transact([
      { Put: { Item: instanceItem(instance), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: orderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: taskItem(purchased), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: billableItem(instance, order) } },
    ]);
    // Ids are 130 random bits: a collision is a broken generator, not an outcome.
    if (!out.ok) throw new Error(`instance ${instance.id} or order ${order.id} already exists`);
  }

  async update(instance: Instance, expectedVersion: number): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.put({
      Item: instanceItem(instance),
      ConditionExpression: 'v = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    });
    return out.ok ? ok(undefined) : err(concurrentModification(`Instance ${instance.id}`));
  }

  async release(instance: Instance, expectedVersion: number, order: Order): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      { Put: { Item: instanceItem(instance), ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } } },
      { Put: { Item: orderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
      billableReleased(instance),
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Instance ${instance.id}`));
  }

  async listOrders(instanceId: InstanceId): Promise<readonly Order[]> {
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': instancePk(instanceId), ':prefix': ORDER_PREFIX },
      ConsistentRead: true,
    });
    // Order ids are random: sort by time, and a purchase before a release made in the same millisecond.
    return items.map((i) => strip(i) as Order).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || ORDER_RANK[a.type] - ORDER_RANK[b.type]);
  }
}
