import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LogonEventPublisher } from '../../domain/ciam/hosted-ports';
import { LogonSucceeded } from '../../events/logon-succeeded';

/** Puts `logon.succeeded` on the metering queue; the schema is checked before it leaves. */
export class SqsLogonEventPublisher implements LogonEventPublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async publish(event: LogonSucceeded): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(LogonSucceeded.parse(event)) }));
  }
}
