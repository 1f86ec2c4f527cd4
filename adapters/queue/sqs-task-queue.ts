import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TaskQueue } from '../../domain/tasks/ports';
import type { TaskRef } from '../../domain/tasks/task';
import { taskReadyEvent } from '../../events/task-ready';

const SQS_BATCH = 10;

/** Publishes task references to SQS, ten per request, and fails loudly on any entry SQS refused. */
export class SqsTaskQueue implements TaskQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(refs: readonly TaskRef[]): Promise<void> {
    for (let i = 0; i < refs.length; i += SQS_BATCH) {
      const batch = refs.slice(i, i + SQS_BATCH);
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((ref, n) => ({ Id: String(n), MessageBody: JSON.stringify(taskReadyEvent(ref)) })),
        }),
      );
      // The tasks are durable already; a refused send is re-sent by the sweeper, but say so.
      if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} task messages: ${out.Failed[0]?.Message}`);
    }
  }
}
