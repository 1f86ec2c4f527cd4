import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDocumentClient, createDynamoClient } from '../../adapters/dynamodb/client';
import { defaultRetryPolicy, type RetryPolicy } from '../../adapters/dynamodb/retry';
import { Table, type CommandSender } from '../../adapters/dynamodb/table';
import { ensureTable } from '../../adapters/dynamodb/table-definition';

export const dynamoClient = () => createDynamoClient({ endpoint: inject('dynamoEndpoint'), region: 'local' });

/** A fresh table on the shared engine, so test files run in parallel without seeing each other. */
export const freshTable = async (
  options: { wrap?: (sender: CommandSender) => CommandSender; retry?: Partial<RetryPolicy> } = {},
): Promise<{ table: Table; name: string; countItems: () => Promise<number> }> => {
  const client = dynamoClient();
  const name = `t-${randomBytes(6).toString('hex')}`;
  await ensureTable(client, name);
  const doc = createDocumentClient(client);
  const sender = options.wrap ? options.wrap(doc) : doc;
  const table = new Table(name, sender, { ...defaultRetryPolicy, sleep: async () => undefined, ...options.retry });
  const countItems = async () => {
    let count = 0;
    let start: Record<string, never> | undefined;
    do {
      // The data: audit records, rate-limit windows and signature nonces are bookkeeping of a call, not what it changed.
      const out = await client.send(
        new ScanCommand({
          TableName: name,
          Select: 'COUNT',
          FilterExpression: 'NOT begins_with(pk, :audit) AND NOT begins_with(pk, :rate) AND NOT begins_with(pk, :nonce)',
          ExpressionAttributeValues: { ':audit': { S: 'AUDIT#' }, ':rate': { S: 'RATE#' }, ':nonce': { S: 'NONCE#' } },
          ExclusiveStartKey: start,
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
    return count;
  };
  return { table, name, countItems };
};
