import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { errorFields, type Logger } from '../../adapters/log/json-logger';

/**
 * Runs each record and reports the ones that failed (`ReportBatchItemFailures`), so SQS retries
 * only those; after maxReceiveCount receives, SQS moves them to the dead-letter queue.
 * Records run one after another: a batch is small and ordering within it is cheap to keep.
 */
export const processBatch = async (
  event: SQSEvent,
  logger: Logger,
  handleRecord: (record: SQSRecord) => Promise<void>,
): Promise<SQSBatchResponse> => {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await handleRecord(record);
    } catch (error) {
      logger.log('warn', 'queue record failed', {
        messageId: record.messageId,
        receiveCount: record.attributes.ApproximateReceiveCount,
        ...errorFields(error),
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
