import type { TaskRetryDelay } from '../../domain/tasks/ports';
import type { InProcessQueue } from '../local/in-process-queue';

/** Backoff for the in-process queue; `msPerSecond` shrinks the delays for tests. */
export class InProcessRetryDelay implements TaskRetryDelay {
  constructor(
    private readonly queue: InProcessQueue,
    private readonly msPerSecond = 1_000,
  ) {}

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    this.queue.changeVisibility(receiptHandle, seconds * this.msPerSecond);
  }
}
