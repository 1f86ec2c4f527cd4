import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InProcessQueue, type DeadLetter } from '../../adapters/local/in-process-queue';

describe('in-process queue: what the operational signals read', () => {
  it('sets SentTimestamp when sent and ApproximateFirstReceiveTimestamp at the first receive, kept on redelivery', async () => {
    const records: SQSRecord[] = [];
    const q = new InProcessQueue({ name: 'q', visibilityTimeoutMs: 30, maxReceiveCount: 3, batchSize: 10 });
    const before = Date.now();
    q.send(['late']);
    await new Promise((r) => setTimeout(r, 25));
    q.consume(async (event) => {
      records.push(...event.Records);
      return { batchItemFailures: records.length === 1 ? [{ itemIdentifier: event.Records[0]!.messageId }] : [] };
    });
    await q.idle();
    expect(records).toHaveLength(2);
    const [first, second] = records.map((r) => ({ sent: Number(r.attributes.SentTimestamp), firstReceive: Number(r.attributes.ApproximateFirstReceiveTimestamp) }));
    expect(first!.sent).toBeGreaterThanOrEqual(before);
    // Consumption started about 25 ms after the send: the first receive is later than the send.
    expect(first!.firstReceive - first!.sent).toBeGreaterThanOrEqual(20);
    expect(second).toEqual(first);
  });

  it('says when it dead-letters a message (the local stack records DeadLetterMessages), once per message', async () => {
    const letters: DeadLetter[] = [];
    const q = new InProcessQueue({ name: 'q', visibilityTimeoutMs: 1, maxReceiveCount: 2, batchSize: 10, onDeadLetter: (l) => void letters.push(l) });
    q.consume(async (event) => ({ batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) }));
    q.send(['poison', 'fine']);
    await q.idle();
    expect(letters.map((l) => ({ body: l.body, receiveCount: l.receiveCount }))).toEqual([{ body: 'poison', receiveCount: 2 }]);
    expect(q.deadLetters()).toEqual(letters);
  });
});
