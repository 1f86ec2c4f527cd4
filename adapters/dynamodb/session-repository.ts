import type { PortalSession } from '../../domain/logon/session';
import type { SessionRepository } from '../../domain/logon/portal-ports';
import type { Clock } from '../../domain/shared/clock';
import type { DirectoryId, UserId } from '../../domain/shared/ids';
import { GSI1, sessionKey, userSessionsPartition } from './keys';
import type { Item, Table } from './table';

const toItem = (s: PortalSession): Item => ({
  ...sessionKey(s.idHash),
  kind: 'Session',
  gsi1pk: userSessionsPartition(s.directoryId, s.userId),
  gsi1sk: s.createdAt,
  ...s,
  // DynamoDB deletes expired items late (up to days): reads check `expiresAt` themselves.
  ttl: Math.ceil(new Date(s.expiresAt).getTime() / 1000),
});

export class DynamoSessionRepository implements SessionRepository {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async create(session: PortalSession): Promise<void> {
    // The session completes a logon: the logon's audit record is written with it.
    const out = await this.table.put({ Item: toItem(session), ConditionExpression: 'attribute_not_exists(pk)' }, { as: 'session-write', actor: { type: 'User', id: session.userId } });
    if (!out.ok) throw new Error('session id collision');
  }

  async get(idHash: string): Promise<PortalSession | undefined> {
    const item = await this.table.get(sessionKey(idHash));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, kind: _k, gsi1pk: _g, gsi1sk: _s, ttl: _t, ...session } = item;
    const s = session as PortalSession;
    return new Date(s.expiresAt).getTime() > this.clock.now().getTime() ? s : undefined;
  }

  async update(session: PortalSession): Promise<void> {
    await this.table.put({ Item: toItem(session), ConditionExpression: 'attribute_exists(pk)' }, { as: 'session-write', actor: { type: 'User', id: session.userId } });
  }

  async delete(idHash: string): Promise<void> {
    await this.table.delete({ Key: sessionKey(idHash) });
  }

  async deleteAllForUser(directoryId: DirectoryId, userId: UserId): Promise<number> {
    const sessions = await this.table.all({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': userSessionsPartition(directoryId, userId) },
    });
    await Promise.all(sessions.map((s) => this.table.delete({ Key: { pk: s.pk as string, sk: s.sk as string } })));
    return sessions.length;
  }
}
