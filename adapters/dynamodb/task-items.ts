import type { TaskId } from '../../domain/shared/ids';
import { isFinished, type Task, type TaskScope, type TaskWork } from '../../domain/tasks/task';
import { openTaskShardOf, openTasksShard, scopeKey, taskKey } from './keys';
import type { Item } from './table';

/** Finished tasks are kept 90 days (CloudSSO keeps 7), then DynamoDB's TTL reaps them. */
export const TASK_RETENTION_DAYS = 90;

/** Finished tasks leave the open-task index (it is sparse), so the sweeper reads only live work. */
export const taskItem = (t: Task): Item => ({
  ...taskKey(t.scope, t.id),
  kind: 'Task',
  ...(isFinished(t)
    ? {}
    : { gsi1pk: openTasksShard(openTaskShardOf(t.id)), gsi1sk: `${t.updatedAt}#${scopeKey(t.scope)}#${t.id}` }),
  scope: t.scope,
  id: t.id,
  work: t.work,
  status: t.status,
  attempts: t.attempts,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  finishedAt: t.finishedAt,
  failureReason: t.failureReason,
  ...(t.finishedAt ? { ttl: Math.floor(Date.parse(t.finishedAt) / 1000) + TASK_RETENTION_DAYS * 86_400 } : {}),
  v: t.version,
});

export const taskFromItem = (i: Item): Task => ({
  scope: i.scope as TaskScope,
  id: i.id as TaskId,
  work: i.work as TaskWork,
  status: i.status as Task['status'],
  attempts: i.attempts as number,
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
  ...(i.finishedAt ? { finishedAt: i.finishedAt as string } : {}),
  ...(i.failureReason ? { failureReason: i.failureReason as string } : {}),
  version: i.v as number,
});
