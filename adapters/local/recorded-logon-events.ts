import type { LogonEventPublisher } from '../../domain/ciam/hosted-ports';
import { LogonSucceeded } from '../../events/logon-succeeded';

/**
 * Tests' stand-in for the metering queue, to assert on what a logon published: the events, newest
 * first, bounded, checked against the schema as the SQS publisher checks them. (The local stack meters
 * for real: InProcessLogonEventPublisher feeds the metering consumer.)
 */
export class RecordedLogonEvents implements LogonEventPublisher {
  private readonly events: LogonSucceeded[] = [];

  constructor(private readonly capacity = 1000) {}

  async publish(event: LogonSucceeded): Promise<void> {
    this.events.unshift(LogonSucceeded.parse(event));
    if (this.events.length > this.capacity) this.events.length = this.capacity;
  }

  list(): readonly LogonSucceeded[] {
    return [...this.events];
  }
}
