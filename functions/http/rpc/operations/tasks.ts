import { z } from 'zod';
import { getAccessTask, listAccessTasks } from '../../../../domain/access/provisioning-use-cases';
import { byPrincipal } from '../../../../domain/directory/actor';
import type { TaskId } from '../../../../domain/shared/ids';
import { ok } from '../../../../domain/shared/result';
import type { Task } from '../../../../domain/tasks/task';
import { presentAccessTask } from '../../cloudsso/access';
import { operation } from '../rpc-operation';
import { pop } from '../rpc-params';
import { pageOf, pagingOf } from '../rpc-paging';
import { DirectoryIdParam } from './directory';

/**
 * Task types in CloudSSO's words. Atrium re-provisions every account of a changed configuration in one
 * task (its auto re-provisioning); CloudSSO calls that work a provisioning. Kinds of Atrium's own with
 * no CloudSSO counterpart (a group's memberships purged, SAML providers re-written) keep their names.
 */
const TASK_TYPES: Readonly<Record<string, string>> = {
  CreateAccessAssignment: 'CreateAccessAssignment',
  DeleteAccessAssignment: 'DeleteAccessAssignment',
  ProvisionAccessConfiguration: 'ProvisionAccessConfiguration',
  DeprovisionAccessConfiguration: 'DeprovisionAccessConfiguration',
  ReprovisionAccessConfiguration: 'ProvisionAccessConfiguration',
};
const taskType = (type: string) => TASK_TYPES[type] ?? type;

/** CloudSSO returns FailureReason only for a failed task; Atrium keeps the last retry's reason on one still running. */
const failureOf = (t: { status: string; failureReason?: string | undefined }) =>
  t.status === 'Failed' && t.failureReason ? { FailureReason: t.failureReason } : {};

type PresentedTask = ReturnType<typeof presentAccessTask>;

/** GetTaskStatus's `TaskStatus`: what a task is and how it stands. */
const statusOf = (t: PresentedTask) => ({
  TaskId: t.taskId,
  TaskType: taskType(t.taskType),
  Status: t.status,
  StartTime: t.startTime,
  ...(t.endTime ? { EndTime: t.endTime } : {}),
  ...failureOf(t),
});

/** A task as CloudSSO shows it (`Task` of GetTask and CreateAccessAssignment, items of `Tasks`), read through the REST presenter. */
export const popTask = (task: Task) => {
  const t = presentAccessTask(task);
  return {
    ...statusOf(t),
    ...(t.accessConfigurationId ? { AccessConfigurationId: t.accessConfigurationId, AccessConfigurationName: t.accessConfigurationName } : {}),
    ...(t.targetType ? { TargetType: t.targetType, TargetId: t.targetId, TargetName: t.targetName } : {}),
    ...(t.principalType ? { PrincipalType: t.principalType, PrincipalId: t.principalId, PrincipalName: t.principalName } : {}),
  };
};

const TaskParams = { ...DirectoryIdParam, TaskId: pop.id<TaskId>() };

/** The directory's provisioning tasks: GetTask, GetTaskStatus, ListTasks. */
export const taskOperations = [
  operation({
    action: 'GetTask',
    params: z.object(TaskParams),
    run: async ({ deps, principal }, p) => {
      const out = await getAccessTask(deps, byPrincipal(principal), p.DirectoryId, p.TaskId);
      return out.ok ? ok({ Task: popTask(out.value) }) : out;
    },
  }),
  operation({
    action: 'GetTaskStatus',
    params: z.object(TaskParams),
    run: async ({ deps, principal }, p) => {
      const out = await getAccessTask(deps, byPrincipal(principal), p.DirectoryId, p.TaskId);
      return out.ok ? ok({ TaskStatus: statusOf(presentAccessTask(out.value)) }) : out;
    },
  }),
  operation({
    // Types only name which id is given (CloudSSO filters by both); the ids are what the tasks record.
    action: 'ListTasks',
    params: z.object({
      ...DirectoryIdParam,
      ...pop.paging(),
      Status: z.enum(['InProgress', 'Success', 'Failed']).optional(),
      TaskType: z.enum(['CreateAccessAssignment', 'DeleteAccessAssignment', 'ProvisionAccessConfiguration', 'DeprovisionAccessConfiguration']).optional(),
      AccessConfigurationId: pop.string(64).optional(),
      PrincipalType: z.enum(['User', 'Group']).optional(),
      PrincipalId: pop.string(64).optional(),
      TargetType: z.enum(['RD-Account', 'RD-Folder']).optional(),
      TargetId: pop.string(64).optional(),
      Filter: pop.unsupported('filter expressions are not supported; tasks of the last 90 days are listed, newest first'),
    }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const filter = { status: p.Status, type: p.TaskType, principalId: p.PrincipalId, targetId: p.TargetId, accessConfigurationId: p.AccessConfigurationId };
      const out = await listAccessTasks(deps, byPrincipal(principal), p.DirectoryId, filter, page);
      if (!out.ok) return out;
      return ok({ Tasks: out.value.items.map(popTask), ...pagingOf(out.value, page) });
    },
  }),
];
