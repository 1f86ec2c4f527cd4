import { z } from 'zod';
import type { TaskRef } from '../domain/tasks/task';

/** The message on the tasks queue: only "look at task X". The task item holds the work. */
export const TaskReadyEvent = z.strictObject({
  type: z.literal('task.ready'),
  version: z.literal(1),
  scope: z.strictObject({ kind: z.enum(['resourceDirectory', 'directory', 'instance']), id: z.string().min(1).max(64) }),
  taskId: z.string().min(1).max(64),
});
export type TaskReadyEvent = z.infer<typeof TaskReadyEvent>;

export const taskReadyEvent = (ref: TaskRef): TaskReadyEvent => ({
  type: 'task.ready',
  version: 1,
  scope: ref.scope,
  taskId: ref.taskId,
});

export const toTaskRef = (event: TaskReadyEvent): TaskRef => event as unknown as TaskRef;
