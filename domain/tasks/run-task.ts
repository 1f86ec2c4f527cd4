import type { Clock } from '../shared/clock';
import type { Failure, Result } from '../shared/result';
import type { TaskRepository } from './ports';
import { finishTask, isFinished, recordAttempt, type TaskRef, type TaskType, type TaskWork } from './task';

/** One handler per kind of work. A returned failure is final; a thrown error is retried. */
export type TaskHandlers = {
  readonly [K in TaskWork['type']]: (work: Extract<TaskWork, { type: K }>) => Promise<Result<void, Failure>>;
};

export type RunOutcome = 'succeeded' | 'failed' | 'skipped' | 'retry';

/**
 * Runs the task a message points at. Level-triggered and idempotent: a missing or finished task is
 * skipped, so duplicates and replays are harmless. On the last delivery a thrown error becomes a
 * recorded failure, so no task stays `InProgress` after its message is dead-lettered.
 */
export const runTask = async (
  ports: { readonly tasks: TaskRepository; readonly clock: Clock; readonly handlers: TaskHandlers },
  ref: TaskRef,
  delivery: { readonly receiveCount: number; readonly maxReceiveCount: number },
): Promise<{ outcome: RunOutcome; type?: TaskType; error?: unknown }> => {
  const task = await ports.tasks.get(ref.scope, ref.taskId);
  if (!task) return { outcome: 'skipped' };
  if (isFinished(task)) return { outcome: 'skipped', type: task.work.type };
  const type = task.work.type;
  const handler = ports.handlers[type] as (work: TaskWork) => Promise<Result<void, Failure>>;
  let result: Result<void, Failure>;
  try {
    result = await handler(task.work);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const last = delivery.receiveCount >= delivery.maxReceiveCount;
    const next = last
      ? finishTask(task, { ok: false, reason: `Gave up after ${delivery.receiveCount} attempts: ${reason}` }, ports.clock.now())
      : recordAttempt(task, reason, ports.clock.now());
    await ports.tasks.save(next, task.version);
    return { outcome: last ? 'failed' : 'retry', type, error };
  }
  const finished = finishTask(task, result.ok ? { ok: true } : { ok: false, reason: result.error.message }, ports.clock.now());
  const saved = await ports.tasks.save(finished, task.version);
  // Another delivery finished it first: nothing left to do.
  if (!saved.ok) return { outcome: 'skipped', type };
  return { outcome: result.ok ? 'succeeded' : 'failed', type };
};

/** Capped exponential backoff between deliveries: 5 s, 10 s, 20 s, 40 s, … at most 5 minutes. */
export const retryDelaySeconds = (receiveCount: number): number => Math.min(300, 5 * 2 ** Math.max(0, receiveCount - 1));
