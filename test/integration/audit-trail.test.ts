import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient, freshTable } from '../support/db';
import { PortalClient } from '../support/browserless';
import { apiOver } from '../support/stack';
import { TEST_NOW } from '../support/clock';
import { awsError, FaultySender } from '../support/faults';

let api: ReturnType<typeof apiOver>;
let tableName: string;
let countItems: () => Promise<number>;
let org: { key: string; accountId: string; dir: string; name: string; base: string };
let other: { key: string; accountId: string; dir: string; base: string };

type Event = {
  id: string;
  time: string;
  tenant: { type: string; id: string };
  actor: { type: string; id?: string; name?: string; authenticatedBy: string; credentialId?: string };
  source: { ip: string; userAgent?: string };
  channel: string;
  action: string;
  resources: { type: string; id: string }[];
  request?: Record<string, unknown>;
  result: 'Success' | 'Failure';
  errorCode?: string;
  requestId: string;
};

/** Every audit item of the table, raw: what a secret would leak into if anything did. */
const rawAuditItems = async () => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const out = await dynamoClient().send(
      new ScanCommand({ TableName: tableName, FilterExpression: 'begins_with(pk, :a)', ExpressionAttributeValues: { ':a': { S: 'AUDIT#' } }, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    start = out.LastEvaluatedKey as typeof start;
  } while (start);
  return items;
};

const events = async (key: string, trail: string, query: Record<string, string> = {}) => {
  const qs = new URLSearchParams({ from: new Date(Date.parse(TEST_NOW) - 86_400_000).toISOString(), to: new Date(Date.parse(TEST_NOW) + 86_400_000).toISOString(), ...query });
  const res = await api.call('GET', `${trail}/audit-events?${qs}`, { key });
  if (res.status !== 200) console.log(JSON.stringify(api.logs.filter((l) => l.level === 'error').slice(-2)));
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.events as Event[];
};

const byRequest = async (key: string, trail: string, requestId: string) => (await events(key, trail)).filter((e) => e.requestId === requestId);

beforeAll(async () => {
  const t = await freshTable();
  tableName = t.name;
  countItems = t.countItems;
  api = apiOver(t.table);
  const a = await api.openAccount('Audit Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: a.key });
  const d = (await api.call('POST', '/api/v1/cloudsso/directories', { key: a.key, body: { name: 'audit-corp', region: 'cn-shanghai' } })).json;
  org = { key: a.key, accountId: a.accountId, dir: d.id, name: d.name, base: `/api/v1/cloudsso/directories/${d.id}` };
  const b = await api.openAccount('Other Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: b.key });
  const od = (await api.call('POST', '/api/v1/cloudsso/directories', { key: b.key, body: { name: 'other-corp', region: 'cn-shanghai' } })).json;
  other = { key: b.key, accountId: b.accountId, dir: od.id, base: `/api/v1/cloudsso/directories/${od.id}` };
});

describe('management calls', () => {
  it('a created user is one event: who, from where, what, the new user, no password', async () => {
    const res = await api.call('POST', `${org.base}/users`, {
      key: org.key,
      body: { userName: 'carol@audit.example', displayName: 'Carol' },
      headers: { 'user-agent': 'audit-test/1.0' },
      clientIp: '203.0.113.7',
    });
    expect(res.status).toBe(201);
    const requestId = res.headers.get('x-request-id')!;
    const [event, ...more] = await byRequest(org.key, org.base, requestId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      tenant: { type: 'directory', id: org.dir },
      actor: { type: 'Account', id: org.accountId, authenticatedBy: 'ApiKey' },
      source: { ip: '203.0.113.7', userAgent: 'audit-test/1.0' },
      channel: 'REST',
      action: 'cloudsso:CreateUser',
      result: 'Success',
      request: { directoryId: org.dir, userName: 'carol@audit.example', displayName: 'Carol' },
    });
    expect(event!.actor.credentialId).toMatch(/^AK/);
    expect(event!.resources).toEqual(expect.arrayContaining([{ type: 'Directory', id: org.dir }, { type: 'User', id: res.json.id }]));
  });

  it('answers who assigned an access configuration to a user', async () => {
    const admin = await api.call('POST', '/api/v1/administrators', { key: org.key, body: { name: 'sso-admin', policies: ['AliyunCloudSSOFullAccess'] } });
    expect(admin.status, JSON.stringify(admin.json)).toBe(201);
    const adminKey = (await api.call('POST', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: org.key })).json.secret as string;
    const member = (await api.call('POST', '/api/v1/resource-directory/accounts', { key: org.key, body: { displayName: 'Audited Prod' } })).json.id as string;
    const user = (await api.call('POST', `${org.base}/users`, { key: org.key, body: { userName: 'dave@audit.example' } })).json.id as string;
    const ac = (await api.call('POST', `${org.base}/access-configurations`, { key: adminKey, body: { name: 'Auditors' } })).json.id as string;
    const assigned = await api.call('POST', `${org.base}/access-assignments`, {
      key: adminKey,
      body: { accessConfigurationId: ac, targetType: 'RD-Account', targetId: member, principalType: 'User', principalId: user },
      clientIp: '198.51.100.20',
    });
    expect(assigned.status, JSON.stringify(assigned.json)).toBeLessThan(300);
    const found = await events(org.key, org.base, { action: 'cloudsso:CreateAccessAssignment', resource: user });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      actor: { type: 'Administrator', id: admin.json.id, name: 'sso-admin', authenticatedBy: 'ApiKey' },
      source: { ip: '198.51.100.20' },
      result: 'Success',
    });
    expect(found[0]!.resources).toEqual(expect.arrayContaining([{ type: 'AccessConfiguration', id: ac }, { type: 'RD-Account', id: member }, { type: 'User', id: user }]));
  });

  it('a refused call is one Failure event with the error code, and changes nothing', async () => {
    const before = await countItems();
    const res = await api.call('POST', `${org.base}/users`, { key: org.key, body: { userName: 'bad name with spaces' } });
    expect(res.status).toBe(400);
    expect(await countItems()).toBe(before);
    const recorded = await byRequest(org.key, org.base, res.headers.get('x-request-id')!);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ action: 'cloudsso:CreateUser', result: 'Failure', errorCode: res.json.code });
  });

  it('a transaction that fails records no success and changes nothing', async () => {
    await api.call('POST', `${org.base}/users`, { key: org.key, body: { userName: 'twice@audit.example' } });
    const before = await countItems();
    const again = await api.call('POST', `${org.base}/users`, { key: org.key, body: { userName: 'twice@audit.example' } });
    expect(again.status).toBe(409);
    expect(await countItems()).toBe(before);
    const recorded = await byRequest(org.key, org.base, again.headers.get('x-request-id')!);
    expect(recorded.map((e) => e.result)).toEqual(['Failure']);
  });

  it("one tenant's auditors never see another's events, and cannot write into its trail", async () => {
    const peek = await api.call('GET', `${other.base}/audit-events`, { key: org.key });
    expect(peek.status, JSON.stringify(peek.json)).toBe(404);
    expect((await api.call('GET', `${org.base}/audit-events`, { key: other.key })).status).toBe(404);
    // A probe at another account's directory is the prober's own business.
    const probe = await api.call('POST', `${other.base}/users`, { key: org.key, body: { userName: 'intruder@audit.example' } });
    expect(probe.status).toBe(404);
    const id = probe.headers.get('x-request-id')!;
    expect(await byRequest(other.key, other.base, id)).toEqual([]);
    const mine = await byRequest(org.key, '/api/v1/account', id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ tenant: { type: 'account', id: org.accountId }, result: 'Failure', action: 'cloudsso:CreateUser' });
    expect((await events(other.key, other.base)).every((e) => e.tenant.id === other.dir)).toBe(true);
  });
});

describe('portal logons', () => {
  const portal = (ip: string) => new PortalClient((req, env) => api.gateway.fetch(req, env), 'http://127.0.0.1:3000', { testClientIp: ip });

  it('records failed and successful logons, never the password, and answers who logged on in the last hour from where', async () => {
    const user = (await api.call('POST', `${org.base}/users`, { key: org.key, body: { userName: 'erin@audit.example' } })).json.id as string;
    expect((await api.call('PUT', `${org.base}/users/${user}/password`, { key: org.key, body: { password: 'Erin-Passw0rd!', mustChange: false } })).status).toBe(200);
    const wrong = portal('192.0.2.44');
    await wrong.go('GET', `/portal/${org.name}/login`);
    await wrong.submit(`/portal/${org.name}/login`, { userName: 'erin@audit.example', password: 'Wrong-Secret-123!' });
    expect(wrong.status).toBe(401);
    const right = portal('192.0.2.45');
    await right.go('GET', `/portal/${org.name}/login`);
    await right.submit(`/portal/${org.name}/login`, { userName: 'erin@audit.example', password: 'Erin-Passw0rd!' });
    expect(right.url).toBe(`/portal/${org.name}`);

    const logons = await events(org.key, org.base, { action: 'portal:PasswordLogon', from: new Date(Date.parse(TEST_NOW) - 3_600_000).toISOString() });
    const erin = logons.filter((e) => e.actor.name === 'erin@audit.example');
    expect(erin.map((e) => [e.result, e.source.ip])).toEqual([
      ['Success', '192.0.2.45'],
      ['Failure', '192.0.2.44'],
    ]);
    expect(erin[0]!.actor).toMatchObject({ type: 'User', id: user, authenticatedBy: 'Password' });
    expect(erin[1]!.errorCode).toBe('Logon.Failed');
    const raw = JSON.stringify(await rawAuditItems());
    expect(raw).not.toContain('Wrong-Secret-123!');
    expect(raw).not.toContain('Erin-Passw0rd!');
  });
});

describe('a store failure in the middle of a change', () => {
  it('writes neither the change nor a success: the call is recorded as failed, and nothing else changed', async () => {
    let faulty: FaultySender | undefined;
    const t = await freshTable({ wrap: (inner) => (faulty = new FaultySender(inner)) });
    const local = apiOver(t.table);
    const a = await local.openAccount('Fragile Corp');
    await local.call('POST', '/api/v1/resource-directory', { key: a.key });
    const dir = (await local.call('POST', '/api/v1/cloudsso/directories', { key: a.key, body: { region: 'cn-shanghai' } })).json.id as string;
    const before = await t.countItems();
    // Not retryable: the transaction carrying the user and its record fails as a whole.
    faulty!.failNext(1, { match: /TransactWrite/, error: () => awsError('ValidationException') });
    const res = await local.call('POST', `/api/v1/cloudsso/directories/${dir}/users`, { key: a.key, body: { userName: 'lost@fragile.example' } });
    expect(res.status).toBe(500);
    expect(await t.countItems()).toBe(before);
    const id = res.headers.get('x-request-id')!;
    const listed = await local.call('GET', `/api/v1/cloudsso/directories/${dir}/audit-events?${new URLSearchParams({ from: new Date(Date.parse(TEST_NOW) - 3_600_000).toISOString(), to: TEST_NOW })}`, { key: a.key });
    const recorded = (listed.json.events as Event[]).filter((e) => e.requestId === id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ action: 'cloudsso:CreateUser', result: 'Failure', errorCode: 'InternalError' });
    // A refusal whose record cannot be written keeps its answer; the loss is logged.
    faulty!.failNext(1, { match: /TransactWrite/, error: () => awsError('ValidationException') });
    const refused = await local.call('POST', `/api/v1/cloudsso/directories/${dir}/users`, { key: a.key, body: { userName: 'not a valid name' } });
    expect(refused.status).toBe(400);
    expect(local.logs.some((l) => l.requestId === refused.headers.get('x-request-id') && l.message === 'audit record not written')).toBe(true);
    // Every log line of the request names its tenant.
    const lines = local.logs.filter((l) => l.requestId === id);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.tenant === `directory/${dir}`)).toBe(true);
  });
});
