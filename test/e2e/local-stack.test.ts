import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { beginAccountRemoval } from '../../domain/org/resource-directory';
import type { AccountId, ResourceDirectoryId } from '../../domain/shared/ids';
import { newTask } from '../../domain/tasks/task';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';

// These start whole stacks, browsers or IdPs; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let stack: LocalStack;
let demo: any;

beforeAll(async () => {
  stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), visibilityTimeoutMs: 50 });
  demo = JSON.parse(await readFile(stack.demoPath, 'utf8'));
});

afterAll(async () => {
  await stack?.stop();
});

const http = async (method: string, path: string, key?: string, body?: unknown) => {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
};

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('the local stack over real HTTP', () => {
  it('is healthy and writes demo.json with the contract fields', async () => {
    expect((await http('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect(demo).toMatchObject({
      baseUrl: stack.url,
      adminKey: expect.stringMatching(/^atr_/),
      resourceDirectory: { id: expect.stringMatching(/^rd-/), managementAccountId: expect.stringMatching(/^\d{16}$/) },
    });
    expect(demo.resourceDirectory.memberAccountIds.length).toBeGreaterThanOrEqual(2);
  });

  it('the demo key reaches the demo directory through the gateway', async () => {
    const me = await http('GET', '/api/v1/me', demo.adminKey);
    expect(me.json).toMatchObject({ kind: 'account', account: { type: 'ManagementAccount' } });
    const accounts = await http('GET', '/api/v1/resource-directory/accounts', demo.adminKey);
    const ids = accounts.json.accounts.map((a: { id: string }) => a.id);
    expect(ids).toEqual(expect.arrayContaining(demo.resourceDirectory.memberAccountIds));
  });

  it('serves SCIM with the demo token, and the demo directory through the management API', async () => {
    expect(demo.cloudsso).toMatchObject({
      directoryId: expect.stringMatching(/^d-/),
      portalUrl: `${stack.url}/portal/demo-corp/login`,
      user: { userName: expect.any(String), password: expect.any(String) },
      saml: { spMetadataUrl: `${stack.url}/saml/${demo.cloudsso.directoryId}/metadata` },
      scim: { baseUrl: `${stack.url}/scim/v2`, token: expect.stringMatching(/^scim_/) },
    });
    const metadata = await fetch(demo.cloudsso.saml.spMetadataUrl);
    expect(await metadata.text()).toContain('AssertionConsumerService');
    const res = await fetch(`${demo.cloudsso.scim.baseUrl}/Users?filter=${encodeURIComponent(`userName eq "${demo.cloudsso.users[0].userName}"`)}`, {
      headers: { authorization: `Bearer ${demo.cloudsso.scim.token}` },
    });
    expect(res.headers.get('content-type')).toContain('application/scim+json');
    const body = (await res.json()) as { totalResults: number; Resources: { id: string }[] };
    expect(body.totalResults).toBe(1);
    expect(body.Resources[0]!.id).toBe(demo.cloudsso.users[0].id);
    const stats = await http('GET', `/api/v1/cloudsso/directories/${demo.cloudsso.directoryId}/statistics`, demo.adminKey);
    expect(stats.json).toMatchObject({ users: { count: 2 }, groups: { count: 1 }, scimSynchronization: 'Enabled' });
  });

  it('routes as API Gateway would: unknown paths get its 404', async () => {
    const res = await http('GET', '/nowhere');
    expect(res).toEqual({ status: 404, json: { message: 'Not Found' } });
  });

  it('serves the OpenAPI document and the reference page', async () => {
    expect((await http('GET', '/api/v1/openapi.json')).json.openapi).toBe('3.1.0');
    expect((await http('GET', '/api/v1/docs')).json).toContain('openapi.json');
  });

  it('runs queued work through the in-process queue to completion', async () => {
    const member = demo.resourceDirectory.memberAccountIds[2];
    const task = await http('DELETE', `/api/v1/resource-directory/accounts/${member}`, demo.adminKey);
    expect(task.status).toBe(202);
    await stack.queues.tasks.idle();
    expect((await http('GET', `/api/v1/tasks/${task.json.id}`, demo.adminKey)).json.status).toBe('Success');
    const queues = await http('GET', '/_local/queues');
    expect(queues.json.tasks).toMatchObject({ visible: 0, inFlight: 0, deadLetters: [] });
  });

  it('runs a scheduled job by name', async () => {
    const res = await http('POST', '/_local/jobs/tasks-sweeper');
    expect(res.json).toEqual({ job: 'tasks-sweeper', result: { resent: 0 } });
    expect((await http('POST', '/_local/jobs/nope')).status).toBe(400);
  });

  it('loses no task: one written but never sent before a stop runs at the next start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'atrium-restart-'));
    try {
      const first = await startLocalStack({ dataDir, port: await freePort(), visibilityTimeoutMs: 50 });
      const c = first.container;
      const rd = first.demo!.resourceDirectory;
      const account = (await c.accounts.get(rd.memberAccountIds[0] as AccountId))!;
      const removing = beginAccountRemoval(account, c.clock.now());
      if (!removing.ok) throw new Error('setup');
      const task = newTask({ kind: 'resourceDirectory', id: rd.id as ResourceDirectoryId }, c.ids.taskId(), { type: 'RemoveResourceAccount', accountId: account.id }, c.clock.now());
      // As if the process died between the task's write and its message's send.
      expect((await c.resourceDirectories.beginRemoval(removing.value, account.version, task)).ok).toBe(true);
      await first.stop();

      const second = await startLocalStack({ dataDir, port: await freePort(), visibilityTimeoutMs: 50 });
      await second.queues.tasks.idle();
      expect((await second.container.tasks.get(task.scope, task.id))?.status).toBe('Success');
      expect(await second.container.accounts.get(account.id)).toBeUndefined();
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('stops cleanly: the engine port closes and the memory data dir is gone', async () => {
    const second = await startLocalStack({ dataDir: 'memory', port: await freePort(), seed: false });
    const enginePort = Number(new URL(second.engineEndpoint).port);
    expect(await portOpen(enginePort)).toBe(true);
    const dir = second.demoPath.replace(/\/demo\.json$/, '');
    await second.stop();
    expect(await portOpen(enginePort)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
