import { expect } from 'vitest';
import { InProcessQueue } from '../../adapters/local/in-process-queue';
import { InProcessTaskQueue } from '../../adapters/queue/in-process-task-queue';
import { InProcessRetryDelay } from '../../adapters/queue/in-process-retry-delay';
import type { Table } from '../../adapters/dynamodb/table';
import type { ContainerOptions } from '../../functions/wire';
import { createTasksHandler } from '../../functions/queue/tasks';
import { QUEUES } from '../../events/queues';
import { apiOver } from './stack';

/**
 * The management API with the real tasks consumer behind an in-process queue (SQS semantics:
 * retries after a short visibility timeout, dead letters after maxReceiveCount).
 */
export const apiWithWorkers = (table: Table, options: Omit<ContainerOptions, 'table' | 'taskQueue'> = {}) => {
  const queue = new InProcessQueue({ name: 'tasks', visibilityTimeoutMs: 5, maxReceiveCount: QUEUES.tasks.maxReceiveCount, batchSize: 10 });
  const sending = new InProcessTaskQueue(queue);
  // `crash` drops sends, as a process dying between the task's write and the message's send would.
  const control = { crash: false };
  // Backoff at a millisecond per second, so five deliveries take tens of milliseconds; delays recorded.
  const delays: number[] = [];
  const backoff = new InProcessRetryDelay(queue, 1);
  const api = apiOver(table, {
    ...options,
    taskQueue: { enqueue: async (refs) => (control.crash ? undefined : sending.enqueue(refs)) },
    taskRetryDelay: { delay: async (handle, seconds) => (delays.push(seconds), backoff.delay(handle, seconds)) },
  });
  queue.consume(createTasksHandler(() => api.container));
  return { api, queue, control, delays };
};

export type Api = ReturnType<typeof apiOver>;

/**
 * An organisation ready for access tests: a resource directory with a folder tree
 * (Root/Prod/Payments), member accounts in it, a CloudSSO directory, users and a group.
 */
export const accessWorld = async (api: Api, name = 'Access Corp') => {
  const root = await api.openAccount(name);
  const key = root.key;
  expect((await api.call('POST', '/api/v1/resource-directory', { key })).status).toBe(201);
  const folder = async (folderName: string, parentId?: string) => {
    const res = await api.call('POST', '/api/v1/resource-directory/folders', { key, body: { name: folderName, ...(parentId ? { parentId } : {}) } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  const account = async (displayName: string, folderId?: string) => {
    const res = await api.call('POST', '/api/v1/resource-directory/accounts', { key, body: { displayName, ...(folderId ? { folderId } : {}) } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  const prod = await folder('Prod');
  const payments = await folder('Payments', prod);
  const accounts = { dev: await account('Dev Sandbox'), prod: await account('Prod Web', prod), payments: await account('Payments Core', payments) };
  const d = await api.call('POST', '/api/v1/cloudsso/directories', { key, body: { region: 'cn-shanghai' } });
  expect(d.status).toBe(201);
  const dir = d.json.id as string;
  const base = `/api/v1/cloudsso/directories/${dir}`;
  const user = async (userName: string) => {
    const res = await api.call('POST', `${base}/users`, { key, body: { userName } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  const users = { alice: await user('alice@access.example'), bob: await user('bob@access.example') };
  const g = await api.call('POST', `${base}/groups`, { key, body: { name: 'Engineers' } });
  expect(g.status).toBe(201);
  const groups = { engineers: g.json.id as string };
  expect((await api.call('POST', `${base}/groups/${groups.engineers}/members`, { key, body: { userIds: [users.bob] } })).status).toBeLessThan(300);
  const configuration = async (configName: string, body: Record<string, unknown> = {}) => {
    const res = await api.call('POST', `${base}/access-configurations`, { key, body: { name: configName, ...body } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  return { key, managementAccountId: root.accountId, dir, base, folders: { prod, payments }, accounts, users, groups, configuration, account, folder };
};

export type World = Awaited<ReturnType<typeof accessWorld>>;

export const assign = (
  api: Api,
  w: World,
  body: { accessConfigurationId: string; targetType?: 'RD-Account' | 'RD-Folder'; targetId: string; principalType?: 'User' | 'Group'; principalId: string; expiresAt?: string },
) => api.call('POST', `${w.base}/access-assignments`, { key: w.key, body: { targetType: 'RD-Account', principalType: 'User', ...body } });
