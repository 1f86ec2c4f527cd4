import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type DynamoConfig = {
  readonly region?: string | undefined;
  /** Set locally (DynamoDB Local); absent in AWS. */
  readonly endpoint?: string | undefined;
};

/**
 * One client per cold start. SDK retries are off: `retry.ts` is the single retry layer. Locally the
 * credentials are dummies; DynamoDB Local runs with -sharedDb, so they do not partition the data.
 */
export const createDynamoClient = (config: DynamoConfig): DynamoDBClient =>
  new DynamoDBClient({
    region: config.region ?? 'us-east-1',
    maxAttempts: 1,
    ...(config.endpoint
      ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });

export const createDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
