import type { TaskId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Task, TaskRef, TaskScope, TaskStatus, TaskType } from './task';

export type TaskFilter = {
  readonly status?: TaskStatus | undefined;
  readonly type?: TaskType | undefined;
  readonly principalId?: string | undefined;
  readonly targetId?: string | undefined;
  readonly accessConfigurationId?: string | undefined;
};

/**
 * Tasks are created inside the transaction of the change that needs them (see each area's
 * repository), so this port only reads and advances them.
 */
export interface TaskRepository {
  get(scope: TaskScope, id: TaskId): Promise<Task | undefined>;
  /** Writes the task if its stored version is still `expectedVersion`. */
  save(task: Task, expectedVersion: number): Promise<Result<void, ConcurrentModification>>;
  /** Writes a task that stands alone (a request for work with no other change to make atomic). */
  create(task: Task): Promise<void>;
  /** Newest first, narrowed by `filter` (every field given must match). */
  list(scope: TaskScope, page: PageRequest, filter?: TaskFilter): Promise<Result<Page<Task>, InvalidNextToken>>;
  /** Unfinished tasks last touched before `before`, across all tenants, for the sweeper. */
  listStale(before: Date, limit: number): Promise<readonly TaskRef[]>;
}

/** Hands task references to the workers (SQS in AWS, an in-process queue locally). */
export interface TaskQueue {
  enqueue(refs: readonly TaskRef[]): Promise<void>;
}

/**
 * Spaces out retries of a failed delivery (SQS ChangeMessageVisibility): the message comes back after
 * `seconds` rather than after the queue's fixed visibility timeout.
 */
export interface TaskRetryDelay {
  delay(receiptHandle: string, seconds: number): Promise<void>;
}
