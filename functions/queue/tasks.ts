import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { retryDelaySeconds, runTask } from '../../domain/tasks/run-task';
import { errorFields } from '../../adapters/log/json-logger';
import { QUEUES } from '../../events/queues';
import { TaskReadyEvent, toTaskRef } from '../../events/task-ready';
import { container, type Container } from '../wire';
import { processBatch } from './batch';

/** Consumes `task.ready` messages: each names a task, which is run and its outcome recorded. */
export const createTasksHandler =
  (deps: () => Container) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const c = deps();
    return processBatch(event, c.logger, async (record) => {
      // A body that is not a task.ready event can never succeed: it fails every time and so ends
      // in the dead-letter queue, where the error log above explains it.
      const parsed = TaskReadyEvent.safeParse(JSON.parse(record.body));
      if (!parsed.success) throw new Error(`not a task.ready event: ${parsed.error.issues[0]?.message}`);
      const result = await runTask(
        { tasks: c.tasks, clock: c.clock, handlers: c.taskHandlers },
        toTaskRef(parsed.data),
        { receiveCount: Number(record.attributes.ApproximateReceiveCount), maxReceiveCount: QUEUES.tasks.maxReceiveCount },
      );
      c.logger.log('info', 'task run', { taskId: parsed.data.taskId, outcome: result.outcome });
      if (result.outcome === 'retry') {
        // Back off before the next delivery; if that fails, the queue's own timeout still applies.
        const seconds = retryDelaySeconds(Number(record.attributes.ApproximateReceiveCount));
        await c.taskRetryDelay.delay(record.receiptHandle, seconds).catch((error) => c.logger.log('warn', 'retry backoff not set', errorFields(error)));
      }
      // A thrown error is reported even on the last delivery (the task is already marked Failed), so
      // SQS moves the message to the dead-letter queue, where operators see what gave up.
      if (result.outcome === 'retry' || (result.outcome === 'failed' && result.error !== undefined)) throw result.error;
    });
  };

export const handler = createTasksHandler(container);
