import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTasksHandler } from '../../functions/queue/tasks';
import { createSweeperHandler } from '../../functions/schedule/tasks-sweeper';
import { taskReadyEvent } from '../../events/task-ready';
import { QUEUES } from '../../events/queues';
import type { TaskRef } from '../../domain/tasks/task';
import { awsError, FaultySender } from '../support/faults';
import { freshTable } from '../support/db';
import { apiOver } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let faults: FaultySender;
let root: { accountId: string; key: string };

beforeAll(async () => {
  const t = await freshTable({ wrap: (inner) => (faults = new FaultySender(inner)), retry: { maxAttempts: 1 } });
  api = apiOver(t.table);
  root = await api.openAccount('Queue Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: root.key });
});

const event = (bodies: string[], receiveCount = 1): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m-${i}`,
    receiptHandle: 'r',
    body,
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:0:tasks',
    awsRegion: 'local',
  })),
});

const startRemoval = async (name: string): Promise<{ ref: TaskRef; taskId: string }> => {
  const acct = (await api.call('POST', '/api/v1/resource-directory/accounts', { key: root.key, body: { displayName: name } })).json;
  api.queue.sent.length = 0;
  const task = (await api.call('DELETE', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key })).json;
  return { ref: api.queue.sent[0]!, taskId: task.id };
};

const handler = () => createTasksHandler(() => api.container);
const taskOf = async (id: string) => (await api.call('GET', `/api/v1/tasks/${id}`, { key: root.key })).json;

describe('tasks consumer', () => {
  it('reports a poison message as a batch item failure and still runs the good ones', async () => {
    const { ref, taskId } = await startRemoval('Good One');
    const out = await handler()(event(['{not json', JSON.stringify({ type: 'task.ready', version: 2 }), JSON.stringify(taskReadyEvent(ref))]));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }, { itemIdentifier: 'm-1' }]);
    expect((await taskOf(taskId)).status).toBe('Success');
  });

  it('a transient failure is retried: the attempt is recorded and the record reported failed', async () => {
    const { ref, taskId } = await startRemoval('Transient');
    faults.failNext(1, { match: /TransactWrite/ });
    api.retryDelays.length = 0;
    const first = await handler()(event([JSON.stringify(taskReadyEvent(ref))], 1));
    expect(first.batchItemFailures).toHaveLength(1);
    // The next delivery is pushed back (ChangeMessageVisibility), not left to the queue's fixed timeout.
    expect(api.retryDelays).toEqual([{ receiptHandle: 'r', seconds: 5 }]);
    expect(await taskOf(taskId)).toMatchObject({ status: 'InProgress', attempts: 1, failureReason: expect.stringContaining('Throughput') });
    const second = await handler()(event([JSON.stringify(taskReadyEvent(ref))], 2));
    expect(second.batchItemFailures).toEqual([]);
    expect(await taskOf(taskId)).toMatchObject({ status: 'Success', attempts: 2 });
  });

  it('on the last delivery a failing task is marked Failed (never hangs InProgress) and its message goes on to the dead letters', async () => {
    const { ref, taskId } = await startRemoval('Doomed');
    faults.failNext(1, { match: /TransactWrite/, error: () => awsError('InternalServerError') });
    const out = await handler()(event([JSON.stringify(taskReadyEvent(ref))], QUEUES.tasks.maxReceiveCount));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    expect(await taskOf(taskId)).toMatchObject({ status: 'Failed', failureReason: expect.stringContaining('Gave up after 5 attempts') });
  });

  it('a message for a task that does not exist is acknowledged and changes nothing', async () => {
    const out = await handler()(
      event([JSON.stringify({ type: 'task.ready', version: 1, scope: { kind: 'resourceDirectory', id: 'rd-nope' }, taskId: 't-nope' })]),
    );
    expect(out.batchItemFailures).toEqual([]);
  });
});

describe('tasks sweeper', () => {
  it('re-sends tasks whose message was lost, and only unfinished stale ones', async () => {
    const lost = await startRemoval('Lost Message');
    const done = await startRemoval('Delivered');
    await handler()(event([JSON.stringify(taskReadyEvent(done.ref))]));
    api.queue.sent.length = 0;

    const sweep = createSweeperHandler(() => api.container);
    expect((await sweep()).resent).toBe(0);
    api.clock.advance(6 * 60 * 1000);
    const result = await sweep();
    const resent = api.queue.sent.map((r) => r.taskId);
    expect(resent).toContain(lost.taskId);
    expect(resent).not.toContain(done.taskId);
    expect(result.resent).toBe(resent.length);

    await handler()(event(api.queue.sent.map((r) => JSON.stringify(taskReadyEvent(r)))));
    expect((await taskOf(lost.taskId)).status).toBe('Success');
  });
});
