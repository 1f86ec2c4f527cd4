import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { Table } from '../adapters/dynamodb/table';
import { ensureTable } from '../adapters/dynamodb/table-definition';
import { startDynamoDbLocal } from '../adapters/local/dynamodb-local';
import { fmt, throughput } from './measure';

const SECONDS = 4;
const CONCURRENCY = 16;

/**
 * Raw store throughput of the embedded engine through the same Table adapter the repositories use:
 * the baseline later benchmarks (SCIM creates, MAU ingest) are compared with.
 */
export const benchStore = async () => {
  const engine = await startDynamoDbLocal({});
  try {
    const client = createDynamoClient({ endpoint: engine.endpoint, region: 'local' });
    await ensureTable(client, 'bench');
    const table = new Table('bench', createDocumentClient(client));
    const item = (i: number) => ({ pk: `BENCH#${i % 1000}`, sk: `ITEM#${i}`, payload: 'x'.repeat(200), v: 1 });

    // DynamoDB Local runs on the JVM: measured cold it is several times slower, so warm it first.
    await throughput(5000, CONCURRENCY, (i) => table.put({ Item: item(i) }));
    const puts = await throughput(SECONDS * 1000, CONCURRENCY, (i) => table.put({ Item: item(i) }));
    const gets = await throughput(SECONDS * 1000, CONCURRENCY, (i) => table.get({ pk: `BENCH#${i % 1000}`, sk: `ITEM#${i % 5000}` }));
    const transactions = await throughput(SECONDS * 1000, CONCURRENCY, (i) =>
      table.transact([
        { Put: { Item: { ...item(i + 1e7), sk: `TX#${i}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { Item: { ...item(i + 2e7), sk: `TXGUARD#${i}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]),
    );
    const result = { putsPerS: puts, getsPerS: gets, twoItemTransactionsPerS: transactions };
    console.log(`\n## Store throughput on DynamoDB Local (${CONCURRENCY} concurrent, ${SECONDS} s each)`);
    console.log(`single puts:             ${fmt(puts, 0).padStart(6)} /s`);
    console.log(`consistent gets:         ${fmt(gets, 0).padStart(6)} /s   (${fmt(gets / puts, 2)}x puts)`);
    console.log(`2-item transactions:     ${fmt(transactions, 0).padStart(6)} /s   (${fmt(transactions / puts, 2)}x puts)`);
    return result;
  } finally {
    await engine.stop();
  }
};
