import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../adapters/local/in-process-queue';
import { InProcessTaskQueue } from '../../adapters/queue/in-process-task-queue';
import type { AccountId } from '../../domain/shared/ids';
import { QUEUES } from '../../events/queues';
import { createTasksHandler } from '../../functions/queue/tasks';
import { freshTable } from '../support/db';
import { accessKeyOf, administratorAccessKey, refusedUnchanged, rpcOver, type AccessKey, type RpcAnswer, type RpcStack } from '../support/rpc';

let rpc: RpcStack;
let queue: InProcessQueue;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };
let ak: AccessKey;
let dir: string;
let base: string;
let accounts: { dev: string; prod: string };
let users: { alice: string };
let groups: { ops: string };

beforeAll(async () => {
  const t = await freshTable();
  countItems = t.countItems;
  // The real tasks consumer behind an in-process queue, so tasks run to Success as in production.
  queue = new InProcessQueue({ name: 'tasks', visibilityTimeoutMs: 5, maxReceiveCount: QUEUES.tasks.maxReceiveCount, batchSize: 10 });
  rpc = await rpcOver(t.table, { taskQueue: new InProcessTaskQueue(queue) });
  queue.consume(createTasksHandler(() => rpc.container));
  root = await rpc.openAccount('Rpc Access Corp');
  ak = accessKeyOf(root.key);
  expect((await rpc.call('POST', '/api/v1/resource-directory', { key: root.key })).status).toBe(201);
  const account = async (displayName: string) => {
    const res = await rpc.call('POST', '/api/v1/resource-directory/accounts', { key: root.key, body: { displayName } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.id as string;
  };
  accounts = { dev: await account('Dev Sandbox'), prod: await account('Prod Web') };
  const created = await rpc.pop(ak, 'CreateDirectory', { DirectoryName: 'rpc-access', RegionId: 'cn-shanghai' });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  dir = created.body.Directory.DirectoryId as string;
  base = `/api/v1/cloudsso/directories/${dir}`;
  const alice = await rpc.call('POST', `${base}/users`, { key: root.key, body: { userName: 'alice@rpc-access.example' } });
  expect(alice.status).toBe(201);
  users = { alice: alice.json.id as string };
  const ops = await rpc.call('POST', `${base}/groups`, { key: root.key, body: { name: 'Operators' } });
  expect(ops.status).toBe(201);
  groups = { ops: ops.json.id as string };
  await queue.idle();
});

afterAll(async () => {
  await queue?.stop();
  await rpc?.stop();
});

/** Polls GetTaskStatus over RPC (signature 1.0, GET) until the task has finished. */
const finished = async (taskId: string) => {
  for (let i = 0; i < 200; i++) {
    const out = await rpc.pop(ak, 'GetTaskStatus', { DirectoryId: dir, TaskId: taskId }, 'GET');
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    if (out.body.TaskStatus.Status !== 'InProgress') return out.body.TaskStatus as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`task ${taskId} did not finish`);
};

/** Runs a refused call and checks it changed nothing (the queue is idle first, so nothing moves underneath). */
const refusedWithoutChange = async (call: () => Promise<RpcAnswer>) => {
  await queue.idle();
  return refusedUnchanged(() => countItems(), call);
};

const role = (accountId: string, name: string) => rpc.container.sandboxCloud.role(accountId as AccountId, name);
const policyDocument = (action: string) => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: [action], Resource: '*' }] });

describe('the access procedure over RPC', () => {
  it('creates a configuration with policies, assigns it, provisions, lists, removes and deletes it, as the REST API sees it', async () => {
    // An access configuration with a session duration and a landing page (signature 1.0, form POST).
    const created = await rpc.pop(ak, 'CreateAccessConfiguration', {
      DirectoryId: dir,
      AccessConfigurationName: 'Ops-Admin',
      Description: 'Operators',
      SessionDuration: 7200,
      RelayState: 'https://ecs.console.example/',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body.AccessConfiguration).toMatchObject({
      AccessConfigurationName: 'Ops-Admin',
      Description: 'Operators',
      SessionDuration: 7200,
      RelayState: 'https://ecs.console.example/',
      CreateTime: expect.any(String),
      UpdateTime: expect.any(String),
    });
    const ac = created.body.AccessConfiguration.AccessConfigurationId as string;
    expect(ac).toMatch(/^ac-/);
    const Configuration = { DirectoryId: dir, AccessConfigurationId: ac };

    // A system policy (pop) and an inline one whose document travels in the form body (ACS3, as the SDK sends it).
    const system = await rpc.pop(ak, 'AddPermissionPolicyToAccessConfiguration', { ...Configuration, PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunECSFullAccess' });
    expect(system.status, JSON.stringify(system.body)).toBe(200);
    const describeEcs = policyDocument('ecs:Describe*');
    const inline = await rpc.acs3(ak, 'AddPermissionPolicyToAccessConfiguration', { ...Configuration, PermissionPolicyType: 'Inline', PermissionPolicyName: 'ecs-describe' }, {
      InlinePolicyDocument: describeEcs,
    });
    expect(inline.status, JSON.stringify(inline.body)).toBe(200);
    const policies = await rpc.pop(ak, 'ListPermissionPoliciesInAccessConfiguration', Configuration, 'GET');
    expect(policies.body).toMatchObject({
      TotalCounts: 2,
      PermissionPolicies: [
        { PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunECSFullAccess' },
        { PermissionPolicyType: 'Inline', PermissionPolicyName: 'ecs-describe', PermissionPolicyDocument: describeEcs },
      ],
    });
    const listEcs = policyDocument('ecs:List*');
    const replaced = await rpc.acs3(ak, 'UpdateInlinePolicyForAccessConfiguration', { ...Configuration, InlinePolicyName: 'ecs-describe' }, { NewInlinePolicyDocument: listEcs });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const restConfiguration = await rpc.call('GET', `${base}/access-configurations/${ac}`, { key: root.key });
    expect(restConfiguration.json).toMatchObject({
      name: 'Ops-Admin',
      sessionDuration: 7200,
      relayState: 'https://ecs.console.example/',
      permissionPolicies: [
        { type: 'System', name: 'AliyunECSFullAccess' },
        { type: 'Inline', name: 'ecs-describe', document: listEcs },
      ],
    });
    expect((await rpc.acs3(ak, 'GetAccessConfiguration', Configuration)).body.AccessConfiguration).toMatchObject({
      AccessConfigurationId: ac,
      UpdateTime: restConfiguration.json.updatedAt,
    });

    // A policy added and removed again (signature 1.0 for one, ACS3 for the other): gone for REST too.
    expect((await rpc.pop(ak, 'AddPermissionPolicyToAccessConfiguration', { ...Configuration, PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunOSSReadOnlyAccess' })).status).toBe(200);
    const unattached = await rpc.acs3(ak, 'RemovePermissionPolicyFromAccessConfiguration', { ...Configuration, PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunOSSReadOnlyAccess' });
    expect(unattached.status, JSON.stringify(unattached.body)).toBe(200);
    expect((await rpc.call('GET', `${base}/access-configurations/${ac}`, { key: root.key })).json.permissionPolicies).toEqual(restConfiguration.json.permissionPolicies);
    expect(
      await refusedWithoutChange(() =>
        rpc.pop(ak, 'RemovePermissionPolicyFromAccessConfiguration', { ...Configuration, PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunOSSReadOnlyAccess' }),
      ),
    ).toMatchObject({ status: 404, body: { Code: 'EntityNotExists.PermissionPolicy' } });
    const listed = await rpc.acs3(ak, 'ListAccessConfigurations', { DirectoryId: dir });
    expect(listed.body).toMatchObject({ IsTruncated: false, MaxResults: 10 });
    expect(listed.body.AccessConfigurations.map((c: { AccessConfigurationId: string }) => c.AccessConfigurationId)).toContain(ac);

    // Assigned to a user on a member account: a task that provisions the role.
    const assignment = { ...Configuration, TargetType: 'RD-Account', TargetId: accounts.dev, PrincipalType: 'User', PrincipalId: users.alice };
    const assigned = await rpc.acs3(ak, 'CreateAccessAssignment', assignment);
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.Task).toMatchObject({
      TaskId: expect.stringMatching(/^t-/),
      TaskType: 'CreateAccessAssignment',
      Status: 'InProgress',
      AccessConfigurationId: ac,
      AccessConfigurationName: 'Ops-Admin',
      TargetType: 'RD-Account',
      TargetId: accounts.dev,
      TargetName: 'Dev Sandbox',
      PrincipalType: 'User',
      PrincipalId: users.alice,
      PrincipalName: 'alice@rpc-access.example',
    });
    const createTask = assigned.body.Task.TaskId as string;
    expect(await finished(createTask)).toMatchObject({ TaskId: createTask, TaskType: 'CreateAccessAssignment', Status: 'Success', EndTime: expect.any(String) });
    expect(await role(accounts.dev, 'AliyunReservedSSO-Ops-Admin')).toMatchObject({
      maxSessionDuration: 7200,
      policies: { system: ['AliyunECSFullAccess'], inline: { name: 'ecs-describe', document: listEcs } },
    });

    const assignments = await rpc.pop(ak, 'ListAccessAssignments', { DirectoryId: dir, AccessConfigurationId: ac });
    expect(assignments.body).toMatchObject({
      IsTruncated: false,
      AccessAssignments: [{ AccessConfigurationId: ac, TargetType: 'RD-Account', TargetId: accounts.dev, PrincipalType: 'User', PrincipalId: users.alice, CreateTime: expect.any(String) }],
    });
    const restAssignments = await rpc.call('GET', `${base}/access-assignments?accessConfigurationId=${ac}`, { key: root.key });
    expect(restAssignments.json.accessAssignments).toEqual([expect.objectContaining({ principalId: users.alice, targetId: accounts.dev, createdAt: assignments.body.AccessAssignments[0].CreateTime })]);

    const provisionings = (query: Record<string, unknown> = {}) =>
      rpc.acs3(ak, 'ListAccessConfigurationProvisionings', { DirectoryId: dir, TargetType: 'RD-Account', TargetId: accounts.dev, ...query });
    expect((await provisionings()).body).toMatchObject({
      IsTruncated: false,
      AccessConfigurationProvisionings: [
        {
          AccessConfigurationId: ac,
          AccessConfigurationName: 'Ops-Admin',
          TargetType: 'RD-Account',
          TargetId: accounts.dev,
          RAMRoleName: 'AliyunReservedSSO-Ops-Admin',
          SAMLProviderName: `AliyunReservedSSO-${dir}`,
          Status: 'Provisioned',
        },
      ],
    });

    // A change leaves the account behind; ProvisionAccessConfiguration brings it up to date.
    const updated = await rpc.pop(ak, 'UpdateAccessConfiguration', { ...Configuration, NewSessionDuration: 3600, NewDescription: 'On call' });
    expect(updated.body.AccessConfiguration).toMatchObject({ SessionDuration: 3600, Description: 'On call', RelayState: 'https://ecs.console.example/' });
    expect((await provisionings({ ProvisioningStatus: 'ReprovisionRequired' })).body.AccessConfigurationProvisionings).toEqual([expect.objectContaining({ AccessConfigurationId: ac })]);
    expect((await provisionings({ ProvisioningStatus: 'Provisioned' })).body.AccessConfigurationProvisionings).toEqual([]);
    const provisioned = await rpc.acs3(ak, 'ProvisionAccessConfiguration', { ...Configuration, TargetType: 'RD-Account', TargetId: accounts.dev });
    expect(provisioned.status, JSON.stringify(provisioned.body)).toBe(200);
    expect(provisioned.body.Tasks).toEqual([expect.objectContaining({ TaskType: 'ProvisionAccessConfiguration', TargetId: accounts.dev, TargetName: 'Dev Sandbox' })]);
    const provisionTask = provisioned.body.Tasks[0].TaskId as string;
    expect(await finished(provisionTask)).toMatchObject({ Status: 'Success' });
    expect((await role(accounts.dev, 'AliyunReservedSSO-Ops-Admin'))?.maxSessionDuration).toBe(3600);
    expect((await provisionings()).body.AccessConfigurationProvisionings).toEqual([expect.objectContaining({ Status: 'Provisioned' })]);
    const restProvisionings = await rpc.call('GET', `${base}/accounts/${accounts.dev}/provisionings`, { key: root.key });
    expect(restProvisionings.json.provisionings).toEqual([expect.objectContaining({ accessConfigurationId: ac, status: 'Provisioned' })]);

    // Tasks, a page at a time: both tasks of this configuration, newest first, and GetTask in full.
    const seen: Record<string, unknown>[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await rpc.pop(ak, 'ListTasks', { DirectoryId: dir, AccessConfigurationId: ac, MaxResults: 1, ...(next ? { NextToken: next } : {}) }, 'GET');
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.Tasks.length).toBeLessThanOrEqual(1);
      expect(page.body.MaxResults).toBe(1);
      expect(page.body.IsTruncated).toBe(page.body.NextToken !== undefined);
      seen.push(...page.body.Tasks);
      next = page.body.NextToken;
      pages++;
    } while (next && pages < 10);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen.map((t) => t.TaskId)).toEqual([provisionTask, createTask]);
    expect(seen.map((t) => t.TaskType)).toEqual(['ProvisionAccessConfiguration', 'CreateAccessAssignment']);
    const onlyCreates = await rpc.acs3(ak, 'ListTasks', { DirectoryId: dir, AccessConfigurationId: ac, TaskType: 'CreateAccessAssignment', Status: 'Success' });
    expect(onlyCreates.body.Tasks.map((t: { TaskId: string }) => t.TaskId)).toEqual([createTask]);
    const task = await rpc.acs3(ak, 'GetTask', { DirectoryId: dir, TaskId: createTask });
    expect(task.body.Task).toMatchObject({ ...assigned.body.Task, Status: 'Success', StartTime: expect.any(String), EndTime: expect.any(String) });
    expect(task.body.Task).not.toHaveProperty('FailureReason');
    const restTask = await rpc.call('GET', `${base}/tasks/${createTask}`, { key: root.key });
    expect(restTask.json).toMatchObject({ taskId: createTask, status: 'Success', startTime: task.body.Task.StartTime, endTime: task.body.Task.EndTime });

    // Still assigned: the configuration cannot go.
    const conflict = await refusedWithoutChange(() => rpc.pop(ak, 'DeleteAccessConfiguration', Configuration));
    expect(conflict).toMatchObject({ status: 409, body: { Code: 'DeletionConflict.AccessConfiguration.AccessAssignment' } });

    // The assignment removed: its task takes the role out of the account.
    const removed = await rpc.pop(ak, 'DeleteAccessAssignment', { ...assignment, DeprovisionStrategy: 'DeprovisionForLastAccessAssignmentOnAccount' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.Task).toMatchObject({ TaskType: 'DeleteAccessAssignment', PrincipalId: users.alice, TargetId: accounts.dev });
    expect(await finished(removed.body.Task.TaskId)).toMatchObject({ Status: 'Success' });
    expect(await role(accounts.dev, 'AliyunReservedSSO-Ops-Admin')).toBeUndefined();
    expect((await rpc.call('GET', `${base}/access-assignments?accessConfigurationId=${ac}`, { key: root.key })).json.accessAssignments).toEqual([]);

    const deprovisioned = await rpc.acs3(ak, 'DeprovisionAccessConfiguration', { ...Configuration, TargetType: 'RD-Account', TargetId: accounts.dev });
    expect(deprovisioned.status, JSON.stringify(deprovisioned.body)).toBe(200);
    expect(deprovisioned.body.Tasks).toEqual([expect.objectContaining({ TaskType: 'DeprovisionAccessConfiguration', TargetId: accounts.dev })]);
    expect(await finished(deprovisioned.body.Tasks[0].TaskId)).toMatchObject({ Status: 'Success' });
    expect((await provisionings()).body.AccessConfigurationProvisionings).toEqual([]);
    expect(await rpc.container.sandboxCloud.samlProvider(accounts.dev as AccountId, `AliyunReservedSSO-${dir}`)).toBeUndefined();

    const deleted = await rpc.pop(ak, 'DeleteAccessConfiguration', { ...Configuration, ForceRemovePermissionPolicies: true });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect((await rpc.call('GET', `${base}/access-configurations/${ac}`, { key: root.key })).status).toBe(404);
  });

  it('assigns to a group, and keeps the role while the group still needs it', async () => {
    const ac = (await rpc.acs3(ak, 'CreateAccessConfiguration', { DirectoryId: dir, AccessConfigurationName: 'Shared-Ops' })).body.AccessConfiguration.AccessConfigurationId as string;
    const Configuration = { DirectoryId: dir, AccessConfigurationId: ac };
    const toGroup = { ...Configuration, TargetType: 'RD-Account', TargetId: accounts.prod, PrincipalType: 'Group', PrincipalId: groups.ops };
    const toUser = { ...toGroup, PrincipalType: 'User', PrincipalId: users.alice };
    const a = await rpc.pop(ak, 'CreateAccessAssignment', toGroup);
    expect(a.body.Task).toMatchObject({ PrincipalType: 'Group', PrincipalName: 'Operators' });
    const b = await rpc.pop(ak, 'CreateAccessAssignment', toUser);
    await finished(a.body.Task.TaskId);
    await finished(b.body.Task.TaskId);
    const byGroup = await rpc.acs3(ak, 'ListAccessAssignments', { DirectoryId: dir, PrincipalType: 'Group', PrincipalId: groups.ops });
    expect(byGroup.body.AccessAssignments).toEqual([expect.objectContaining({ AccessConfigurationId: ac, TargetId: accounts.prod })]);
    expect(await finished((await rpc.pop(ak, 'DeleteAccessAssignment', toUser)).body.Task.TaskId)).toMatchObject({ Status: 'Success' });
    expect(await role(accounts.prod, 'AliyunReservedSSO-Shared-Ops')).toBeDefined();
    const refused = await refusedWithoutChange(() => rpc.acs3(ak, 'DeprovisionAccessConfiguration', { ...Configuration, TargetType: 'RD-Account', TargetId: accounts.prod }));
    expect(refused).toMatchObject({ status: 409, body: { Code: 'DeletionConflict.AccessConfiguration.AccessAssignment' } });
    expect(await finished((await rpc.acs3(ak, 'DeleteAccessAssignment', toGroup)).body.Task.TaskId)).toMatchObject({ Status: 'Success' });
    expect(await role(accounts.prod, 'AliyunReservedSSO-Shared-Ops')).toBeUndefined();
    expect((await rpc.acs3(ak, 'DeleteAccessConfiguration', Configuration)).status).toBe(200);
  });
});

describe('refusals', () => {
  let ac: string;
  beforeAll(async () => {
    const created = await rpc.acs3(ak, 'CreateAccessConfiguration', { DirectoryId: dir, AccessConfigurationName: 'Refusals' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    ac = created.body.AccessConfiguration.AccessConfigurationId as string;
  });

  it('a configuration that does not exist (404), for reads and changes alike', async () => {
    const missing = { DirectoryId: dir, AccessConfigurationId: 'ac-doesnotexist' };
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'GetAccessConfiguration', missing, 'GET'))).toMatchObject({ status: 404, body: { Code: 'EntityNotExists.AccessConfiguration' } });
    expect(
      await refusedWithoutChange(() => rpc.acs3(ak, 'AddPermissionPolicyToAccessConfiguration', { ...missing, PermissionPolicyType: 'System', PermissionPolicyName: 'ReadOnlyAccess' })),
    ).toMatchObject({ status: 404, body: { Code: 'EntityNotExists.AccessConfiguration' } });
    const assign = { ...missing, TargetType: 'RD-Account', TargetId: accounts.dev, PrincipalType: 'User', PrincipalId: users.alice };
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateAccessAssignment', assign))).toMatchObject({ status: 404, body: { Code: 'EntityNotExists.AccessConfiguration' } });
  });

  it('a name already taken (409)', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateAccessConfiguration', { DirectoryId: dir, AccessConfigurationName: 'refusals' }))).toMatchObject({
      status: 409,
      body: { Code: 'EntityAlreadyExists.AccessConfiguration' },
    });
  });

  it('a session duration out of range (the domain rule) or not a number (the parameter)', async () => {
    for (const SessionDuration of [899, 43_201]) {
      const out = await refusedWithoutChange(() => rpc.acs3(ak, 'CreateAccessConfiguration', { DirectoryId: dir, AccessConfigurationName: 'Too-Long', SessionDuration }));
      expect(out, String(SessionDuration)).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.SessionDuration' } });
    }
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateAccessConfiguration', { DirectoryId: dir, AccessConfigurationName: 'Nan', SessionDuration: 'an hour' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.SessionDuration' },
    });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'UpdateAccessConfiguration', { DirectoryId: dir, AccessConfigurationId: ac, NewSessionDuration: 60 }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.SessionDuration' },
    });
  });

  it('a required parameter left out', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateAccessConfiguration', { DirectoryId: dir }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.AccessConfigurationName' },
    });
    expect(
      await refusedWithoutChange(() => rpc.acs3(ak, 'AddPermissionPolicyToAccessConfiguration', { DirectoryId: dir, AccessConfigurationId: ac, PermissionPolicyType: 'Inline', PermissionPolicyName: 'no-doc' })),
    ).toMatchObject({ status: 400, body: { Code: 'MissingParameter.InlinePolicyDocument' } });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'ListAccessConfigurationProvisionings', { DirectoryId: dir }))).toMatchObject({
      status: 400,
      body: { Code: 'MissingParameter.TargetId' },
    });
  });

  it('a principal type CloudSSO does not have, and a filter Atrium cannot apply', async () => {
    const assign = { DirectoryId: dir, AccessConfigurationId: ac, TargetType: 'RD-Account', TargetId: accounts.dev, PrincipalType: 'Role', PrincipalId: users.alice };
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateAccessAssignment', assign))).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.PrincipalType' } });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'ListAccessConfigurations', { DirectoryId: dir, Filter: 'AccessConfigurationName eq Refusals' }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.Filter' },
    });
  });

  it('an inline policy to update that is not attached, and an invalid inline document', async () => {
    const Configuration = { DirectoryId: dir, AccessConfigurationId: ac };
    expect(
      await refusedWithoutChange(() => rpc.acs3(ak, 'UpdateInlinePolicyForAccessConfiguration', { ...Configuration, InlinePolicyName: 'absent' }, { NewInlinePolicyDocument: policyDocument('ecs:*') })),
    ).toMatchObject({ status: 404, body: { Code: 'EntityNotExists.PermissionPolicy' } });
    expect(
      await refusedWithoutChange(() =>
        rpc.acs3(ak, 'AddPermissionPolicyToAccessConfiguration', { ...Configuration, PermissionPolicyType: 'Inline', PermissionPolicyName: 'broken' }, { InlinePolicyDocument: '{not json' }),
      ),
    ).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.PolicyDocument' } });
  });

  it("a read-only administrator's AccessKey reads but cannot change (403), as over REST", async () => {
    const reader = await administratorAccessKey(rpc, root.key, 'rpc-access-reader', ['AliyunCloudSSOReadOnlyAccess']);
    expect((await rpc.pop(reader, 'ListAccessConfigurations', { DirectoryId: dir }, 'GET')).status).toBe(200);
    const refused = await refusedWithoutChange(() => rpc.acs3(reader, 'CreateAccessConfiguration', { DirectoryId: dir, AccessConfigurationName: 'By-Reader' }));
    expect(refused).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
    expect(refused.body.Message).toContain('cloudsso:CreateAccessConfiguration');
    const assign = { DirectoryId: dir, AccessConfigurationId: ac, TargetType: 'RD-Account', TargetId: accounts.dev, PrincipalType: 'User', PrincipalId: users.alice };
    expect(await refusedWithoutChange(() => rpc.pop(reader, 'CreateAccessAssignment', assign))).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
  });
});

describe('the audit trail', () => {
  it('records a change made over RPC once, with channel RPC and the RAM action the REST route records', async () => {
    const out = await rpc.acs3(ak, 'CreateAccessConfiguration', { DirectoryId: dir, AccessConfigurationName: 'Audited', SessionDuration: 1800 });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    const events = await rpc.call('GET', `${base}/audit-events?action=cloudsso:CreateAccessConfiguration`, { key: root.key });
    expect(events.status, JSON.stringify(events.json)).toBe(200);
    const mine = events.json.events.filter((e: { requestId: string }) => e.requestId === out.body.RequestId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      channel: 'RPC',
      action: 'cloudsso:CreateAccessConfiguration',
      result: 'Success',
      tenant: { type: 'directory', id: dir },
      actor: { authenticatedBy: 'AccessKey', credentialId: ak.accessKeyId },
    });
  });
});
