import { beforeAll, describe, expect, it } from 'vitest';
import { createTasksHandler } from '../../functions/queue/tasks';
import { taskReadyEvent } from '../../events/task-ready';
import type { TaskRef } from '../../domain/tasks/task';
import { freshTable } from '../support/db';
import { apiOver } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };

beforeAll(async () => {
  const t = await freshTable();
  api = apiOver(t.table);
  countItems = t.countItems;
  root = await api.openAccount('Acme Group');
  expect((await api.call('POST', '/api/v1/resource-directory', { key: root.key })).status).toBe(201);
});

/** Delivers queued task messages to the real queue handler, as SQS would. */
const deliver = async (refs: readonly TaskRef[], receiveCount = 1) => {
  const handler = createTasksHandler(() => api.container);
  return handler({
    Records: refs.map((ref, i) => ({
      messageId: `m-${i}`,
      receiptHandle: 'r',
      body: JSON.stringify(taskReadyEvent(ref)),
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:0:tasks',
      awsRegion: 'local',
    })),
  });
};

const createAccount = async (displayName: string, folderId?: string) => {
  const res = await api.call('POST', '/api/v1/resource-directory/accounts', { key: root.key, body: { displayName, ...(folderId ? { folderId } : {}) } });
  expect(res.status).toBe(201);
  return res.json as { id: string; folderId: string };
};

describe('enabling', () => {
  it('makes the caller the management account; a second enable is a conflict', async () => {
    const rd = await api.call('GET', '/api/v1/resource-directory', { key: root.key });
    expect(rd.json).toMatchObject({ managementAccountId: root.accountId, rootFolderId: expect.stringMatching(/^fd-/) });
    const again = await api.call('POST', '/api/v1/resource-directory', { key: root.key });
    expect(again).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.ResourceDirectory' } });
  });

  it('requires enterprise verification, and writes nothing when refused', async () => {
    const unverified = await api.openAccount('Small Shop', false);
    const before = await countItems();
    const res = await api.call('POST', '/api/v1/resource-directory', { key: unverified.key });
    expect(res).toMatchObject({ status: 409, json: { code: 'ResourceDirectory.EnterpriseVerificationRequired' } });
    expect(await countItems()).toBe(before);
  });

  it('two concurrent enables by one account make exactly one directory', async () => {
    const acct = await api.openAccount('Racer Ltd');
    const results = await Promise.all([1, 2, 3].map(() => api.call('POST', '/api/v1/resource-directory', { key: acct.key })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
  });

  it('answers 404 for an account without a directory', async () => {
    const lone = await api.openAccount('Lone Wolf');
    const res = await api.call('GET', '/api/v1/resource-directory/accounts', { key: lone.key });
    expect(res).toMatchObject({ status: 404, json: { code: 'EntityNotExists.ResourceDirectory' } });
  });
});

describe('member accounts', () => {
  it('are created with 16-digit ids, listed in pages, read and renamed', async () => {
    const made = [];
    for (const name of ['Shop', 'Data', 'Logs']) made.push(await createAccount(name));
    expect(made.every((a) => /^\d{16}$/.test(a.id))).toBe(true);
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const page = await api.call('GET', `/api/v1/resource-directory/accounts?maxResults=2${next ? `&nextToken=${next}` : ''}`, { key: root.key });
      seen.push(...page.json.accounts.map((a: { id: string }) => a.id));
      next = page.json.nextToken;
    } while (next);
    expect(seen).toEqual(expect.arrayContaining([root.accountId, ...made.map((a) => a.id)]));
    const renamed = await api.call('PATCH', `/api/v1/resource-directory/accounts/${made[0]!.id}`, {
      key: root.key,
      body: { displayName: 'Shop Prod' },
    });
    expect(renamed.json).toMatchObject({ displayName: 'Shop Prod', type: 'ResourceAccount' });
    expect((await api.call('GET', `/api/v1/resource-directory/accounts/${made[0]!.id}`, { key: root.key })).json.displayName).toBe(
      'Shop Prod',
    );
  });

  it.each([
    ['a one-letter name', { displayName: 'x' }],
    ['a name with symbols', { displayName: 'bad;name' }],
    ['an unknown field', { displayName: 'Fine', owner: 'me' }],
    ['a malformed folder id', { displayName: 'Fine', folderId: '../etc' }],
  ])('refuses %s with 400 and writes nothing', async (_what, body) => {
    const before = await countItems();
    const res = await api.call('POST', '/api/v1/resource-directory/accounts', { key: root.key, body });
    expect(res.status).toBe(400);
    expect(res.json.code).toMatch(/^InvalidParameter/);
    expect(await countItems()).toBe(before);
  });

  it('refuses an invalid account id in the path', async () => {
    const res = await api.call('GET', '/api/v1/resource-directory/accounts/12345', { key: root.key });
    expect(res).toMatchObject({ status: 400, json: { code: 'InvalidParameter' } });
  });

  it('the management account cannot be removed', async () => {
    const res = await api.call('DELETE', `/api/v1/resource-directory/accounts/${root.accountId}`, { key: root.key });
    expect(res).toMatchObject({ status: 409, json: { code: 'Account.IsManagementAccount' } });
  });

  it('removal is a task: the account is Removing at once, and gone once the task ran', async () => {
    const acct = await createAccount('Temp');
    api.queue.sent.length = 0;
    const started = await api.call('DELETE', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key });
    expect(started).toMatchObject({ status: 202, json: { type: 'RemoveResourceAccount', status: 'InProgress', target: { accountId: acct.id } } });
    expect((await api.call('GET', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key })).json.status).toBe('Removing');
    expect((await api.call('DELETE', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key })).json.code).toBe('Account.Removing');
    expect(api.queue.sent).toHaveLength(1);

    const out = await deliver(api.queue.sent);
    expect(out.batchItemFailures).toEqual([]);
    expect((await api.call('GET', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key })).status).toBe(404);
    const task = await api.call('GET', `/api/v1/tasks/${started.json.id}`, { key: root.key });
    expect(task.json).toMatchObject({ status: 'Success', attempts: 1, finishedAt: expect.any(String) });
    // A duplicate message finds the task finished and does nothing.
    expect((await deliver(api.queue.sent)).batchItemFailures).toEqual([]);
    expect((await api.call('GET', `/api/v1/tasks/${started.json.id}`, { key: root.key })).json.attempts).toBe(1);
  });
});

describe('folders', () => {
  it('hold accounts; listing by folder; moving between folders; delete only when empty', async () => {
    const prod = await api.call('POST', '/api/v1/resource-directory/folders', { key: root.key, body: { name: 'Prod' } });
    expect(prod.status).toBe(201);
    const dup = await api.call('POST', '/api/v1/resource-directory/folders', { key: root.key, body: { name: 'prod' } });
    expect(dup).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.Folder' } });
    const nested = await api.call('POST', '/api/v1/resource-directory/folders', { key: root.key, body: { name: 'Web', parentId: prod.json.id } });
    expect(nested.json).toMatchObject({ parentId: prod.json.id, depth: 2 });

    const acct = await createAccount('Web Prod', nested.json.id);
    const inWeb = await api.call('GET', `/api/v1/resource-directory/accounts?folderId=${nested.json.id}`, { key: root.key });
    expect(inWeb.json.accounts.map((a: { id: string }) => a.id)).toEqual([acct.id]);
    const children = await api.call('GET', `/api/v1/resource-directory/folders?parentId=${prod.json.id}`, { key: root.key });
    expect(children.json.folders.map((f: { name: string }) => f.name)).toEqual(['Web']);

    const blocked = await api.call('DELETE', `/api/v1/resource-directory/folders/${nested.json.id}`, { key: root.key });
    expect(blocked).toMatchObject({ status: 409, json: { code: 'Folder.NotEmpty' } });
    const moved = await api.call('PATCH', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key, body: { folderId: prod.json.id } });
    expect(moved.json.folderId).toBe(prod.json.id);
    expect((await api.call('DELETE', `/api/v1/resource-directory/folders/${nested.json.id}`, { key: root.key })).status).toBe(204);
    expect((await api.call('DELETE', `/api/v1/resource-directory/folders/${prod.json.id}`, { key: root.key })).json.code).toBe('Folder.NotEmpty');
    const rootFolder = (await api.call('GET', '/api/v1/resource-directory', { key: root.key })).json.rootFolderId;
    expect((await api.call('DELETE', `/api/v1/resource-directory/folders/${rootFolder}`, { key: root.key })).json.code).toBe('Folder.IsRoot');
  });

  it('refuses a folder in a folder that does not exist', async () => {
    const res = await api.call('POST', '/api/v1/resource-directory/folders', { key: root.key, body: { name: 'X', parentId: 'fd-nope' } });
    expect(res).toMatchObject({ status: 404, json: { code: 'EntityNotExists.Folder' } });
  });
});

describe('permissions and isolation', () => {
  it('read-only administrators read but cannot change; CloudSSO admins cannot create accounts', async () => {
    const mk = async (name: string, policies: string[]) => {
      const a = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } });
      return (await api.call('POST', `/api/v1/administrators/${a.json.id}/api-keys`, { key: root.key })).json.secret as string;
    };
    const reader = await mk('rd-reader', ['AliyunResourceDirectoryReadOnlyAccess']);
    const sso = await mk('sso-admin', ['AliyunCloudSSOFullAccess']);
    const writer = await mk('rd-writer', ['AliyunResourceDirectoryFullAccess']);
    expect((await api.call('GET', '/api/v1/resource-directory/accounts', { key: reader })).status).toBe(200);
    expect((await api.call('GET', '/api/v1/resource-directory/accounts', { key: sso })).status).toBe(200);
    const denied = await api.call('POST', '/api/v1/resource-directory/accounts', { key: sso, body: { displayName: 'Nope' } });
    expect(denied).toMatchObject({ status: 403, json: { missingPermission: 'resourcemanager:CreateResourceAccount' } });
    expect((await api.call('POST', '/api/v1/resource-directory/folders', { key: reader, body: { name: 'Nope' } })).status).toBe(403);
    expect((await api.call('POST', '/api/v1/resource-directory/accounts', { key: writer, body: { displayName: 'Yes' } })).status).toBe(201);
  });

  it("another directory's management account sees none of this directory's accounts, folders or tasks", async () => {
    const other = await api.openAccount('Rival Group');
    await api.call('POST', '/api/v1/resource-directory', { key: other.key });
    const mine = await createAccount('Secret');
    expect((await api.call('GET', `/api/v1/resource-directory/accounts/${mine.id}`, { key: other.key })).status).toBe(404);
    expect((await api.call('PATCH', `/api/v1/resource-directory/accounts/${mine.id}`, { key: other.key, body: { displayName: 'Pwned' } })).status).toBe(404);
    expect((await api.call('DELETE', `/api/v1/resource-directory/accounts/${mine.id}`, { key: other.key })).status).toBe(404);
    const list = await api.call('GET', '/api/v1/resource-directory/accounts', { key: other.key });
    expect(list.json.accounts.map((a: { id: string }) => a.id)).toEqual([other.accountId]);
    expect((await api.call('GET', '/api/v1/tasks', { key: other.key })).json.tasks).toEqual([]);
    const myFolder = (await api.call('GET', '/api/v1/resource-directory', { key: root.key })).json.rootFolderId;
    expect((await api.call('GET', `/api/v1/resource-directory/folders/${myFolder}`, { key: other.key })).status).toBe(404);
  });
});
