import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import definition from './table.json';

/**
 * The one table definition. serverless.yml deploys `table.json` as the CloudFormation properties of
 * the table; the local stack and the tests create their tables from the same file here, so keys,
 * index and TTL are defined once.
 */
export const tableDefinition = definition;

export const createTableInput = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: definition.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
  KeySchema: definition.KeySchema as CreateTableCommandInput['KeySchema'],
  GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
});

/** Creates the table (and turns on TTL) unless it exists. Used locally and in tests, never in AWS. */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: {
        AttributeName: definition.TimeToLiveSpecification.AttributeName,
        Enabled: true,
      },
    }),
  );
};
