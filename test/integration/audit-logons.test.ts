import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../adapters/crypto/argon2-hasher';
import { apiWithWorkers, type Api } from '../support/access-world';
import { buyInstance } from '../support/ciam';
import { TEST_NOW } from '../support/clock';
import { dynamoClient, freshTable } from '../support/db';
import { csrfOf, pkce, TestBrowser } from '../support/hosted-browser';
import { RecordingMetrics } from '../support/metrics';

const REDIRECT_URI = 'https://rp.example/cb';
const PASSWORD = 'Sesame-0pen!';
const SCIM = 'application/scim+json';

let api: Api;
let queue: { idle(): Promise<void> };
let tableName: string;
const metrics = new RecordingMetrics();
let root: { key: string; accountId: string };
let instanceId: string;
let app: { id: string; secret: string };
let ips = 0;

type Event = {
  tenant: { type: string; id: string };
  actor: { type: string; id?: string; name?: string; authenticatedBy: string; credentialId?: string };
  source: { ip: string };
  channel: string;
  action: string;
  resources: { type: string; id: string }[];
  request?: Record<string, unknown>;
  result: string;
  errorCode?: string;
  requestId: string;
};

const window = () => ({ from: new Date(Date.parse(TEST_NOW) - 3_600_000).toISOString(), to: new Date(Date.parse(TEST_NOW) + 3_600_000).toISOString() });

const trail = async (path: string, query: Record<string, string> = {}, key = root.key) => {
  const res = await api.call('GET', `${path}/audit-events?${new URLSearchParams({ ...window(), maxResults: '100', ...query })}`, { key });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.events as Event[];
};
const instanceTrail = (query: Record<string, string> = {}, key = root.key) => trail(`/api/v1/ciam/instances/${instanceId}`, query, key);

const rawAudit = async () => {
  const out = await dynamoClient().send(new ScanCommand({ TableName: tableName, FilterExpression: 'begins_with(pk, :a)', ExpressionAttributeValues: { ':a': { S: 'AUDIT#' } } }));
  return JSON.stringify((out.Items ?? []).map((i) => unmarshall(i)));
};

let serial = 0;
const customer = async () => {
  const username = `cust${++serial}`;
  const res = await api.call('POST', `/api/v1/ciam/instances/${instanceId}/accounts`, {
    key: root.key,
    body: { username, password: PASSWORD, phone: `+86137${String(serial).padStart(8, '0')}`, mustChangePassword: false },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { id: res.json.customerId as string, username, phone: res.json.phone as string };
};

const logOn = async (identifier: string, password: string) => {
  const b = new TestBrowser(api.gateway, `198.51.100.${++ips}`);
  const { challenge, verifier } = pkce() as { challenge: string; verifier: string };
  const query = new URLSearchParams({ response_type: 'code', client_id: app.id, redirect_uri: REDIRECT_URI, scope: 'openid offline_access', state: 's', code_challenge: challenge, code_challenge_method: 'S256' });
  const start = await b.get(`/ciam/${instanceId}/oidc/authorize?${query}`);
  const login = new URL(start.location!, 'http://localhost');
  const page = await b.get(`${login.pathname}${login.search}`);
  const res = await b.post(`/ciam/${instanceId}/login/password${login.search}`, { csrf: csrfOf(page.html), identifier, password });
  return { b, res, verifier };
};

const tokenRequest = (form: Record<string, string>) =>
  api.gateway.request(`/ciam/${instanceId}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${app.id}:${app.secret}`).toString('base64')}` },
    body: new URLSearchParams(form).toString(),
  });

beforeAll(async () => {
  const t = await freshTable();
  tableName = t.name;
  const hasher = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });
  const built = apiWithWorkers(t.table, { hasher, metrics });
  api = built.api;
  queue = built.queue;
  root = await api.openAccount('Audited Shop');
  instanceId = await buyInstance(api, root.key, { queue: built.queue });
  const created = await api.call('POST', `/api/v1/ciam/instances/${instanceId}/applications`, {
    key: root.key,
    body: { name: 'Shop web', type: 'Website', protocol: 'OIDC', oidc: { redirectUris: [REDIRECT_URI] } },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  app = { id: created.json.application.applicationId, secret: created.json.clientSecret.clientSecret };
}, 60_000);

describe('CIAM logons', () => {
  it('a failed and a successful password logon: the customer, the application, the address; never the password', async () => {
    const c = await customer();
    metrics.clear();
    const bad = await logOn(c.username, 'Not-The-Passw0rd!');
    expect(bad.res.status).toBe(401);
    const good = await logOn(c.username, PASSWORD);
    expect(good.res.status).toBe(303);
    const logons = (await instanceTrail({ action: 'ciam:PasswordLogon' })).filter((e) => e.actor.name === c.username);
    expect(logons.map((e) => [e.result, e.source.ip])).toEqual([
      ['Success', good.b.ip],
      ['Failure', bad.b.ip],
    ]);
    expect(logons[0]).toMatchObject({ tenant: { type: 'instance', id: instanceId }, channel: 'Hosted', actor: { type: 'Customer', id: c.id, authenticatedBy: 'Password' } });
    expect(logons[0]!.resources).toContainEqual({ type: 'Application', id: app.id });
    expect(logons[1]!.errorCode).toMatch(/^Logon\./);
    expect(metrics.sum('Logons', { Method: 'CiamPassword', Result: 'Success' })).toBe(1);
    expect(metrics.sum('Logons', { Method: 'CiamPassword', Result: 'Failure' })).toBe(1);
    const raw = await rawAudit();
    expect(raw).not.toContain('Not-The-Passw0rd!');
    expect(raw).not.toContain(PASSWORD);
  });

  it('token grants and refreshes are recorded with the client that asked, failed ones too, and no token', async () => {
    const c = await customer();
    const { b, res, verifier } = await logOn(c.username, PASSWORD);
    const back = await b.get(res.location!);
    const code = new URL(back.location!).searchParams.get('code')!;
    const granted = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(granted.status).toBe(200);
    const tokens = (await granted.json()) as { refresh_token: string; access_token: string };
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const refused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'no-such-token' });
    expect(refused.status).toBe(400);

    const grants = await instanceTrail({ action: 'oidc:' });
    const codeGrant = grants.find((e) => e.action === 'oidc:AuthorizationCodeGrant' && e.actor.id === c.id);
    expect(codeGrant).toMatchObject({ channel: 'OIDC', result: 'Success', actor: { type: 'Customer', authenticatedBy: 'ClientSecret', credentialId: app.id } });
    expect(grants.filter((e) => e.action === 'oidc:RefreshToken' && e.actor.id === c.id).map((e) => e.result)).toEqual(['Success']);
    const failed = grants.find((e) => e.action === 'oidc:RefreshToken' && e.result === 'Failure');
    expect(failed).toMatchObject({ errorCode: 'invalid_grant', actor: { type: 'Application', id: app.id } });
    const raw = await rawAudit();
    expect(raw).not.toContain(tokens.refresh_token);
    expect(raw).not.toContain(tokens.access_token);
    expect(raw).not.toContain(code);
    expect(raw).not.toContain(app.secret);
  });

  it("an instance's administrator reads its trail; another instance's administrator finds no such trail", async () => {
    const admin = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'shop-admin', policies: [] } });
    const adminKey = (await api.call('POST', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: root.key })).json.secret as string;
    const other = await buyInstance(api, root.key, { queue });
    const role = await api.call('POST', `/api/v1/ciam/instances/${other}/administrators`, { key: root.key, body: { administratorId: admin.json.id, role: 'ReadOnly' } });
    expect(role.status, JSON.stringify(role.json)).toBe(201);
    expect((await api.call('GET', `/api/v1/ciam/instances/${instanceId}/audit-events`, { key: adminKey })).status).toBe(404);
    const own = await trail(`/api/v1/ciam/instances/${other}`, {}, adminKey);
    expect(own.every((e) => e.tenant.id === other)).toBe(true);
    expect(own.map((e) => e.action)).toContain('idaas:AddInstanceAdministrator');
  });
});

describe('SCIM', () => {
  it('records an IdP\'s writes under its token, the password never', async () => {
    expect((await api.call('POST', '/api/v1/resource-directory', { key: root.key })).status).toBe(201);
    const dir = (await api.call('POST', '/api/v1/cloudsso/directories', { key: root.key, body: { region: 'cn-shanghai' } })).json.id as string;
    const base = `/api/v1/cloudsso/directories/${dir}`;
    await api.call('PUT', `${base}/scim-synchronization`, { key: root.key, body: { enabled: true } });
    const cred = (await api.call('POST', `${base}/scim-credentials`, { key: root.key })).json;
    const scim = (method: string, path: string, body: unknown) =>
      api.call(method, `/scim/v2${path}`, { key: cred.secret, body, headers: { 'content-type': SCIM }, clientIp: '203.0.113.99' });
    const created = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scim.user@example.com', password: 'Scim-Secret-1!' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const patched = await scim('PATCH', `/Users/${created.json.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'password', value: 'Scim-Secret-2!' }],
    });
    expect(patched.status, JSON.stringify(patched.json)).toBeLessThan(300);
    const bad = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] });
    expect(bad.status).toBe(400);
    const events = await trail(base, { actor: cred.credential.id });
    expect(events.map((e) => [e.action, e.result])).toEqual([
      ['scim:CreateUser', 'Failure'],
      ['scim:PatchUser', 'Success'],
      ['scim:CreateUser', 'Success'],
    ]);
    expect(events[2]).toMatchObject({ channel: 'SCIM', source: { ip: '203.0.113.99' }, actor: { type: 'ScimCredential', authenticatedBy: 'ScimToken' } });
    expect(events[2]!.resources).toContainEqual({ type: 'User', id: created.json.id });
    expect(events[1]!.resources).toContainEqual({ type: 'User', id: created.json.id });
    expect(events[0]!.errorCode).toBeTruthy();
    const raw = await rawAudit();
    expect(raw).not.toContain('Scim-Secret-1!');
    expect(raw).not.toContain('Scim-Secret-2!');
    expect(raw).not.toContain(cred.secret);
  });
});

describe('export and retention through the API', () => {
  it('exports a time range as JSON lines and as CSV, a page at a time', async () => {
    const path = `/api/v1/ciam/instances/${instanceId}/audit-events:export`;
    const all = await instanceTrail();
    const lines: string[] = [];
    let token: string | undefined;
    do {
      const res = await api.gateway.request(`${path}?${new URLSearchParams({ ...window(), maxResults: '3', ...(token ? { nextToken: token } : {}) })}`, { headers: { authorization: `Bearer ${root.key}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
      lines.push(...(await res.text()).split('\n').filter(Boolean));
      token = res.headers.get('x-next-token') ?? undefined;
    } while (token);
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(all.map((e) => (e as unknown as { id: string }).id).reverse());
    const csv = await api.gateway.request(`${path}?${new URLSearchParams({ ...window(), format: 'csv' })}`, { headers: { authorization: `Bearer ${root.key}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toMatch(/^time,event_id,tenant,action,result/);
    expect(rows).toHaveLength(all.length + 1);
  });

  it('sets a retention, refuses a bad one, and records the change', async () => {
    const path = `/api/v1/ciam/instances/${instanceId}/audit-settings`;
    expect((await api.call('GET', path, { key: root.key })).json).toEqual({ retentionDays: 180 });
    expect((await api.call('PUT', path, { key: root.key, body: { retentionDays: 3 } })).status).toBe(400);
    const set = await api.call('PUT', path, { key: root.key, body: { retentionDays: 400 } });
    expect(set.status).toBe(200);
    expect((await api.call('GET', path, { key: root.key })).json.retentionDays).toBe(400);
    const changes = await instanceTrail({ action: 'idaas:UpdateAuditSettings' });
    expect(changes.map((e) => [e.result, e.request?.retentionDays])).toEqual([
      ['Success', 400],
      ['Failure', 3],
    ]);
  });
});
