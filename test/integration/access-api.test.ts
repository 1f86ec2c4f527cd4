import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountId } from '../../domain/shared/ids';
import { freshTable } from '../support/db';
import { accessWorld, apiWithWorkers, assign, type Api, type World } from '../support/access-world';
import type { InProcessQueue } from '../../adapters/local/in-process-queue';

let api: Api;
let queue: InProcessQueue;
let w: World;
let countItems: () => Promise<number>;

beforeAll(async () => {
  const t = await freshTable();
  countItems = t.countItems;
  ({ api, queue } = apiWithWorkers(t.table));
  w = await accessWorld(api);
  await queue.idle();
});

const roles = (accountId: string) => api.container.sandboxCloud.listRoles(accountId as AccountId, 'AliyunReservedSSO-');
const provisionings = async (accountId: string) =>
  (await api.call('GET', `${w.base}/accounts/${accountId}/provisionings`, { key: w.key })).json.provisionings as { accessConfigurationId: string; status: string }[];
const task = async (taskId: string) => (await api.call('GET', `${w.base}/tasks/${taskId}`, { key: w.key })).json;

describe('access configurations', () => {
  it('are created with defaults, listed, read and named uniquely (case-insensitively)', async () => {
    const res = await api.call('POST', `${w.base}/access-configurations`, { key: w.key, body: { name: 'ReadOnly-Ops', description: 'Read only' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'ReadOnly-Ops', sessionDuration: 3600, permissionPolicies: [], roleName: 'AliyunReservedSSO-ReadOnly-Ops', revision: 1 });
    expect(res.json.id).toMatch(/^ac-[a-z0-9]+$/);
    const again = await api.call('POST', `${w.base}/access-configurations`, { key: w.key, body: { name: 'readonly-ops' } });
    expect(again).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.AccessConfiguration' } });
    const list = await api.call('GET', `${w.base}/access-configurations`, { key: w.key });
    expect(list.json.accessConfigurations.map((c: { name: string }) => c.name)).toContain('ReadOnly-Ops');
    expect((await api.call('GET', `${w.base}/access-configurations/${res.json.id}`, { key: w.key })).json.description).toBe('Read only');
  });

  it.each([
    ['a name with an underscore', { name: 'bad_name' }, 'InvalidParameter.AccessConfigurationName'],
    ['a 33-character name', { name: 'a'.repeat(33) }, 'InvalidParameter.AccessConfigurationName'],
    ['a session under 900 s', { name: 'short', sessionDuration: 899 }, 'InvalidParameter'],
    ['a session over 12 h', { name: 'long', sessionDuration: 43_201 }, 'InvalidParameter'],
    ['a relay state that is not a URL', { name: 'relay', relayState: 'javascript:alert(1)' }, 'InvalidParameter.RelayState'],
  ])('refuses %s, writing nothing', async (_what, body, code) => {
    const before = await countItems();
    const res = await api.call('POST', `${w.base}/access-configurations`, { key: w.key, body });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe(code);
    expect(await countItems()).toBe(before);
  });

  it('take up to 20 system policies from the catalogue and one validated inline policy', async () => {
    const id = await w.configuration('Policies');
    const path = `${w.base}/access-configurations/${id}/permission-policies`;
    expect((await api.call('POST', path, { key: w.key, body: { type: 'System', name: 'AdministratorAccess' } })).status).toBe(200);
    expect((await api.call('POST', path, { key: w.key, body: { type: 'System', name: 'NoSuchPolicy' } })).json.code).toBe('EntityNotExists.PermissionPolicy');
    expect((await api.call('POST', path, { key: w.key, body: { type: 'System', name: 'AdministratorAccess' } })).json.code).toBe('EntityAlreadyExists.PermissionPolicy');
    const good = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['ecs:Describe*'], Resource: '*', Condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } } }] });
    expect((await api.call('POST', path, { key: w.key, body: { type: 'Inline', name: 'ecs-describe', document: good } })).json.permissionPolicies).toEqual([
      { type: 'System', name: 'AdministratorAccess' },
      { type: 'Inline', name: 'ecs-describe', document: good },
    ]);
    for (const [document, where] of [
      ['{not json', 'not valid JSON'],
      [JSON.stringify({ Version: '2', Statement: [] }), 'Version'],
      [JSON.stringify({ Version: '1', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }), 'Effect'],
      [JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'not an action', Resource: '*' }] }), 'Action'],
      [JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*' }] }), 'Resource'],
      [JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: 'yes' }] }), 'Condition'],
      [JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'x'.repeat(4_100) }] }), '4096'],
    ]) {
      const res = await api.call('POST', path, { key: w.key, body: { type: 'Inline', name: 'ecs-describe', document } });
      expect(res.json.code, where).toBe('InvalidParameter.PolicyDocument');
      expect(res.json.message.replace(',', '')).toContain(where);
    }
    expect((await api.call('POST', path, { key: w.key, body: { type: 'Inline', name: 'second', document: good } })).json.code).toBe('QuotaExceeded.PermissionPolicies');
    const catalogue = ['ReadOnlyAccess', 'AliyunECSFullAccess', 'AliyunECSReadOnlyAccess', 'AliyunOSSFullAccess', 'AliyunOSSReadOnlyAccess', 'AliyunRDSFullAccess',
      'AliyunRDSReadOnlyAccess', 'AliyunVPCFullAccess', 'AliyunVPCReadOnlyAccess', 'AliyunSLBFullAccess', 'AliyunSLBReadOnlyAccess', 'AliyunRAMFullAccess',
      'AliyunRAMReadOnlyAccess', 'AliyunLogFullAccess', 'AliyunLogReadOnlyAccess', 'AliyunCloudMonitorFullAccess', 'AliyunCloudMonitorReadOnlyAccess',
      'AliyunActionTrailFullAccess', 'AliyunKMSFullAccess'];
    for (const name of catalogue) expect((await api.call('POST', path, { key: w.key, body: { type: 'System', name } })).status, name).toBe(200);
    expect((await api.call('POST', path, { key: w.key, body: { type: 'System', name: 'AliyunBSSFullAccess' } })).json.code).toBe('QuotaExceeded.PermissionPolicies');
    const removed = await api.call('DELETE', `${path}/Inline/ecs-describe`, { key: w.key });
    expect(removed.json.permissionPolicies.some((p: { type: string }) => p.type === 'Inline')).toBe(false);
    expect((await api.call('DELETE', `${path}/System/AliyunBSSFullAccess`, { key: w.key })).json.code).toBe('EntityNotExists.PermissionPolicy');
  });
});

describe('access assignments and provisioning', () => {
  it('provision a role and a SAML provider into the account, asynchronously, as a task', async () => {
    const ac = await w.configuration('Developers', { sessionDuration: 7200, relayState: 'https://ecs.console.example/' });
    await api.call('POST', `${w.base}/access-configurations/${ac}/permission-policies`, { key: w.key, body: { type: 'System', name: 'AliyunECSFullAccess' } });
    const res = await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalId: w.users.alice });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({
      taskType: 'CreateAccessAssignment',
      status: 'InProgress',
      accessConfigurationId: ac,
      accessConfigurationName: 'Developers',
      targetType: 'RD-Account',
      targetId: w.accounts.dev,
      targetName: 'Dev Sandbox',
      principalType: 'User',
      principalId: w.users.alice,
      principalName: 'alice@access.example',
    });
    await queue.idle();
    expect(await task(res.json.taskId)).toMatchObject({ status: 'Success', endTime: expect.any(String) });
    expect(await roles(w.accounts.dev)).toEqual(['AliyunReservedSSO-Developers']);
    const role = await api.container.sandboxCloud.role(w.accounts.dev as AccountId, 'AliyunReservedSSO-Developers');
    expect(role).toMatchObject({ maxSessionDuration: 7200, samlProviderName: `AliyunReservedSSO-${w.dir}`, policies: { system: ['AliyunECSFullAccess'] } });
    const provider = await api.container.sandboxCloud.samlProvider(w.accounts.dev as AccountId, `AliyunReservedSSO-${w.dir}`);
    expect(provider?.idpEntityId).toBe(`urn:atrium:cloudsso:${w.dir}`);
    expect(provider?.certificates.length).toBeGreaterThanOrEqual(1);
    expect(await provisionings(w.accounts.dev)).toMatchObject([{ accessConfigurationId: ac, status: 'Provisioned' }]);

    const twice = await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalId: w.users.alice });
    expect(twice).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.AccessAssignment' } });

    // A change marks the account ReprovisionRequired; an explicit provision brings it up to date.
    const changed = await api.call('PATCH', `${w.base}/access-configurations/${ac}`, { key: w.key, body: { sessionDuration: 3600 } });
    expect(changed.json.revision).toBe(3);
    expect(await provisionings(w.accounts.dev)).toMatchObject([{ status: 'ReprovisionRequired' }]);
    const again = await api.call('POST', `${w.base}/access-configurations/${ac}/provisionings`, { key: w.key, body: { accountId: w.accounts.dev } });
    expect(again).toMatchObject({ status: 202, json: { taskType: 'ProvisionAccessConfiguration' } });
    await queue.idle();
    expect(await provisionings(w.accounts.dev)).toMatchObject([{ status: 'Provisioned' }]);
    expect((await api.container.sandboxCloud.role(w.accounts.dev as AccountId, 'AliyunReservedSSO-Developers'))?.maxSessionDuration).toBe(3600);

    // Deleting the configuration is refused while assigned, then while provisioned.
    expect((await api.call('DELETE', `${w.base}/access-configurations/${ac}`, { key: w.key })).json.code).toBe('DeletionConflict.AccessConfiguration.AccessAssignment');
    const query = `accessConfigurationId=${ac}&targetType=RD-Account&targetId=${w.accounts.dev}&principalType=User&principalId=${w.users.alice}`;
    const removed = await api.call('DELETE', `${w.base}/access-assignments?${query}`, { key: w.key });
    expect(removed).toMatchObject({ status: 202, json: { taskType: 'DeleteAccessAssignment' } });
    await queue.idle();
    // The last assignment gone: the role and the (now unused) SAML provider go too.
    expect(await roles(w.accounts.dev)).toEqual([]);
    expect(await api.container.sandboxCloud.samlProvider(w.accounts.dev as AccountId, `AliyunReservedSSO-${w.dir}`)).toBeUndefined();
    expect(await provisionings(w.accounts.dev)).toEqual([]);
    expect((await api.call('DELETE', `${w.base}/access-assignments?${query}`, { key: w.key })).json.code).toBe('EntityNotExists.AccessAssignment');
    expect((await api.call('DELETE', `${w.base}/access-configurations/${ac}`, { key: w.key })).status).toBe(204);
  });

  it('keep the role while another assignment still needs it', async () => {
    const ac = await w.configuration('Shared');
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.prod, principalId: w.users.alice });
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.prod, principalType: 'Group', principalId: w.groups.engineers });
    await queue.idle();
    const query = `accessConfigurationId=${ac}&targetType=RD-Account&targetId=${w.accounts.prod}&principalType=User&principalId=${w.users.alice}`;
    await api.call('DELETE', `${w.base}/access-assignments?${query}`, { key: w.key });
    await queue.idle();
    expect(await roles(w.accounts.prod)).toContain('AliyunReservedSSO-Shared');
    const refused = await api.call('DELETE', `${w.base}/access-configurations/${ac}/provisionings/${w.accounts.prod}`, { key: w.key });
    expect(refused.json.code).toBe('DeletionConflict.AccessConfiguration.AccessAssignment');
  });

  it('are listed by principal, by target and by configuration, and their tasks by filters', async () => {
    const ac = await w.configuration('Listing');
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.payments, principalId: w.users.alice });
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalType: 'Group', principalId: w.groups.engineers });
    await queue.idle();
    const byConfig = await api.call('GET', `${w.base}/access-assignments?accessConfigurationId=${ac}`, { key: w.key });
    expect(byConfig.json.accessAssignments).toHaveLength(2);
    const byTarget = await api.call('GET', `${w.base}/access-assignments?targetType=RD-Account&targetId=${w.accounts.payments}&accessConfigurationId=${ac}`, { key: w.key });
    expect(byTarget.json.accessAssignments).toEqual([expect.objectContaining({ principalId: w.users.alice, targetId: w.accounts.payments })]);
    const byGroup = await api.call('GET', `${w.base}/access-assignments?principalType=Group&principalId=${w.groups.engineers}&accessConfigurationId=${ac}`, { key: w.key });
    expect(byGroup.json.accessAssignments).toEqual([expect.objectContaining({ targetId: w.accounts.dev })]);
    expect((await api.call('GET', `${w.base}/access-assignments`, { key: w.key })).json.code).toBe('MissingParameter.Filter');

    const tasks = await api.call('GET', `${w.base}/tasks?accessConfigurationId=${ac}&status=Success`, { key: w.key });
    expect(tasks.json.tasks).toHaveLength(2);
    const byTargetTasks = await api.call('GET', `${w.base}/tasks?targetId=${w.accounts.payments}&accessConfigurationId=${ac}`, { key: w.key });
    expect(byTargetTasks.json.tasks.map((t: { principalId: string }) => t.principalId)).toEqual([w.users.alice]);
    expect((await api.call('GET', `${w.base}/tasks?status=Failed&accessConfigurationId=${ac}`, { key: w.key })).json.tasks).toEqual([]);
    expect((await api.call('GET', `${w.base}/tasks?taskType=DeleteAccessAssignment&accessConfigurationId=${ac}`, { key: w.key })).json.tasks).toEqual([]);
  });

  it('refuse principals, targets and configurations that do not exist, writing nothing', async () => {
    const ac = await w.configuration('Nowhere');
    const before = await countItems();
    expect((await assign(api, w, { accessConfigurationId: ac, targetId: '1234567890123456', principalId: w.users.alice })).json.code).toBe('EntityNotExists.Account');
    expect((await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalId: 'u-nobody' })).json.code).toBe('EntityNotExists.User');
    expect((await assign(api, w, { accessConfigurationId: ac, targetType: 'RD-Folder', targetId: 'fd-nowhere', principalId: w.users.alice })).json.code).toBe('EntityNotExists.Folder');
    expect((await assign(api, w, { accessConfigurationId: 'ac-missing', targetId: w.accounts.dev, principalId: w.users.alice })).json.code).toBe('EntityNotExists.AccessConfiguration');
    const other = await api.openAccount('Outsider');
    expect((await assign(api, w, { accessConfigurationId: ac, targetId: other.accountId, principalId: w.users.alice })).json.code).toBe('EntityNotExists.Account');
    expect(await countItems()).toBe(before + 4); // the outsider's account, its root key and its two lookups (by hash, by AccessKeyId)
  });

  it('on a folder reach every account below it, including accounts added or moved in later', async () => {
    const ac = await w.configuration('ProdAdmins');
    const res = await assign(api, w, { accessConfigurationId: ac, targetType: 'RD-Folder', targetId: w.folders.prod, principalType: 'Group', principalId: w.groups.engineers });
    expect(res.status).toBe(202);
    await queue.idle();
    expect(await roles(w.accounts.prod)).toContain('AliyunReservedSSO-ProdAdmins');
    expect(await roles(w.accounts.payments)).toContain('AliyunReservedSSO-ProdAdmins');
    expect(await roles(w.accounts.dev)).not.toContain('AliyunReservedSSO-ProdAdmins');
    const late = await w.account('Prod Late', w.folders.payments);
    await queue.idle();
    expect(await roles(late)).toContain('AliyunReservedSSO-ProdAdmins');
    // Moving an account out of the folder takes the access away; moving one in gives it.
    expect((await api.call('PATCH', `/api/v1/resource-directory/accounts/${late}`, { key: w.key, body: { folderId: (await rootFolder()) } })).status).toBe(200);
    expect((await api.call('PATCH', `/api/v1/resource-directory/accounts/${w.accounts.dev}`, { key: w.key, body: { folderId: w.folders.prod } })).status).toBe(200);
    await queue.idle();
    expect(await roles(late)).not.toContain('AliyunReservedSSO-ProdAdmins');
    expect(await roles(w.accounts.dev)).toContain('AliyunReservedSSO-ProdAdmins');
    await api.call('PATCH', `/api/v1/resource-directory/accounts/${w.accounts.dev}`, { key: w.key, body: { folderId: await rootFolder() } });
    await queue.idle();
  });

  it('that are time-bound stop applying at their end and are removed by the expiry job', async () => {
    const ac = await w.configuration('BreakFix');
    const end = new Date(api.clock.now().getTime() + 3_600_000).toISOString();
    const res = await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.payments, principalId: w.users.alice, expiresAt: end });
    expect(res.status).toBe(202);
    await queue.idle();
    expect(await roles(w.accounts.payments)).toContain('AliyunReservedSSO-BreakFix');
    const listed = await api.call('GET', `${w.base}/access-assignments?accessConfigurationId=${ac}`, { key: w.key });
    expect(listed.json.accessAssignments[0].expiresAt).toBe(end);
    expect((await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalId: w.users.alice, expiresAt: new Date(api.clock.now().getTime() + 60_000).toISOString() })).json.code).toBe('InvalidParameter.ExpiresAt');

    const { removeExpiredAssignments } = await import('../../domain/access/access-assignment-use-cases');
    expect(await removeExpiredAssignments(api.container)).toBe(0);
    api.clock.advance(3_600_000);
    expect(await removeExpiredAssignments(api.container)).toBe(1);
    await queue.idle();
    expect(await roles(w.accounts.payments)).not.toContain('AliyunReservedSSO-BreakFix');
    expect((await api.call('GET', `${w.base}/access-assignments?accessConfigurationId=${ac}`, { key: w.key })).json.accessAssignments).toEqual([]);
  });

  it('block deleting their group from the management API; a SCIM delete removes them and their roles', async () => {
    const ac = await w.configuration('GroupBound');
    const g = await api.call('POST', `${w.base}/groups`, { key: w.key, body: { name: 'Temporary' } });
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalType: 'Group', principalId: g.json.id });
    await queue.idle();
    const refused = await api.call('DELETE', `${w.base}/groups/${g.json.id}`, { key: w.key });
    expect(refused).toMatchObject({ status: 409, json: { code: 'DeletionConflict.Group' } });
    expect(refused.json.message).toContain('1 access assignments');

    await api.call('PUT', `${w.base}/scim-synchronization`, { key: w.key, body: { enabled: true } });
    const token = (await api.call('POST', `${w.base}/scim-credentials`, { key: w.key })).json.secret as string;
    const scim = (method: string, path: string, body?: unknown) =>
      api.call(method, `/scim/v2${path}`, { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, ...(body ? { raw: JSON.stringify(body) } : {}) });
    const synced = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Synced Admins' });
    expect(synced.status).toBe(201);
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.payments, principalType: 'Group', principalId: synced.json.id });
    await queue.idle();
    expect(await roles(w.accounts.payments)).toContain('AliyunReservedSSO-GroupBound');
    expect((await scim('DELETE', `/Groups/${synced.json.id}`)).status).toBe(204);
    await queue.idle();
    expect(await roles(w.accounts.payments)).not.toContain('AliyunReservedSSO-GroupBound');
    const left = await api.call('GET', `${w.base}/access-assignments?principalType=Group&principalId=${synced.json.id}`, { key: w.key });
    expect(left.json.accessAssignments).toEqual([]);
    await api.call('PUT', `${w.base}/scim-synchronization`, { key: w.key, body: { enabled: false } });
  });

  it('a signing-key rotation re-writes the accounts\' SAML providers before the new key signs, and keeps the old one trusted', async () => {
    const ac = await w.configuration('Rotation');
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.payments, principalId: w.users.bob });
    await queue.idle();
    const provider = () => api.container.sandboxCloud.samlProvider(w.accounts.payments as AccountId, `AliyunReservedSSO-${w.dir}`);
    const before = (await provider())!.certificates;
    const keys = `${w.base}/saml-idp/signing-keys`;
    const pending = await api.call('POST', keys, { key: w.key });
    expect(pending.status).toBe(201);
    await queue.idle();
    const published = (await api.call('GET', keys, { key: w.key })).json.keys.map((k: { certificate: string }) => k.certificate);
    expect(published).toHaveLength(before.length + 1);
    expect([...(await provider())!.certificates].sort()).toEqual([...published].sort());
    expect((await api.call('POST', `${keys}/${pending.json.keyId}/activate`, { key: w.key })).status).toBe(200);
    await queue.idle();
    const after = (await provider())!.certificates;
    expect(after).toEqual(expect.arrayContaining([...before, pending.json.certificate]));
  });

  it('block deleting their user until removed', async () => {
    const ac = await w.configuration('Blocking');
    const u = await api.call('POST', `${w.base}/users`, { key: w.key, body: { userName: 'carol@access.example' } });
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalId: u.json.id });
    const refused = await api.call('DELETE', `${w.base}/users/${u.json.id}`, { key: w.key });
    expect(refused.status).toBe(409);
    expect(refused.json.message).toContain('1 access assignments');
  });
});

const rootFolder = async () => (await api.call('GET', '/api/v1/resource-directory', { key: w.key })).json.rootFolderId as string;
