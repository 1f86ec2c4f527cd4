import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The parts of serverless.yml that the build, the local stack and the contract tests read. */
export type ServerlessConfig = {
  custom: {
    entries: Record<string, string>;
    tasksQueue: { visibilityTimeout: number; maxReceiveCount: number; batchSize: number };
    meteringQueue: { visibilityTimeout: number; maxReceiveCount: number; batchSize: number };
  };
  functions: Record<
    string,
    {
      handler: string;
      timeout?: number;
      events?: ({ httpApi?: string } | { sqs?: unknown } | { schedule?: string })[];
    }
  >;
  resources: { Resources: Record<string, { Type: string; Properties?: unknown }> };
};

// CloudFormation short forms, kept as plain objects: we read the file, we do not resolve it.
const customTags = ['Ref', 'GetAtt', 'Sub'].map((name) => ({
  tag: `!${name}`,
  resolve: (value: string) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }),
}));

export const serverlessYmlPath = fileURLToPath(new URL('../serverless.yml', import.meta.url));

export const loadServerlessConfig = (): ServerlessConfig =>
  parse(readFileSync(serverlessYmlPath, 'utf8'), { customTags }) as ServerlessConfig;

/** `METHOD /path` routes of each HTTP function, as API Gateway will route them. */
export const httpRoutes = (config: ServerlessConfig): { fn: string; method: string; path: string }[] =>
  Object.entries(config.functions).flatMap(([fn, def]) =>
    (def.events ?? []).flatMap((e) => {
      if (!('httpApi' in e) || typeof e.httpApi !== 'string') return [];
      const [method, path] = e.httpApi.split(' ') as [string, string];
      return [{ fn, method: method.toUpperCase(), path }];
    }),
  );
