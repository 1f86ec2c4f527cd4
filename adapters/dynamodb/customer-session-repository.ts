import type { CustomerSession } from '../../domain/ciam/customer-session';
import type { CustomerSessionRepository } from '../../domain/ciam/hosted-ports';
import type { Clock } from '../../domain/shared/clock';
import type { CustomerId, InstanceId } from '../../domain/shared/ids';
import { customerSessionKey, GSI1, sessionsOfCustomer } from './keys';
import type { Item, Table } from './table';

const toItem = (s: CustomerSession): Item => ({
  ...customerSessionKey(s.instanceId, s.idHash),
  kind: 'CustomerSession',
  gsi1pk: sessionsOfCustomer(s.instanceId, s.customerId),
  gsi1sk: s.createdAt,
  ...s,
  // DynamoDB deletes expired items late: reads check `expiresAt` themselves.
  ttl: Math.ceil(new Date(s.expiresAt).getTime() / 1000),
});

/** One item per session, its own partition; gsi1 lists a customer's sessions to end them all. */
export class DynamoCustomerSessionRepository implements CustomerSessionRepository {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async create(session: CustomerSession): Promise<void> {
    // The session completes a logon: the logon's audit record is written with it.
    const out = await this.table.put({ Item: toItem(session), ConditionExpression: 'attribute_not_exists(pk)' }, { as: 'session-write', actor: { type: 'Customer', id: session.customerId } });
    if (!out.ok) throw new Error('customer session id collision');
  }

  async get(instanceId: InstanceId, idHash: string): Promise<CustomerSession | undefined> {
    const item = await this.table.get(customerSessionKey(instanceId, idHash));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, kind: _k, gsi1pk: _g, gsi1sk: _s, ttl: _t, ...session } = item;
    const s = session as CustomerSession;
    return new Date(s.expiresAt).getTime() > this.clock.now().getTime() ? s : undefined;
  }

  async update(session: CustomerSession): Promise<void> {
    await this.table.put({ Item: toItem(session), ConditionExpression: 'attribute_exists(pk)' }, { as: 'session-write', actor: { type: 'Customer', id: session.customerId } });
  }

  async delete(instanceId: InstanceId, idHash: string): Promise<void> {
    await this.table.delete({ Key: customerSessionKey(instanceId, idHash) });
  }

  async deleteAllFor(instanceId: InstanceId, customerId: CustomerId): Promise<number> {
    const sessions = await this.table.all({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': sessionsOfCustomer(instanceId, customerId) },
    });
    await Promise.all(sessions.map((s) => this.table.delete({ Key: { pk: s.pk as string, sk: s.sk as string } })));
    return sessions.length;
  }
}
