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
} as const;

export type QueueName = keyof typeof QUEUES;
