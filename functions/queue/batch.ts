import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { errorFields, type Logger } from '../../adapters/log/json-logger';
import type { Metrics } from '../../domain/shared/metrics';
import type { QueueName } from '../../events/queues';

export type BatchOptions = {
  /** The invocation's logger; each record logs through a child carrying its messageId. */
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** The queue the records come from: the `Queue` dimension of `QueueAgeMs`. */
  readonly queue: QueueName;
  /** Log fields of a record known from its body before it runs (its tenant). */
  readonly describe?: (record: SQSRecord) => Record<string, unknown> | undefined;
  /** When the invocation started (epoch ms), if work came before the records' turn; now otherwise. */
  readonly receivedAt?: number;
};

/**
 * Runs each record and reports the ones that failed (`ReportBatchItemFailures`), so SQS retries
 * only those; after maxReceiveCount receives, SQS moves them to the dead-letter queue.
 * Records run one after another: a batch is small and ordering within it is cheap to keep.
 * Each record's age on the queue (`QueueAgeMs`, from SQS's SentTimestamp) is recorded as it arrives.
 */
export const processBatch = async (
  event: SQSEvent,
  options: BatchOptions,
  handleRecord: (record: SQSRecord, logger: Logger) => Promise<void>,
): Promise<SQSBatchResponse> => {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  const receivedAt = options.receivedAt ?? Date.now();
  // All ages first, in one synchronous run: the EMF adapter writes them as one line.
  for (const record of event.Records) {
    const age = queueAgeMs(record, receivedAt);
    if (age !== undefined) options.metrics.record('QueueAgeMs', age, 'Milliseconds', { Queue: options.queue });
  }
  for (const record of event.Records) {
    const logger = options.logger.child({ messageId: record.messageId, ...describeSafely(options.describe, record) });
    try {
      await handleRecord(record, logger);
    } catch (error) {
      logger.log('warn', 'queue record failed', {
        receiveCount: record.attributes.ApproximateReceiveCount,
        ...errorFields(error),
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};

/** Milliseconds since SQS accepted the message (its clock and ours may differ a little: never negative). */
export const queueAgeMs = (record: SQSRecord, now: number): number | undefined => {
  const sent = Number(record.attributes.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 ? Math.max(0, now - sent) : undefined;
};

const describeSafely = (describe: BatchOptions['describe'], record: SQSRecord): Record<string, unknown> | undefined => {
  try {
    return describe?.(record);
  } catch {
    return undefined;
  }
};
