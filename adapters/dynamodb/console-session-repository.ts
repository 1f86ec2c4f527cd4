import type { ConsoleSession } from '../../domain/console/console-session';
import type { ConsoleSessionRepository } from '../../domain/console/ports';
import type { Clock } from '../../domain/shared/clock';
import { consoleSessionKey } from './keys';
import type { Table } from './table';

export class DynamoConsoleSessionRepository implements ConsoleSessionRepository {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async create(session: ConsoleSession): Promise<void> {
    const out = await this.table.put({
      Item: { ...consoleSessionKey(session.idHash), kind: 'ConsoleSession', ...session, ttl: Math.ceil(Date.parse(session.expiresAt) / 1000) },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    if (!out.ok) throw new Error('console session id collision');
  }

  async get(idHash: string): Promise<ConsoleSession | undefined> {
    const item = await this.table.get(consoleSessionKey(idHash));
    if (!item) return undefined;
    const session: ConsoleSession = {
      idHash: String(item.idHash),
      keySecretHash: String(item.keySecretHash),
      csrfToken: String(item.csrfToken),
      createdAt: String(item.createdAt),
      expiresAt: String(item.expiresAt),
    };
    // DynamoDB reaps expired items late: the read decides.
    return Date.parse(session.expiresAt) > this.clock.now().getTime() ? session : undefined;
  }

  async delete(idHash: string): Promise<void> {
    await this.table.delete({ Key: consoleSessionKey(idHash) });
  }
}
