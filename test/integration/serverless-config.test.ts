import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { packageServerless, type CfnResource, type CfnTemplate } from '../support/osls-package';
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

/** The CloudFormation template `osls package` writes, from a copy of serverless.yml (see osls-package.ts). */
describe('the packaged template: operations alarms', () => {
  let template: CfnTemplate;
  beforeAll(async () => {
    template = await packageServerless({ env: { ATRIUM_ALARM_EMAIL: 'ops@example.com' } });
  }, 120_000);

  const alarms = () => Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');
  const props = (r: CfnResource) => r.Properties as Record<string, any>;
  type Query = { Id: string; Expression?: string; ReturnData?: boolean; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] } } };
  const queries = (r: CfnResource) => (props(r).Metrics ?? []) as Query[];
  /** Every metric an alarm reads: its own, or each MetricStat of its metric math. */
  const metricsOf = (r: CfnResource) => {
    const p = props(r);
    if (p.MetricName) return [{ Namespace: p.Namespace as string, MetricName: p.MetricName as string, Dimensions: (p.Dimensions ?? []) as { Name: string; Value: unknown }[] }];
    return queries(r).flatMap((q) => (q.MetricStat ? [{ ...q.MetricStat.Metric, Dimensions: q.MetricStat.Metric.Dimensions ?? [] }] : []));
  };
  const alarmOn = (namespace: string, metricName: string, dimension: { Name: string; Value: unknown }) =>
    alarms().filter(([, r]) => metricsOf(r).some((m) => m.Namespace === namespace && m.MetricName === metricName && m.Dimensions.some((d) => JSON.stringify(d) === JSON.stringify(dimension))));

  it('has an SNS topic for alarms, its ARN an output, and an e-mail subscription when ATRIUM_ALARM_EMAIL is set', () => {
    expect(template.Resources.AlarmTopic?.Type).toBe('AWS::SNS::Topic');
    expect(template.Outputs.AlarmTopicArn?.Value).toEqual({ Ref: 'AlarmTopic' });
    const subscription = template.Resources.AlarmEmailSubscription!;
    expect(subscription.Condition).toBe('HasAlarmEmail');
    expect(subscription.Properties).toMatchObject({ TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('every alarm notifies the topic (alarm and recovery) and says where its runbook is, a section docs/operations.md has', () => {
    const doc = readFileSync('docs/operations.md', 'utf8');
    const anchors = new Set(
      [...doc.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')),
    );
    expect(alarms().length).toBeGreaterThanOrEqual(11);
    for (const [name, r] of alarms()) {
      expect(props(r).AlarmActions, name).toEqual([{ Ref: 'AlarmTopic' }]);
      expect(props(r).OKActions, name).toEqual([{ Ref: 'AlarmTopic' }]);
      expect(props(r).TreatMissingData, name).toBe('notBreaching');
      const section = /docs\/operations\.md#([\w-]+)/.exec(props(r).AlarmDescription as string)?.[1];
      expect(section, `${name} names a docs/operations.md section`).toBeDefined();
      expect(anchors.has(section!), `${name}: docs/operations.md#${section}`).toBe(true);
      // Variables were resolved: a threshold is a number, a description has no ${…} left.
      expect(JSON.stringify(r), name).not.toContain('${');
    }
  });

  it('alarms when a dead-letter queue holds anything, and when the work queues back up', () => {
    for (const queue of ['TasksDeadLetterQueue', 'MeteringDeadLetterQueue']) {
      const [found] = alarmOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } });
      expect(found, queue).toBeDefined();
      expect(props(found![1])).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
    }
    for (const queue of ['TasksQueue', 'MeteringQueue']) {
      const [found] = alarmOn('AWS/SQS', 'ApproximateAgeOfOldestMessage', { Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } });
      expect(found, queue).toBeDefined();
      expect(props(found![1]).Threshold).toBeGreaterThan(0);
    }
  });

  it('every function is in exactly one Lambda error alarm, and each metric-math alarm is one that CloudWatch accepts', () => {
    const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
    expect(functions.length).toBe(Object.keys(config.functions).length);
    for (const fn of functions) {
      const watching = alarmOn('AWS/Lambda', 'Errors', { Name: 'FunctionName', Value: { Ref: fn } });
      expect(watching.map(([name]) => name), fn).toHaveLength(1);
    }
    for (const [name, r] of alarms().filter(([, r]) => props(r).Metrics)) {
      const qs = queries(r);
      // PutMetricAlarm: at most 10 metrics and 10 expressions, exactly one returned, ids known.
      expect(qs.filter((q) => q.MetricStat).length, name).toBeLessThanOrEqual(10);
      expect(qs.filter((q) => q.Expression).length, name).toBeLessThanOrEqual(10);
      expect(qs.filter((q) => q.ReturnData !== false), name).toHaveLength(1);
      const ids = new Set(qs.map((q) => q.Id));
      for (const q of qs.filter((q) => q.Expression && !q.Expression.startsWith('SELECT'))) {
        for (const ref of q.Expression!.replace(/\b(IF|FILL)\(/g, '(').match(/\b[a-z]\w*\b/g) ?? []) expect(ids.has(ref), `${name}: ${ref} in ${q.Expression}`).toBe(true);
      }
    }
  });

  it('alarms on DynamoDB throttling, API Gateway 5xx, failed logons (EMF Logons, Result=Failure) and SCIM 5xx', () => {
    const table = { Name: 'TableName', Value: { Ref: 'AtriumTable' } };
    expect(alarmOn('AWS/DynamoDB', 'ReadThrottleEvents', table)).toHaveLength(1);
    expect(alarmOn('AWS/DynamoDB', 'WriteThrottleEvents', table)).toHaveLength(1);
    expect(alarmOn('AWS/ApiGateway', '5xx', { Name: 'ApiId', Value: { Ref: 'HttpApi' } })).toHaveLength(1);
    expect(template.Resources.HttpApi?.Type).toBe('AWS::ApiGatewayV2::Api');
    expect(alarmOn('Atrium', 'ScimRequests', { Name: 'Status', Value: '5xx' })).toHaveLength(1);
    const logons = alarms().filter(([, r]) => queries(r).some((q) => /^SELECT SUM\(Logons\) FROM Atrium WHERE Result = 'Failure'$/.test(q.Expression ?? '')));
    expect(logons).toHaveLength(1);
    expect(queries(logons[0]![1])[0]).toMatchObject({ Period: 300, ReturnData: true });
  });
});
