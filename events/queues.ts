/**
 * The queues and their delivery settings. serverless.yml declares the same values for SQS (a test
 * checks they agree); the local stack's in-process queues use them directly.
 */
export const QUEUES = {
  tasks: {
    /** Env var carrying the queue URL in AWS. */
    urlEnv: 'TASKS_QUEUE_URL',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    batchSize: 10,
  },
  /** `logon.succeeded` for metering (monthly active users). */
  metering: {
    urlEnv: 'METERING_QUEUE_URL',
    // Six times the consumer's 5 s timeout, as AWS recommends for Lambda consumers.
    visibilityTimeoutSeconds: 30,
    maxReceiveCount: 5,
    // A whole batch shares one read of the marks already recorded: bigger batches, fewer reads.
    batchSize: 100,
  },
} as const;

export type QueueName = keyof typeof QUEUES;
