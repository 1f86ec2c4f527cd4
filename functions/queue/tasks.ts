import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { retryDelaySeconds, runTask, type RunOutcome } from '../../domain/tasks/run-task';
import { errorFields } from '../../adapters/log/json-logger';
import { QUEUES } from '../../events/queues';
import { TaskReadyEvent, toTaskRef } from '../../events/task-ready';
import { invocationLogger, tenantField, type InvocationContext } from '../invocation-logger';
import { container, type Container } from '../wire';
import { processBatch } from './batch';

/** The `Status` dimension of the `Tasks` metric: the run's outcome, or `Invalid` for a message that names no task. */
const STATUS: Record<RunOutcome, string> = { succeeded: 'Succeeded', failed: 'Failed', skipped: 'Skipped', retry: 'Retry' };

const parse = (body: string) => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { success: false as const, reason: 'the body is not JSON' };
  }
  const parsed = TaskReadyEvent.safeParse(json);
  return parsed.success ? parsed : { success: false as const, reason: parsed.error.issues[0]?.message ?? 'invalid' };
};

/** A task message's tenant (its scope), for its log lines, when the body says it. */
const tenantOf = (record: SQSRecord) => {
  const parsed = parse(record.body);
  return parsed.success ? { ...tenantField(parsed.data.scope.kind, parsed.data.scope.id), taskId: parsed.data.taskId } : undefined;
};

/** Consumes `task.ready` messages: each names a task, which is run and its outcome recorded. */
export const createTasksHandler =
  (deps: () => Container) =>
  async (event: SQSEvent, context?: InvocationContext): Promise<SQSBatchResponse> => {
    const c = deps();
    const logger = invocationLogger(c.logger, context, { queue: 'tasks' });
    return processBatch(event, { logger, metrics: c.metrics, queue: 'tasks', describe: tenantOf }, async (record, log) => {
      // A body that is not a task.ready event can never succeed: it fails every time and so ends
      // in the dead-letter queue, where the error log above explains it.
      const parsed = parse(record.body);
      if (!parsed.success) {
        c.metrics.record('Tasks', 1, 'Count', { Type: 'Unknown', Status: 'Invalid' });
        throw new Error(`not a task.ready event: ${parsed.reason}`);
      }
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      let result: Awaited<ReturnType<typeof runTask>>;
      try {
        result = await runTask({ tasks: c.tasks, clock: c.clock, handlers: c.taskHandlers }, toTaskRef(parsed.data), {
          receiveCount,
          maxReceiveCount: QUEUES.tasks.maxReceiveCount,
        });
      } catch (error) {
        // The store failed before the outcome was known: SQS delivers the message again.
        c.metrics.record('Tasks', 1, 'Count', { Type: 'Unknown', Status: 'Retry' });
        throw error;
      }
      c.metrics.record('Tasks', 1, 'Count', { Type: result.type ?? 'Unknown', Status: STATUS[result.outcome] });
      log.log('info', 'task run', { taskType: result.type, outcome: result.outcome, receiveCount });
      if (result.outcome === 'retry') {
        // Back off before the next delivery; if that fails, the queue's own timeout still applies.
        const seconds = retryDelaySeconds(receiveCount);
        await c.taskRetryDelay.delay(record.receiptHandle, seconds).catch((error) => log.log('warn', 'retry backoff not set', errorFields(error)));
      }
      // A thrown error is reported even on the last delivery (the task is already marked Failed), so
      // SQS moves the message to the dead-letter queue, where operators see what gave up.
      if (result.outcome === 'retry' || (result.outcome === 'failed' && result.error !== undefined)) throw result.error;
    });
  };

export const handler = createTasksHandler(container);
