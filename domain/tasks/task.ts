import type { AccessPrincipal, AccessTarget } from '../access/access-assignment';
import type { AccessConfigurationId, AccountId, DirectoryId, GroupId, InstanceId, ResourceDirectoryId, TaskId } from '../shared/ids';

/** The tenant a task belongs to; its tasks are listed per scope. */
export type TaskScope =
  | { readonly kind: 'resourceDirectory'; readonly id: ResourceDirectoryId }
  | { readonly kind: 'directory'; readonly id: DirectoryId }
  | { readonly kind: 'instance'; readonly id: InstanceId };

/** What a task does. Each kind has one handler; add kinds here as capabilities land. */
export type TaskWork =
  | { readonly type: 'RemoveResourceAccount'; readonly accountId: AccountId }
  /** Deletes the memberships a deleted group left behind (a group may have 100,000). */
  | { readonly type: 'PurgeGroupMemberships'; readonly directoryId: DirectoryId; readonly groupId: GroupId }
  | AccessWork<'CreateAccessAssignment' | 'DeleteAccessAssignment', AccessTarget, AccessPrincipal>
  | AccessWork<'ProvisionAccessConfiguration' | 'DeprovisionAccessConfiguration', Extract<AccessTarget, { type: 'RD-Account' }>, undefined>
  /** Re-provisions every account an access configuration is provisioned in (directory setting). */
  | AccessWork<'ReprovisionAccessConfiguration', undefined, undefined>
  /** The directory's published IdP certificates changed (a rotation): re-write every account's SAML provider. */
  | { readonly type: 'UpdateSamlProviders'; readonly directoryId: DirectoryId }
  /** An account joined or moved between folders: converge what folder assignments give it. */
  | { readonly type: 'ReconcileAccountAccess'; readonly accountId: AccountId }
  /** The `instance.purchased` event, kept as a task in the purchase's transaction (an outbox): keys, then Running. */
  | { readonly type: 'InstancePurchased'; readonly instanceId: InstanceId };

/**
 * Access work (CloudSSO's task types). Every kind converges accounts to what the assignments say, so
 * the type records intent for the task list; names are kept for display, as the product shows them.
 */
type AccessWork<T extends string, Target, Principal> = T extends string
  ? {
      readonly type: T;
      readonly directoryId: DirectoryId;
      readonly accessConfigurationId: AccessConfigurationId;
      readonly accessConfigurationName: string;
    } & ([Target] extends [undefined] ? {} : { readonly target: Target; readonly targetName: string }) &
      ([Principal] extends [undefined] ? {} : { readonly principal: Principal; readonly principalName: string })
  : never;

export type TaskType = TaskWork['type'];
export type TaskStatus = 'InProgress' | 'Success' | 'Failed';

/**
 * A unit of asynchronous work. The task item is the source of truth: it is written in the same
 * transaction as the change that needs it, and queue messages only say "look at task X", so a lost
 * message is re-sent by the sweeper and a duplicate finds the task already finished.
 */
export type Task = {
  readonly scope: TaskScope;
  readonly id: TaskId;
  readonly work: TaskWork;
  readonly status: TaskStatus;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
  readonly failureReason?: string;
  readonly version: number;
};

/** The message a queue carries: only a reference, never the work itself. */
export type TaskRef = { readonly scope: TaskScope; readonly taskId: TaskId };

export const newTask = (scope: TaskScope, id: TaskId, work: TaskWork, now: Date): Task => {
  const at = now.toISOString();
  return { scope, id, work, status: 'InProgress', attempts: 0, createdAt: at, updatedAt: at, version: 1 };
};

export const taskRef = (task: Task): TaskRef => ({ scope: task.scope, taskId: task.id });

export const recordAttempt = (task: Task, reason: string, now: Date): Task => ({
  ...task,
  attempts: task.attempts + 1,
  failureReason: reason,
  updatedAt: now.toISOString(),
  version: task.version + 1,
});

export const finishTask = (task: Task, outcome: { ok: true } | { ok: false; reason: string }, now: Date): Task => {
  const at = now.toISOString();
  const base = { ...task, attempts: task.attempts + 1, updatedAt: at, finishedAt: at, version: task.version + 1 };
  if (outcome.ok) {
    const { failureReason: _dropped, ...rest } = base;
    return { ...rest, status: 'Success' };
  }
  return { ...base, status: 'Failed', failureReason: outcome.reason };
};

export const isFinished = (task: Task): boolean => task.status !== 'InProgress';
