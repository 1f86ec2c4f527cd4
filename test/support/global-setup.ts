import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../adapters/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** Starts one in-memory DynamoDB Local for the whole test run and stops it (really) at the end. */
export default async function setup(project: TestProject) {
  const engine = await startDynamoDbLocal({});
  project.provide('dynamoEndpoint', engine.endpoint);
  return async () => {
    await engine.stop();
  };
}
