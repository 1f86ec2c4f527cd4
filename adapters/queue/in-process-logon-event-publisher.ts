import type { LogonEventPublisher } from '../../domain/ciam/hosted-ports';
import { LogonSucceeded } from '../../events/logon-succeeded';
import type { InProcessQueue } from '../local/in-process-queue';

/** The local stand-in for SqsLogonEventPublisher: the same message body, onto the in-process metering queue. */
export class InProcessLogonEventPublisher implements LogonEventPublisher {
  constructor(private readonly queue: InProcessQueue) {}

  async publish(event: LogonSucceeded): Promise<void> {
    this.queue.send([JSON.stringify(LogonSucceeded.parse(event))]);
  }
}
