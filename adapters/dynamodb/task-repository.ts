import type { Clock } from '../../domain/shared/clock';
import type { TaskId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import {
  concurrentModification,
  invalidNextToken,
  type ConcurrentModification,
  type InvalidNextToken,
} from '../../domain/shared/store-outcomes';
import type { TaskFilter, TaskRepository } from '../../domain/tasks/ports';
import type { Task, TaskRef, TaskScope } from '../../domain/tasks/task';
import { GSI1, openTasksShard, scopeKey, TASK_PREFIX, TASK_SHARDS, taskKey } from './keys';
import type { Table } from './table';
import { taskFromItem, taskItem } from './task-items';

export class DynamoTaskRepository implements TaskRepository {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async get(scope: TaskScope, id: TaskId): Promise<Task | undefined> {
    const item = await this.table.get(taskKey(scope, id));
    // DynamoDB reaps expired items within days, not at once (and the local engine may never).
    return item && !this.isExpired(item) ? taskFromItem(item) : undefined;
  }

  async create(task: Task): Promise<void> {
    await this.table.put({ Item: taskItem(task), ConditionExpression: 'attribute_not_exists(pk)' });
  }

  async save(task: Task, expectedVersion: number): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.put({
      Item: taskItem(task),
      ConditionExpression: 'v = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    });
    return out.ok ? ok(undefined) : err(concurrentModification(`Task ${task.id}`));
  }

  /** Newest first: task ids are ULIDs, so the sort key orders by creation time. */
  async list(scope: TaskScope, request: PageRequest, filter: TaskFilter = {}): Promise<Result<Page<Task>, InvalidNextToken>> {
    const pk = scopeKey(scope);
    const conditions = ['(attribute_not_exists(#ttl) OR #ttl > :now)'];
    const names: Record<string, string> = { '#ttl': 'ttl' };
    const values: Record<string, unknown> = { ':pk': pk, ':prefix': TASK_PREFIX, ':now': Math.floor(this.clock.now().getTime() / 1000) };
    const match = (path: string[], value: string | undefined, name: string) => {
      if (value === undefined) return;
      path.forEach((part) => (names[`#${part}`] = part));
      values[`:${name}`] = value;
      conditions.push(`${path.map((p) => `#${p}`).join('.')} = :${name}`);
    };
    match(['status'], filter.status, 'status');
    match(['work', 'type'], filter.type, 'type');
    match(['work', 'principal', 'id'], filter.principalId, 'principal');
    match(['work', 'target', 'id'], filter.targetId, 'target');
    match(['work', 'accessConfigurationId'], filter.accessConfigurationId, 'ac');
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    if (!out.ok) return err(invalidNextToken());
    return ok({ ...out.page, items: out.page.items.map(taskFromItem) });
  }

  async listStale(before: Date, limit: number): Promise<readonly TaskRef[]> {
    const perShard = await Promise.all(
      Array.from({ length: TASK_SHARDS }, (_, shard) =>
        this.table.page(
          {
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
            ExpressionAttributeValues: { ':pk': openTasksShard(shard), ':before': before.toISOString() },
            partition: { attribute: 'gsi1pk', value: openTasksShard(shard) },
          },
          { limit: Math.max(1, Math.ceil(limit / TASK_SHARDS)) },
        ),
      ),
    );
    return perShard.flatMap((out) =>
      out.ok ? out.page.items.map((i) => ({ scope: i.scope as TaskScope, taskId: i.id as TaskId })) : [],
    );
  }

  private isExpired(item: Record<string, unknown>) {
    return typeof item.ttl === 'number' && item.ttl * 1000 <= this.clock.now().getTime();
  }
}
