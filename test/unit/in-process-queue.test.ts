import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../adapters/local/in-process-queue';

const queue = (overrides: Partial<ConstructorParameters<typeof InProcessQueue>[0]> = {}) =>
  new InProcessQueue({ name: 'q', visibilityTimeoutMs: 5, maxReceiveCount: 3, batchSize: 10, ...overrides });

describe('in-process queue', () => {
  it('delivers SQS-shaped batches to the handler', async () => {
    const q = queue();
    const events: SQSEvent[] = [];
    q.consume(async (event) => void events.push(event));
    q.send(['a', 'b']);
    await q.idle();
    expect(events).toHaveLength(1);
    const record = events[0]!.Records[0]!;
    expect(record).toMatchObject({ body: 'a', eventSource: 'aws:sqs', attributes: { ApproximateReceiveCount: '1' } });
    expect(record.messageId).toMatch(/[0-9a-f-]{36}/);
  });

  it('redelivers only the items a handler reports failed, after the visibility timeout', async () => {
    const q = queue();
    const seen: string[] = [];
    q.consume(async (event) => {
      const failures = [];
      for (const r of event.Records) {
        seen.push(`${r.body}#${r.attributes.ApproximateReceiveCount}`);
        if (r.body === 'flaky' && r.attributes.ApproximateReceiveCount === '1') failures.push({ itemIdentifier: r.messageId });
      }
      return { batchItemFailures: failures };
    });
    q.send(['ok', 'flaky']);
    await q.idle();
    expect(seen).toEqual(['ok#1', 'flaky#1', 'flaky#2']);
    expect(q.deadLetters()).toHaveLength(0);
  });

  it('dead-letters a message after maxReceiveCount failed receives, and redrives it', async () => {
    const q = queue();
    let receives = 0;
    let healthy = false;
    q.consume(async () => {
      receives += 1;
      if (!healthy) throw new Error('broken consumer');
    });
    q.send(['poison']);
    await q.idle();
    expect(receives).toBe(3);
    expect(q.deadLetters()).toMatchObject([{ body: 'poison', receiveCount: 3 }]);
    healthy = true;
    expect(q.redrive()).toBe(1);
    await q.idle();
    expect(q.deadLetters()).toHaveLength(0);
    expect(receives).toBe(4);
  });

  it('keeps a failed message invisible for the visibility timeout', async () => {
    const q = queue({ visibilityTimeoutMs: 200, maxReceiveCount: 2 });
    const at: number[] = [];
    q.consume(async (event) => {
      at.push(Date.now());
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    q.send(['x']);
    await q.idle();
    expect(at).toHaveLength(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(190);
  });
});
