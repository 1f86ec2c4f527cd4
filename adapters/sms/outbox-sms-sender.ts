import type { SmsSender } from '../../domain/ciam/one-time-code-ports';
import type { Clock } from '../../domain/shared/clock';

export type OutboxMessage = { readonly to: string; readonly text: string; readonly sentAt: string };

/**
 * The local stand-in for an SMS gateway: messages are kept in memory, newest first, for a developer (or
 * a test) to read the code from. Bounded, so a long-running dev server does not grow without end.
 * Never wire it in production: anyone who can read the outbox can read every code.
 */
export class OutboxSmsSender implements SmsSender {
  private readonly messages: OutboxMessage[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 200,
  ) {}

  async send(message: { readonly to: string; readonly text: string }): Promise<void> {
    this.messages.unshift({ to: message.to, text: message.text, sentAt: this.clock.now().toISOString() });
    if (this.messages.length > this.capacity) this.messages.length = this.capacity;
  }

  /** Newest first; only those sent to `to` when given. A copy: callers cannot change the outbox. */
  list(filter: { readonly to?: string | undefined } = {}): readonly OutboxMessage[] {
    return filter.to === undefined ? [...this.messages] : this.messages.filter((m) => m.to === filter.to);
  }
}
