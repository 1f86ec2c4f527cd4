import { beforeAll, describe, expect, it } from 'vitest';
import type { E164 } from '../../domain/ciam/phone-number';
import type { InstanceId } from '../../domain/shared/ids';
import { REQUEST_LIMIT_NAMES, type Limit, type RequestLimitName, type RequestLimitOverrides } from '../../domain/shared/request-limits';
import { apiWithWorkers } from '../support/access-world';
import { buyInstance } from '../support/ciam';
import { freshTable } from '../support/db';
import { alertOf, csrfOf, pkce, TestBrowser } from '../support/hosted-browser';
import { apiOver, OPERATOR_TOKEN } from '../support/stack';

/**
 * Issue 8: the limits that protect the system trip with the protocol's own 429 and Retry-After,
 * recover when the window passes, and stay with their tenant and their client network. Each stack
 * turns on only the limits under test, at 3 a minute; every test starts in a fresh window.
 */
const THREE: Limit = { requests: 3, perSeconds: 60 };
const only = (limits: Partial<Record<RequestLimitName, Limit>>): RequestLimitOverrides =>
  Object.fromEntries(REQUEST_LIMIT_NAMES.map((name) => [name, limits[name] ?? 'off']));

type Api = ReturnType<typeof apiOver>;
type Answer = { status: number; headers: Headers; text: string; json: () => any };

let ips = 0;
/** A client address no other request of this file uses. */
const newIp = () => `203.0.113.${++ips}`;

/** One request over the gateway, from a given client address; the body is kept as text (pages are HTML). */
const send = async (api: Api, method: string, path: string, init: { ip: string; key?: string; body?: string; type?: string }): Promise<Answer> => {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.type) headers['content-type'] = init.type;
  const res = await api.gateway.request(path, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) }, { testClientIp: init.ip });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
};

const retryAfterOf = (res: Answer) => {
  const value = res.headers.get('retry-after');
  expect(value, 'a 429 says when to come back').toMatch(/^\d+$/);
  return Number(value);
};

/** Refused until Retry-After has passed (a second earlier is still too early), then served again. */
const recovers = async (api: Api, refused: Answer, again: () => Promise<Answer>, served: number) => {
  const wait = retryAfterOf(refused);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
  api.clock.advance((wait - 1) * 1000);
  expect((await again()).status).toBe(429);
  api.clock.advance(1000);
  expect((await again()).status).toBe(served);
};

/** Starts a test in a window of its own (counts are per window). */
const freshWindow = (api: Api) => api.clock.advance(60_000);

/** Opens a cloud account through the operator API, each call from an address of its own. */
const openAccount = async (api: Api, displayName: string) => {
  const res = await api.call('POST', '/api/v1/operator/accounts', {
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    body: { displayName, enterpriseVerified: true },
    clientIp: newIp(),
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { accountId: res.json.account.id as string, key: res.json.secret as string };
};

describe('management API', () => {
  let api: Api;
  let a: { accountId: string; key: string; adminKey: string };
  let b: { accountId: string; key: string };

  beforeAll(async () => {
    const { table } = await freshTable();
    api = apiOver(table, { requestLimits: only({ 'management.ip': THREE, 'management.account': THREE }) });
    const acctA = await openAccount(api, 'Throttled Corp');
    const admin = await api.call('POST', '/api/v1/administrators', { key: acctA.key, body: { name: 'ops', policies: ['AliyunCloudSSOFullAccess'] }, clientIp: newIp() });
    expect(admin.status, JSON.stringify(admin.json)).toBe(201);
    const adminKey = await api.call('POST', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: acctA.key, clientIp: newIp() });
    expect(adminKey.status).toBe(201);
    a = { ...acctA, adminKey: adminKey.json.secret };
    b = await openAccount(api, 'Neighbour Corp');
  });

  it('limits each account across its keys and networks with Throttling.User; another account is unaffected; it recovers', async () => {
    freshWindow(api);
    const me = (key: string) => send(api, 'GET', '/api/v1/me', { ip: newIp(), key });
    expect([(await me(a.key)).status, (await me(a.adminKey)).status, (await me(a.key)).status]).toEqual([200, 200, 200]);
    const refused = await me(a.adminKey);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/json');
    expect(refused.json()).toEqual({
      code: 'Throttling.User',
      message: expect.stringMatching(/this account exceeded 3 requests per 60 seconds; retry after \d+ s/),
      requestId: refused.headers.get('x-request-id'),
    });
    expect(refused.json().message).toContain(`retry after ${retryAfterOf(refused)} s`);
    expect((await me(b.key)).status).toBe(200);
    await recovers(api, refused, () => me(a.key), 200);
  });

  it('limits each client network before authentication (bad keys count) with Throttling; an IPv6 client by its /64', async () => {
    freshWindow(api);
    const from = (ip: string, key: string) => send(api, 'GET', '/api/v1/me', { ip, key });
    const bad = 'atr_AKNOPE_not-a-key';
    expect((await from('2001:db8:77:1::1', bad)).status).toBe(401);
    expect((await from('2001:db8:77:1::2', bad)).status).toBe(401);
    expect((await from('2001:db8:77:1:ffff::9', bad)).status).toBe(401);
    // The same /64, now with a good key: refused before the key is looked at.
    const refused = await from('2001:db8:77:1::3', b.key);
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'Throttling', message: expect.stringMatching(/your network exceeded 3 requests per 60 seconds/) });
    expect(typeof refused.json().requestId).toBe('string');
    // Another /64, and an IPv4 client, are not limited by it.
    expect((await from('2001:db8:77:2::1', b.key)).status).toBe(200);
    expect((await from(newIp(), b.key)).status).toBe(200);
    await recovers(api, refused, () => from('2001:db8:77:1::1', bad), 401);
  });
});

describe('SCIM', () => {
  let api: Api;
  let orgA: { token: string; token2: string };
  let orgB: { token: string; token2: string };

  const organisation = async (name: string) => {
    const acct = await openAccount(api, name);
    const key = acct.key;
    const call = (method: string, path: string, body?: unknown) => api.call(method, path, { key, clientIp: newIp(), ...(body !== undefined ? { body } : {}) });
    expect((await call('POST', '/api/v1/resource-directory')).status).toBe(201);
    const dir = (await call('POST', '/api/v1/cloudsso/directories', { region: 'eu-central-1' })).json.id as string;
    expect((await call('PUT', `/api/v1/cloudsso/directories/${dir}/scim-synchronization`, { enabled: true })).status).toBe(200);
    const token = async () => {
      const res = await call('POST', `/api/v1/cloudsso/directories/${dir}/scim-credentials`);
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json.secret as string;
    };
    return { dir, token: await token(), token2: await token() };
  };

  beforeAll(async () => {
    const { table } = await freshTable();
    api = apiOver(table, { requestLimits: only({ 'scim.ip': THREE, 'scim.directory': THREE, 'scim.credential': { requests: 2, perSeconds: 1 } }) });
    orgA = await organisation('Scim Throttled');
    orgB = await organisation('Scim Neighbour');
  });

  const users = (token: string, ip = newIp()) => send(api, 'GET', '/scim/v2/Users?count=1', { ip, key: token });

  const expectScim429 = (res: Answer, detail: RegExp) => {
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('application/scim+json');
    expect(res.json()).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: expect.stringMatching(detail) });
    retryAfterOf(res);
  };

  it('limits each directory across its tokens; another directory is unaffected; it recovers', async () => {
    freshWindow(api);
    expect([(await users(orgA.token)).status, (await users(orgA.token2)).status, (await users(orgA.token)).status]).toEqual([200, 200, 200]);
    const refused = await users(orgA.token2);
    expectScim429(refused, /this directory \(3 requests per 60 seconds\); retry after \d+ s/);
    expect((await users(orgB.token)).status).toBe(200);
    await recovers(api, refused, () => users(orgA.token2), 200);
  });

  it('limits each token (SCIM_RATE_LIMIT) before its directory: the other token still works', async () => {
    freshWindow(api);
    expect([(await users(orgB.token)).status, (await users(orgB.token)).status]).toEqual([200, 200]);
    const refused = await users(orgB.token);
    expectScim429(refused, /this SCIM token \(2 requests per second\)/);
    expect(retryAfterOf(refused)).toBe(1);
    // The refusal did not use the directory's allowance: the second token has the third request.
    expect((await users(orgB.token2)).status).toBe(200);
    expect((await users(orgB.token2)).status).toBe(429);
  });

  it('limits each client network before the token is looked up (bad tokens count, discovery too); another network is unaffected', async () => {
    freshWindow(api);
    const ip = newIp();
    expect((await users('not-a-token', ip)).status).toBe(401);
    expect((await users('not-a-token', ip)).status).toBe(401);
    expect((await send(api, 'GET', '/scim/v2/ServiceProviderConfig', { ip })).status).toBe(200);
    const refused = await users(orgA.token, ip);
    expectScim429(refused, /your network/);
    expect((await send(api, 'GET', '/scim/v2/ServiceProviderConfig', { ip })).status).toBe(429);
    expect((await users(orgA.token)).status).toBe(200);
    await recovers(api, refused, () => users(orgA.token, ip), 200);
  });
});

describe('user portal and SAML SP', () => {
  let api: Api;
  let dirA: { id: string; name: string };
  let dirB: { id: string; name: string };

  const directory = async (name: string) => {
    const acct = await openAccount(api, name);
    const call = (method: string, path: string, body?: unknown) => api.call(method, path, { key: acct.key, clientIp: newIp(), ...(body !== undefined ? { body } : {}) });
    expect((await call('POST', '/api/v1/resource-directory')).status).toBe(201);
    const d = await call('POST', '/api/v1/cloudsso/directories', { name: name.toLowerCase().replace(/ /g, '-'), region: 'cn-shanghai' });
    expect(d.status, JSON.stringify(d.json)).toBe(201);
    return { id: d.json.id as string, name: d.json.name as string };
  };

  beforeAll(async () => {
    const { table } = await freshTable();
    api = apiOver(table, { requestLimits: only({ 'portal.ip': THREE, 'portal.directory': THREE }) });
    dirA = await directory('Portal Throttled');
    dirB = await directory('Portal Neighbour');
  });

  const loginPage = (dir: { name: string }, ip = newIp()) => send(api, 'GET', `/portal/${dir.name}/login`, { ip });

  const expectPage429 = (res: Answer, text: RegExp) => {
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('Too many requests');
    expect(res.text).toMatch(text);
    retryAfterOf(res);
  };

  it('limits each client network with a readable page; metadata is not counted; another network is unaffected', async () => {
    freshWindow(api);
    const ip = newIp();
    expect([(await loginPage(dirA, ip)).status, (await loginPage(dirB, ip)).status, (await loginPage(dirA, ip)).status]).toEqual([200, 200, 200]);
    const refused = await loginPage(dirB, ip);
    expectPage429(refused, /Your network has sent too many sign-in requests\. Please wait \d+ seconds/);
    expect((await send(api, 'GET', `/saml/${dirA.id}/metadata`, { ip })).status).toBe(200);
    expect((await loginPage(dirB)).status).toBe(200);
    await recovers(api, refused, () => loginPage(dirB, ip), 200);
  });

  it('limits each directory across networks, the SAML ACS included; another directory is unaffected; it recovers', async () => {
    freshWindow(api);
    expect([(await loginPage(dirA)).status, (await loginPage(dirA)).status, (await loginPage(dirA)).status]).toEqual([200, 200, 200]);
    const refused = await loginPage(dirA);
    expectPage429(refused, /This organisation has sent too many sign-in requests/);
    const acs = await send(api, 'POST', `/saml/${dirA.id}/acs`, { ip: newIp(), body: 'SAMLResponse=x', type: 'application/x-www-form-urlencoded' });
    expectPage429(acs, /This organisation/);
    expect((await loginPage(dirB)).status).toBe(200);
    await recovers(api, refused, () => loginPage(dirA), 200);
  });
});

describe('CIAM hosted pages and OpenID provider', () => {
  let api: Api;
  let instanceA: InstanceId;
  let instanceB: InstanceId;

  beforeAll(async () => {
    const { table } = await freshTable();
    const world = apiWithWorkers(table, {
      requestLimits: only({ 'ciam-logon.ip': THREE, 'ciam-logon.instance': THREE, 'oidc-token.ip': THREE, 'oidc-token.instance': { requests: 5, perSeconds: 60 } }),
    });
    api = world.api;
    const acct = await openAccount(api, 'Shop Throttled');
    instanceA = await buyInstance(api, acct.key, { queue: world.queue });
    instanceB = await buyInstance(api, acct.key, { queue: world.queue });
  });

  // A parked request that does not exist: the page answers 404, but the request still counts.
  const logonPage = (instance: string, ip = newIp()) => send(api, 'GET', `/ciam/${instance}/login?request=gone`, { ip });
  const discovery = (instance: string, ip: string) => send(api, 'GET', `/ciam/${instance}/oidc/.well-known/openid-configuration`, { ip });
  const token = (instance: string, ip = newIp()) =>
    send(api, 'POST', `/ciam/${instance}/oidc/token`, {
      ip,
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'nope', client_id: 'nobody', redirect_uri: 'https://rp.example/cb' }).toString(),
      type: 'application/x-www-form-urlencoded',
    });

  it('limits the logon pages per client network with the hosted error page; discovery and the token endpoint are not counted with them', async () => {
    freshWindow(api);
    const ip = newIp();
    expect([(await logonPage(instanceA, ip)).status, (await logonPage(instanceB, ip)).status, (await logonPage(instanceA, ip)).status]).toEqual([404, 404, 404]);
    const refused = await logonPage(instanceB, ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect(refused.text).toMatch(/<h1>Too many requests<\/h1>/);
    expect(refused.text).toMatch(/Your network has sent too many sign-in requests\. Please wait \d+ seconds/);
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await discovery(instanceA, ip)).status).toBe(200);
    expect((await token(instanceA, ip)).status).not.toBe(429);
    expect((await logonPage(instanceB)).status).toBe(404);
    await recovers(api, refused, () => logonPage(instanceB, ip), 404);
  });

  it('limits the logon pages per instance across networks; another instance is unaffected', async () => {
    freshWindow(api);
    expect([(await logonPage(instanceA)).status, (await logonPage(instanceA)).status, (await logonPage(instanceA)).status]).toEqual([404, 404, 404]);
    const refused = await logonPage(instanceA);
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/This service has sent too many sign-in requests/);
    expect((await logonPage(instanceB)).status).toBe(404);
    await recovers(api, refused, () => logonPage(instanceA), 404);
  });

  it('limits the token endpoint per client network, then per instance, with an OAuth JSON error', async () => {
    freshWindow(api);
    const ip = newIp();
    const first = await token(instanceA, ip);
    expect(first.json().error).toMatch(/^invalid_/);
    expect([(await token(instanceA, ip)).status, (await token(instanceA, ip)).status]).not.toContain(429);
    const refused = await token(instanceA, ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/json');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(refused.json()).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/from this network; retry after \d+ s/) });
    retryAfterOf(refused);
    // The instance has taken 3 of its 5; two more networks reach its limit, a third is refused.
    expect([(await token(instanceA)).status, (await token(instanceA)).status]).not.toContain(429);
    const byInstance = await token(instanceA);
    expect(byInstance.status).toBe(429);
    expect(byInstance.json()).toMatchObject({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/for this instance/) });
    expect((await token(instanceB)).status).not.toBe(429);
    // The logon pages keep their own allowance.
    expect((await logonPage(instanceA)).status).toBe(404);
    await recovers(api, byInstance, () => token(instanceA), 401);
  });
});

describe('CIAM SMS codes: the instance ceiling', () => {
  let api: Api;
  let key: string;
  let instanceA: InstanceId;
  let instanceB: InstanceId;
  let phoneAppA: string;
  let phoneAppB: string;
  let serial = 0;

  const phoneApp = async (instanceId: string) => {
    const apps = `/api/v1/ciam/instances/${instanceId}/applications`;
    const res = await api.call('POST', apps, { key, clientIp: newIp(), body: { name: 'Shop mini', type: 'Website', protocol: 'OIDC', oidc: { redirectUris: ['https://rp.example/cb'] } } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const appId = res.json.application.applicationId as string;
    const body = { phoneCode: true, password: true, primary: 'PhoneCode', selfRegistration: false, smsSecondFactor: false };
    expect((await api.call('PUT', `${apps}/${appId}/logon-methods`, { key, clientIp: newIp(), body })).status).toBe(200);
    return appId;
  };

  const customer = async (instanceId: string) => {
    const phone = `+86137${String(++serial).padStart(8, '0')}` as E164;
    const res = await api.call('POST', `/api/v1/ciam/instances/${instanceId}/accounts`, { key, clientIp: newIp(), body: { username: `sms${serial}`, phone, password: 'Sesame-0pen!' } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return phone;
  };

  /** A customer's browser asks for a code: authorize, the phone page, the send. */
  const askForCode = async (instanceId: string, clientId: string, phone: string) => {
    const b = new TestBrowser(api.gateway, newIp());
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: 'https://rp.example/cb',
      scope: 'openid',
      state: 's',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
    });
    const parked = await b.get(`/ciam/${instanceId}/oidc/authorize?${query}`);
    expect(parked.status, parked.html).toBe(302);
    const page = await b.get(parked.location!);
    expect(page.status).toBe(200);
    const login = new URL(parked.location!, 'http://localhost');
    return b.post(`${login.pathname}/phone/send${login.search}`, { csrf: csrfOf(page.html), phone });
  };

  beforeAll(async () => {
    const { table } = await freshTable();
    const world = apiWithWorkers(table, { requestLimits: only({ 'sms.instance': { requests: 2, perSeconds: 86_400 } }) });
    api = world.api;
    key = (await openAccount(api, 'Sms Throttled')).key;
    instanceA = await buyInstance(api, key, { queue: world.queue });
    instanceB = await buyInstance(api, key, { queue: world.queue });
    phoneAppA = await phoneApp(instanceA);
    phoneAppB = await phoneApp(instanceB);
  });

  it('caps the codes an instance sends a day, whatever the numbers and networks; another instance still sends; the next day it sends again', async () => {
    for (let i = 0; i < 2; i++) expect((await askForCode(instanceA, phoneAppA, await customer(instanceA))).status).toBe(200);
    const phone = await customer(instanceA);
    const refused = await askForCode(instanceA, phoneAppA, phone);
    expect(refused.status).toBe(429);
    expect(alertOf(refused.html)).toMatch(/This service has sent too many verification codes/);
    const now = api.clock.now().getTime();
    const midnight = Math.ceil((now + 1) / 86_400_000) * 86_400_000;
    expect(Number(refused.headers.get('retry-after'))).toBe((midnight - now) / 1000);
    expect(api.container.smsOutbox!.list({ to: phone })).toEqual([]);
    expect((await askForCode(instanceB, phoneAppB, await customer(instanceB))).status).toBe(200);
    api.clock.advance(midnight - now);
    expect((await askForCode(instanceA, phoneAppA, phone)).status).toBe(200);
    expect(api.container.smsOutbox!.list({ to: phone })).toHaveLength(1);
  });
});
