import type { TaskId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import {
  concurrentModification,
  invalidNextToken,
  type ConcurrentModification,
  type InvalidNextToken,
} from '../../domain/shared/store-outcomes';
import type { TaskRepository } from '../../domain/tasks/ports';
import type { Task, TaskRef, TaskScope } from '../../domain/tasks/task';
import { GSI1, openTasksShard, scopeKey, TASK_PREFIX, TASK_SHARDS, taskKey } from './keys';
import type { Table } from './table';
import { taskFromItem, taskItem } from './task-items';

export class DynamoTaskRepository implements TaskRepository {
  constructor(private readonly table: Table) {}

  async get(scope: TaskScope, id: TaskId): Promise<Task | undefined> {
    const item = await this.table.get(taskKey(scope, id));
    return item ? taskFromItem(item) : undefined;
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
  async list(scope: TaskScope, request: PageRequest): Promise<Result<Page<Task>, InvalidNextToken>> {
    const pk = scopeKey(scope);
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': TASK_PREFIX },
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
}
