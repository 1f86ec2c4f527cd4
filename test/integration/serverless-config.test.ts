import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import tableJson from '../../adapters/dynamodb/table.json';
import { QUEUES } from '../../events/queues';
import { httpApps } from '../../functions/http';
import { jobs } from '../../functions/schedule';
import { httpRoutes, loadServerlessConfig } from '../../scripts/serverless-config';
import { buildOpenApiDocument } from '../../functions/http/meta';

const config = loadServerlessConfig();

describe('serverless.yml agrees with the code', () => {
  it('every function has a source entry that exists, and a bundle handler path', () => {
    for (const [name, fn] of Object.entries(config.functions)) {
      const entry = config.custom.entries[name];
      expect(entry, name).toBeDefined();
      expect(() => readFileSync(entry!)).not.toThrow();
      expect(fn.handler).toBe(`dist/${name}/index.handler`);
    }
    expect(Object.keys(config.custom.entries).sort()).toEqual(Object.keys(config.functions).sort());
  });

  it('the HTTP functions are exactly the apps the local stack mounts', () => {
    const http = [...new Set(httpRoutes(config).map((r) => r.fn))].sort();
    expect(http).toEqual(Object.keys(httpApps).sort());
  });

  it('every management route of the OpenAPI document is routed to a function by API Gateway', () => {
    const routes = httpRoutes(config).map((r) => new RegExp(`^${r.path.replace('{proxy+}', '.+')}$`));
    for (const path of Object.keys(buildOpenApiDocument().paths ?? {})) {
      const concrete = path.replace(/\{[^}]+\}/g, 'x');
      expect(routes.some((re) => re.test(concrete)), path).toBe(true);
    }
  });

  it('scheduled functions are runnable jobs', () => {
    const scheduled = Object.entries(config.functions)
      .filter(([, fn]) => (fn.events ?? []).some((e) => 'schedule' in e))
      .map(([name]) => name);
    expect(scheduled.length).toBeGreaterThan(0);
    for (const name of scheduled) expect(jobs[name], name).toBeDefined();
  });

  it('the tasks queue settings match the in-process queue, with a dead-letter queue', () => {
    expect(config.custom.tasksQueue).toEqual({
      visibilityTimeout: QUEUES.tasks.visibilityTimeoutSeconds,
      maxReceiveCount: QUEUES.tasks.maxReceiveCount,
      batchSize: QUEUES.tasks.batchSize,
    });
    const queue = config.resources.Resources.TasksQueue!.Properties as { RedrivePolicy: { deadLetterTargetArn: unknown } };
    expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': 'TasksDeadLetterQueue.Arn' });
  });

  it('the metering queue settings match the in-process queue, with a dead-letter queue and a consumer that reports failures per record', () => {
    const { metering } = QUEUES;
    expect(config.custom.meteringQueue).toEqual({
      visibilityTimeout: metering.visibilityTimeoutSeconds,
      maxReceiveCount: metering.maxReceiveCount,
      batchSize: metering.batchSize,
    });
    const queue = config.resources.Resources.MeteringQueue!.Properties as { VisibilityTimeout: unknown; RedrivePolicy: unknown };
    expect(queue.VisibilityTimeout).toBe('${self:custom.meteringQueue.visibilityTimeout}');
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': 'MeteringDeadLetterQueue.Arn' },
      maxReceiveCount: '${self:custom.meteringQueue.maxReceiveCount}',
    });
    const consumer = config.functions.metering!;
    expect(consumer.events).toEqual([
      {
        sqs: {
          arn: { 'Fn::GetAtt': 'MeteringQueue.Arn' },
          batchSize: '${self:custom.meteringQueue.batchSize}',
          maximumBatchingWindow: 1,
          functionResponseType: 'ReportBatchItemFailures',
        },
      },
    ]);
    // AWS: a Lambda consumer's queue should hide a message for at least six times the function's timeout.
    expect(consumer.timeout! * 6).toBeLessThanOrEqual(metering.visibilityTimeoutSeconds);
    // The publishers find the queue through this variable.
    expect((config as unknown as { provider: { environment: Record<string, unknown> } }).provider.environment[metering.urlEnv]).toEqual({ Ref: 'MeteringQueue' });
  });

  it('the table is deployed from the one definition, with TTL and point-in-time recovery', () => {
    const raw = readFileSync('serverless.yml', 'utf8');
    expect(raw).toContain('Properties: ${file(./adapters/dynamodb/table.json)}');
    expect(tableJson.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(tableJson.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
    expect(tableJson.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
