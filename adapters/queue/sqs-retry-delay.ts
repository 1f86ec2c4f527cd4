import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TaskRetryDelay } from '../../domain/tasks/ports';

/** Backoff for SQS: the failed message stays invisible for the delay instead of the queue's timeout. */
export class SqsRetryDelay implements TaskRetryDelay {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: Math.round(seconds) }));
  }
}
