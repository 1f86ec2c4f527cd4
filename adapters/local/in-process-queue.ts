import { outsideAuditScope } from '../audit/audit-scope';
import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export type InProcessQueueOptions = {
  readonly name: string;
  readonly visibilityTimeoutMs: number;
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly onError?: (error: unknown) => void;
  /** A message has just been dead-lettered (the local stack counts them: `DeadLetterMessages`). */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
};

type Message = {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  visibleAt: number;
  firstReceivedAt?: number;
};

export type DeadLetter = {
  readonly messageId: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly deadLetteredAt: string;
};

/**
 * SQS semantics in process, for the local stack: at-least-once delivery in batches to the real queue
 * handler, SQS-shaped events, partial batch failures (`batchItemFailures`), a visibility timeout
 * before a failed message is seen again, and a dead-letter list once a message has been received
 * `maxReceiveCount` times without success.
 */
export class InProcessQueue {
  private readonly messages: Message[] = [];
  private readonly dead: DeadLetter[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private consumer: QueueConsumer | undefined;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: InProcessQueueOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** Attaches the handler (the function's exported `handler`) and starts delivering. */
  consume(consumer: QueueConsumer): void {
    this.consumer = consumer;
    this.schedule(0);
  }

  send(bodies: readonly string[]): void {
    const now = Date.now();
    for (const body of bodies) {
      this.messages.push({ messageId: randomUUID(), body, sentAt: now, receiveCount: 0, visibleAt: now });
    }
    this.schedule(0);
  }

  depth(): { visible: number; inFlight: number; delayed: number; deadLetters: number } {
    const now = Date.now();
    const visible = this.messages.filter((m) => m.visibleAt <= now).length;
    return { visible, inFlight: this.inFlight, delayed: this.messages.length - visible, deadLetters: this.dead.length };
  }

  /**
   * SQS ChangeMessageVisibility: the received message (named by its receipt handle) becomes visible
   * again after `delayMs` instead of after the queue's visibility timeout. Stale handles do nothing.
   */
  changeVisibility(receiptHandle: string, delayMs: number): void {
    const m = this.messages.find((candidate) => `${candidate.messageId}#${candidate.receiveCount}` === receiptHandle);
    if (m) m.visibleAt = Date.now() + delayMs;
  }

  deadLetters(): readonly DeadLetter[] {
    return [...this.dead];
  }

  /** Moves dead letters back onto the queue, as an SQS redrive does. */
  redrive(): number {
    const count = this.dead.length;
    this.send(this.dead.splice(0).map((d) => d.body));
    return count;
  }

  /** Resolves once nothing is queued or in flight (dead letters do not count). */
  idle(): Promise<void> {
    if (this.messages.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops delivering; waits for the batch in flight. Undelivered messages stay in memory only. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  }

  private schedule(delayMs: number): void {
    if (this.stopped || !this.consumer) return;
    if (this.timer) clearTimeout(this.timer);
    // A timer set while a request runs would run the consumer inside that request's audit scope.
    this.timer = outsideAuditScope(() => setTimeout(() => void this.pump(), Math.max(0, delayMs)));
    this.timer.unref?.();
  }

  private async pump(): Promise<void> {
    this.timer = undefined;
    if (this.stopped || !this.consumer) return;
    const now = Date.now();
    const batch: Message[] = [];
    for (const m of this.messages) {
      if (batch.length >= this.options.batchSize) break;
      if (m.visibleAt <= now) batch.push(m);
    }
    if (batch.length > 0) {
      for (const m of batch) {
        m.receiveCount += 1;
        m.firstReceivedAt ??= now;
        m.visibleAt = now + this.options.visibilityTimeoutMs;
      }
      this.inFlight += batch.length;
      const failed = await this.deliver(batch);
      this.inFlight -= batch.length;
      for (const m of batch) {
        if (failed.has(m.messageId)) {
          if (m.receiveCount >= this.options.maxReceiveCount) {
            this.remove(m);
            const letter: DeadLetter = {
              messageId: m.messageId,
              body: m.body,
              receiveCount: m.receiveCount,
              deadLetteredAt: new Date().toISOString(),
            };
            this.dead.push(letter);
            try {
              this.options.onDeadLetter?.(letter);
            } catch (error) {
              this.options.onError?.(error);
            }
          }
          // Otherwise it stays invisible until its visibility timeout passes.
        } else {
          this.remove(m);
        }
      }
    }
    this.afterPump();
  }

  private afterPump(): void {
    if (this.messages.length === 0 && this.inFlight === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    // Only in-flight messages left: the pump delivering them schedules the next round.
    if (this.messages.length === 0) return;
    const next = Math.min(...this.messages.map((m) => m.visibleAt));
    this.schedule(next - Date.now());
  }

  private async deliver(batch: readonly Message[]): Promise<Set<string>> {
    const event: SQSEvent = { Records: batch.map((m) => this.record(m)) };
    try {
      const response = await this.consumer!(event);
      return new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      // A handler that throws fails the whole batch, as Lambda does.
      this.options.onError?.(error);
      return new Set(batch.map((m) => m.messageId));
    }
  }

  private record(m: Message): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: `${m.messageId}#${m.receiveCount}`,
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(m.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${this.options.name}`,
      awsRegion: 'local',
    };
  }

  private remove(m: Message): void {
    const i = this.messages.indexOf(m);
    if (i >= 0) this.messages.splice(i, 1);
  }
}
