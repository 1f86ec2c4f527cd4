import { beforeAll, describe, expect, it } from 'vitest';
import type { CloudCredentialBroker, CloudProvisioner, RoleSpec } from '../../domain/access/cloud';
import type { AccountId } from '../../domain/shared/ids';
import { taskReadyEvent } from '../../events/task-ready';
import { createSweeperHandler } from '../../functions/schedule/tasks-sweeper';
import type { InProcessQueue } from '../../adapters/local/in-process-queue';
import { freshTable } from '../support/db';
import { accessWorld, apiWithWorkers, assign, type Api, type World } from '../support/access-world';

/** The cloud, with failures injected on `putRole` and every call counted. */
const faultyCloud = () => {
  const state = { failPutRole: 0, putRoleCalls: 0, reason: 'the cloud is unavailable (injected)' };
  const wrap = (inner: CloudProvisioner & CloudCredentialBroker): CloudProvisioner & CloudCredentialBroker => ({
    putSamlProvider: (spec) => inner.putSamlProvider(spec),
    deleteSamlProvider: (a, n) => inner.deleteSamlProvider(a, n),
    putRole: async (spec: RoleSpec) => {
      state.putRoleCalls++;
      if (state.failPutRole > 0) {
        state.failPutRole--;
        throw new Error(state.reason);
      }
      return inner.putRole(spec);
    },
    deleteRole: (a, n) => inner.deleteRole(a, n),
    listRoles: (a, p) => inner.listRoles(a, p),
    assumeRoleWithSaml: (input) => inner.assumeRoleWithSaml(input),
  });
  return { state, wrap };
};

let api: Api;
let queue: InProcessQueue;
let control: { crash: boolean };
let delays: number[];
let w: World;
const cloud = faultyCloud();

beforeAll(async () => {
  const t = await freshTable();
  ({ api, queue, control, delays } = apiWithWorkers(t.table, { wrapCloud: cloud.wrap }));
  w = await accessWorld(api, 'Reliable Corp');
  await queue.idle();
});

const task = async (taskId: string) => (await api.call('GET', `${w.base}/tasks/${taskId}`, { key: w.key })).json;
const provisioning = async (accountId: string, ac: string) =>
  ((await api.call('GET', `${w.base}/accounts/${accountId}/provisionings`, { key: w.key })).json.provisionings as { accessConfigurationId: string; status: string }[]).find(
    (p) => p.accessConfigurationId === ac,
  );
const roles = (accountId: string) => api.container.sandboxCloud.listRoles(accountId as AccountId, 'AliyunReservedSSO-');

describe('provisioning tasks', () => {
  it('a duplicate message provisions once', async () => {
    const ac = await w.configuration('Dup');
    const calls = cloud.state.putRoleCalls;
    const created = await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalId: w.users.alice });
    await queue.idle();
    queue.send([JSON.stringify(taskReadyEvent({ scope: { kind: 'directory', id: w.dir as never }, taskId: created.json.taskId }))]);
    queue.send([JSON.stringify(taskReadyEvent({ scope: { kind: 'directory', id: w.dir as never }, taskId: created.json.taskId }))]);
    await queue.idle();
    expect(cloud.state.putRoleCalls - calls).toBe(1);
    expect(await task(created.json.taskId)).toMatchObject({ status: 'Success', attempts: 1 });
  });

  it('a crash between the write and the send is completed by the sweeper', async () => {
    const ac = await w.configuration('Crash');
    control.crash = true;
    const created = await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.prod, principalId: w.users.alice });
    control.crash = false;
    await queue.idle();
    expect(await task(created.json.taskId)).toMatchObject({ status: 'InProgress' });
    expect(await roles(w.accounts.prod)).not.toContain('AliyunReservedSSO-Crash');
    api.clock.advance(6 * 60_000);
    expect((await createSweeperHandler(() => api.container)()).resent).toBeGreaterThanOrEqual(1);
    await queue.idle();
    expect(await task(created.json.taskId)).toMatchObject({ status: 'Success' });
    expect(await roles(w.accounts.prod)).toContain('AliyunReservedSSO-Crash');
  });

  it('an adapter failing four times then succeeding ends Provisioned', async () => {
    const ac = await w.configuration('Flaky');
    cloud.state.failPutRole = 4;
    delays.length = 0;
    const created = await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.payments, principalId: w.users.alice });
    await queue.idle();
    expect(cloud.state.failPutRole).toBe(0);
    expect(await task(created.json.taskId)).toMatchObject({ status: 'Success', attempts: 5 });
    expect(await provisioning(w.accounts.payments, ac)).toMatchObject({ status: 'Provisioned' });
    // Retries back off: 5 s, 10 s, 20 s, 40 s (SQS ChangeMessageVisibility in AWS).
    expect(delays).toEqual([5, 10, 20, 40]);
    expect(queue.deadLetters()).toHaveLength(0);
  });

  it('six failures end in the dead-letter queue with the task Failed and its reason visible', async () => {
    const ac = await w.configuration('Broken');
    cloud.state.failPutRole = 6;
    const created = await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalType: 'Group', principalId: w.groups.engineers });
    await queue.idle();
    expect(queue.deadLetters()).toHaveLength(1);
    expect(JSON.parse(queue.deadLetters()[0]!.body)).toMatchObject({ taskId: created.json.taskId });
    const failed = await task(created.json.taskId);
    expect(failed).toMatchObject({ status: 'Failed', attempts: 5 });
    expect(failed.failureReason).toContain('Gave up after 5 attempts: the cloud is unavailable (injected)');
    const listed = await api.call('GET', `${w.base}/tasks?status=Failed`, { key: w.key });
    expect(listed.json.tasks.map((t: { taskId: string }) => t.taskId)).toEqual([created.json.taskId]);
    expect(await provisioning(w.accounts.dev, ac)).toBeUndefined();
    // An explicit provision (the operator's retry) converges once the cloud is back.
    cloud.state.failPutRole = 0;
    const retried = await api.call('POST', `${w.base}/access-configurations/${ac}/provisionings`, { key: w.key, body: { accountId: w.accounts.dev } });
    expect(retried.status).toBe(202);
    await queue.idle();
    expect(await provisioning(w.accounts.dev, ac)).toMatchObject({ status: 'Provisioned' });
  });

  it('a failed removal leaves the account DeprovisionFailed with the reason', async () => {
    const ac = await w.configuration('Sticky');
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.prod, principalId: w.users.bob });
    await queue.idle();
    const original = api.container.cloud.deleteRole;
    let failures = 10;
    (api.container.cloud as { deleteRole: typeof original }).deleteRole = async (a, n) => {
      if (failures-- > 0) throw new Error('role is in use (injected)');
      return original(a, n);
    };
    try {
      const query = `accessConfigurationId=${ac}&targetType=RD-Account&targetId=${w.accounts.prod}&principalType=User&principalId=${w.users.bob}`;
      await api.call('DELETE', `${w.base}/access-assignments?${query}`, { key: w.key });
      await queue.idle();
      expect(await provisioning(w.accounts.prod, ac)).toMatchObject({ status: 'DeprovisionFailed' });
    } finally {
      (api.container.cloud as { deleteRole: typeof original }).deleteRole = original;
    }
  });
});
