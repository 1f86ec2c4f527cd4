import type { Clock } from '../shared/clock';
import type { TaskQueue, TaskRepository } from './ports';

/** A task untouched this long is presumed to have lost its message. */
export const STALE_AFTER_MS = 5 * 60 * 1000;
const BATCH = 100;

/**
 * Re-sends unfinished tasks that have not moved for a while: the safety net for a crash between the
 * task's write and its message's send. Harmless when the message was merely slow: runs are idempotent.
 */
export const sweepTasks = async (
  ports: { readonly tasks: TaskRepository; readonly taskQueue: TaskQueue; readonly clock: Clock },
  options: { readonly staleAfterMs?: number; readonly limit?: number } = {},
): Promise<{ resent: number }> => {
  const before = new Date(ports.clock.now().getTime() - (options.staleAfterMs ?? STALE_AFTER_MS));
  const refs = await ports.tasks.listStale(before, options.limit ?? 1000);
  for (let i = 0; i < refs.length; i += BATCH) await ports.taskQueue.enqueue(refs.slice(i, i + BATCH));
  return { resent: refs.length };
};
