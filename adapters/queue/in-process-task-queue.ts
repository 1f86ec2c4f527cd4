import type { TaskQueue } from '../../domain/tasks/ports';
import type { TaskRef } from '../../domain/tasks/task';
import { taskReadyEvent } from '../../events/task-ready';
import type { InProcessQueue } from '../local/in-process-queue';

/** The local stand-in for SqsTaskQueue: the same message bodies, into an in-process queue. */
export class InProcessTaskQueue implements TaskQueue {
  constructor(private readonly queue: InProcessQueue) {}

  async enqueue(refs: readonly TaskRef[]): Promise<void> {
    this.queue.send(refs.map((ref) => JSON.stringify(taskReadyEvent(ref))));
  }
}
