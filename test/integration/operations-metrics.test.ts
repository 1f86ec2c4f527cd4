import type { SQSEvent } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskRef } from '../../domain/tasks/task';
import { logonSucceeded } from '../../events/logon-succeeded';
import { taskReadyEvent } from '../../events/task-ready';
import { createMeteringHandler } from '../../functions/queue/metering';
import { createTasksHandler } from '../../functions/queue/tasks';
import { createSweeperHandler } from '../../functions/schedule/tasks-sweeper';
import { freshTable } from '../support/db';
import { FaultySender } from '../support/faults';
import { RecordingMetrics } from '../support/metrics';
import { apiOver } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let faults: FaultySender;
let root: { accountId: string; key: string };
const metrics = new RecordingMetrics();

beforeAll(async () => {
  const t = await freshTable({ wrap: (inner) => (faults = new FaultySender(inner)), retry: { maxAttempts: 1 } });
  api = apiOver(t.table, { metrics });
  root = await api.openAccount('Signals Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: root.key });
});

beforeEach(() => {
  metrics.clear();
  api.logs.length = 0;
});

let messages = 0;
/** An SQS event as Lambda delivers it, each message sent `ageMs` ago by SQS's clock (the real one). */
const sqsEvent = (bodies: readonly string[], queue: string, options: { ageMs?: number; receiveCount?: number } = {}): SQSEvent => ({
  Records: bodies.map((body) => {
    const n = ++messages;
    const sent = String(Date.now() - (options.ageMs ?? 0));
    return {
      messageId: `msg-${n}`,
      receiptHandle: `rh-${n}`,
      body,
      attributes: { ApproximateReceiveCount: String(options.receiveCount ?? 1), SentTimestamp: sent, SenderId: 'test', ApproximateFirstReceiveTimestamp: sent },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
      awsRegion: 'local',
    };
  }),
});

const startRemoval = async (name: string): Promise<TaskRef> => {
  const acct = (await api.call('POST', '/api/v1/resource-directory/accounts', { key: root.key, body: { displayName: name } })).json;
  api.queue.sent.length = 0;
  await api.call('DELETE', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key });
  return api.queue.sent[0]!;
};

describe('the tasks consumer records its signals', () => {
  it('a task run: Tasks by type and outcome, the message\'s age on the queue, and log lines with request id, message id and tenant', async () => {
    const ref = await startRemoval('Measured');
    const handler = createTasksHandler(() => api.container);
    const out = await handler(sqsEvent([JSON.stringify(taskReadyEvent(ref))], 'tasks', { ageMs: 4_000 }), { awsRequestId: 'lambda-req-1' });
    expect(out.batchItemFailures).toEqual([]);

    expect(metrics.named('Tasks')).toEqual([{ name: 'Tasks', value: 1, unit: 'Count', dimensions: { Type: 'RemoveResourceAccount', Status: 'Succeeded' } }]);
    const [age] = metrics.named('QueueAgeMs', { Queue: 'tasks' });
    expect(age).toMatchObject({ unit: 'Milliseconds', dimensions: { Queue: 'tasks' } });
    expect(age!.value).toBeGreaterThanOrEqual(4_000);
    expect(age!.value).toBeLessThan(30_000);

    const run = api.logs.find((l) => l.message === 'task run')!;
    expect(run).toMatchObject({
      requestId: 'lambda-req-1',
      queue: 'tasks',
      messageId: expect.stringMatching(/^msg-/),
      tenant: `${ref.scope.kind}/${ref.scope.id}`,
      taskId: ref.taskId,
      taskType: 'RemoveResourceAccount',
      outcome: 'succeeded',
    });
  });

  it('a retried task counts as Retry, and a message naming no task as Invalid; failures log their message id', async () => {
    const ref = await startRemoval('Flaky');
    faults.failNext(1, { match: /TransactWrite/ });
    const handler = createTasksHandler(() => api.container);
    const out = await handler(sqsEvent([JSON.stringify(taskReadyEvent(ref)), '{not json'], 'tasks'));
    expect(out.batchItemFailures).toHaveLength(2);
    expect(metrics.named('Tasks').map((r) => r.dimensions)).toEqual([
      { Type: 'RemoveResourceAccount', Status: 'Retry' },
      { Type: 'Unknown', Status: 'Invalid' },
    ]);
    const failed = api.logs.filter((l) => l.message === 'queue record failed');
    expect(failed.map((l) => l.messageId)).toEqual(out.batchItemFailures.map((f) => f.itemIdentifier));
    expect(failed[0]).toMatchObject({ tenant: `${ref.scope.kind}/${ref.scope.id}`, requestId: expect.any(String) });
    expect(failed[1]!.tenant).toBeUndefined();
    expect(failed[1]!.error).toContain('not JSON');
  });

  it('a schedule\'s log line carries the Lambda request id', async () => {
    await createSweeperHandler(() => api.container)(undefined, { awsRequestId: 'lambda-req-sweep' });
    expect(api.logs.find((l) => l.message === 'tasks swept')).toMatchObject({ requestId: 'lambda-req-sweep', job: 'tasks-sweeper' });
  });
});

describe('the metering consumer records MAU ingest', () => {
  it('events by outcome, new actives per scope, and each record\'s queue age', async () => {
    const now = api.clock.now().getTime();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const instanceId = 'idaas_signals1';
    const bodies = [
      logonSucceeded({ instanceId, applicationId: 'app_web', customerId: 'user_a', method: 'Password', at: at(30) }),
      logonSucceeded({ instanceId, applicationId: 'app_web', customerId: 'user_a', method: 'RefreshToken', at: at(20) }),
      logonSucceeded({ instanceId, applicationId: 'app_web', customerId: 'user_b', method: 'Password', at: at(10) }),
      // Poison: a logon years before the months metering keeps.
      logonSucceeded({ instanceId, applicationId: 'app_web', customerId: 'user_c', method: 'Password', at: '2001-01-01T00:00:00.000Z' }),
    ].map((e) => JSON.stringify(e));
    const handler = createMeteringHandler(() => api.container);
    const out = await handler(sqsEvent([...bodies, 'not json'], 'metering', { ageMs: 2_000 }), { awsRequestId: 'lambda-req-2' });
    expect(out.batchItemFailures).toHaveLength(2);

    expect(metrics.sum('MauEvents', { Outcome: 'Recorded' })).toBe(3);
    expect(metrics.sum('MauEvents', { Outcome: 'Poison' })).toBe(2);
    expect(metrics.named('MauEvents', { Outcome: 'Retry' })).toHaveLength(0);
    expect(metrics.sum('MauNewActives', { Scope: 'Instance' })).toBe(2);
    expect(metrics.sum('MauNewActives', { Scope: 'Application' })).toBe(2);
    const ages = metrics.named('QueueAgeMs', { Queue: 'metering' });
    expect(ages).toHaveLength(5);
    for (const a of ages) expect(a.value).toBeGreaterThanOrEqual(2_000);

    // The same batch again: every logon is a duplicate, nothing is new.
    metrics.clear();
    await handler(sqsEvent(bodies.slice(0, 3), 'metering'));
    expect(metrics.sum('MauEvents', { Outcome: 'Recorded' })).toBe(3);
    expect(metrics.sum('MauNewActives', { Scope: 'Instance' })).toBe(0);
  });

  it('a failed record\'s log line names its instance (the tenant) and the invocation', async () => {
    const handler = createMeteringHandler(() => api.container);
    const old = logonSucceeded({ instanceId: 'idaas_signals2', applicationId: 'app_web', customerId: 'user_z', method: 'Password', at: '2001-01-01T00:00:00.000Z' });
    await handler(sqsEvent([JSON.stringify(old)], 'metering'), { awsRequestId: 'lambda-req-3' });
    expect(api.logs.find((l) => l.message === 'queue record failed')).toMatchObject({
      requestId: 'lambda-req-3',
      queue: 'metering',
      tenant: 'instance/idaas_signals2',
      messageId: expect.stringMatching(/^msg-/),
    });
  });
});

describe('the SCIM server counts responses by status', () => {
  it('2xx, 4xx, one per request, whatever answered', async () => {
    expect((await api.call('GET', '/scim/v2/ServiceProviderConfig')).status).toBe(200);
    expect((await api.call('GET', '/scim/v2/Users')).status).toBe(401);
    expect((await api.call('GET', '/scim/v2/Users', { key: 'not-a-token' })).status).toBe(401);
    expect(metrics.named('ScimRequests').map((r) => r.dimensions.Status)).toEqual(['2xx', '4xx', '4xx']);
  });
});
