import { isDeepStrictEqual } from 'node:util';
import { generateSync } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../adapters/crypto/argon2-hasher';
import { auditedRouteMatcher, MANAGEMENT_AUDITED_ROUTES, type AuditedRoute } from '../../functions/http/audit/audited-routes';
import { apiWithWorkers, type Api } from '../support/access-world';
import { PortalClient } from '../support/browserless';
import { buyInstance } from '../support/ciam';
import { TEST_NOW } from '../support/clock';
import { freshTable } from '../support/db';
import { IDP_CERT_BODY } from '../support/saml/test-idp';
import { OPERATOR_TOKEN } from '../support/stack';

/**
 * Each kind of management action produces exactly one audit event with the right fields. One realistic
 * scenario calls every route of MANAGEMENT_AUDITED_ROUTES, a few of them deliberately failing;
 * every state-changing call it makes is remembered with its answer, then checked against the trails.
 */

const routeKey = (r: Pick<AuditedRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;

/**
 * Routes the scenario leaves out, each with its reason. A route added to the table shows up here:
 * the coverage test fails until the scenario calls it or it is listed. None today: even the MFA
 * device is enrolled through the portal so that its deletion succeeds.
 */
const UNCOVERED: Readonly<Record<string, string>> = {};

const CUSTOMER_PASSWORD = 'Sesame-0pen!';
const SSO_USER_PASSWORD = 'Mfa-Passw0rd!';
const SECRETS_SENT = [CUSTOMER_PASSWORD, SSO_USER_PASSWORD, 'Imp0rted-Secret!', 'Res3t-Secret!'];

type Caller = {
  readonly accountId: string;
  readonly actor: { type: 'Account' | 'Administrator'; id: string; name?: string; authenticatedBy: 'ApiKey'; credentialId: string };
};
type Remembered = {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly requestId: string;
  readonly code: string | undefined;
  readonly ip: string;
  /** Undefined for the operator, who has no API key. */
  readonly caller: Caller | undefined;
  /** For the operator's account opening: the account it opened. */
  readonly opened?: string;
};
type Event = {
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

const match = auditedRouteMatcher(MANAGEMENT_AUDITED_ROUTES);
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let api: Api;
let queue: { idle(): Promise<void> };
const calls: Remembered[] = [];
/** Callers by API key secret. */
const callers = new Map<string, Caller>();
/** Which account owns each directory and instance the scenario made. */
const owners = new Map<string, string>();
/** The trails to read afterwards: [root key, trail path]. */
const trails: [string, string][] = [];
const events: Event[] = [];
/** Pages read of the longest trail: small pages, so the scenario's trails span several. */
let mostPages = 0;
const PAGE_SIZE = '25';

let ips = 0;
/** A distinct address per call, so an event showing another call's address is caught. */
const nextIp = () => {
  ips += 1;
  return `198.18.${Math.floor(ips / 250)}.${(ips % 250) + 1}`;
};

/** `api.call`, remembering every state-changing /api/v1 call with its answer. */
const call: Api['call'] = async (method, path, init = {}) => {
  const remember = MUTATING.has(method) && path.startsWith('/api/v1/');
  const ip = init.clientIp ?? nextIp();
  const res = await api.call(method, path, { ...init, clientIp: ip });
  if (remember) {
    const operator = init.headers?.authorization === `Bearer ${OPERATOR_TOKEN}`;
    const caller = init.key ? callers.get(init.key) : undefined;
    if (!operator && !caller) throw new Error(`scenario bug: ${method} ${path} by an unregistered caller`);
    calls.push({
      method,
      path: path.split('?')[0]!,
      status: res.status,
      requestId: res.headers.get('x-request-id') ?? '',
      code: typeof res.json?.code === 'string' ? res.json.code : undefined,
      ip,
      caller,
      ...(operator && res.status === 201 ? { opened: res.json.account.id as string } : {}),
    });
  }
  return res;
};

/** A call the scenario needs to succeed to go on. */
const ok = async (method: string, path: string, init: Parameters<Api['call']>[2] = {}, status?: number) => {
  const res = await call(method, path, init);
  if (status === undefined) expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  else expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(status);
  return res.json;
};

const openAccount = async (displayName: string) => {
  const res = await ok('POST', '/api/v1/operator/accounts', { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` }, body: { displayName, enterpriseVerified: true } }, 201);
  const accountId = res.account.id as string;
  const key = res.secret as string;
  callers.set(key, { accountId, actor: { type: 'Account', id: accountId, authenticatedBy: 'ApiKey', credentialId: res.apiKey.id } });
  trails.push([key, '/api/v1/account']);
  return { accountId, key };
};

const administratorKey = async (rootKey: string, administrator: { id: string; name: string }) => {
  const accountId = callers.get(rootKey)!.accountId;
  const res = await ok('POST', `/api/v1/administrators/${administrator.id}/api-keys`, { key: rootKey }, 201);
  const key = res.secret as string;
  callers.set(key, {
    accountId,
    actor: { type: 'Administrator', id: administrator.id, name: administrator.name, authenticatedBy: 'ApiKey', credentialId: res.apiKey.id },
  });
  return { key, keyId: res.apiKey.id as string };
};

const readTrail = async (key: string, trail: string) => {
  const window = { from: new Date(Date.parse(TEST_NOW) - 86_400_000).toISOString(), to: new Date(Date.parse(TEST_NOW) + 86_400_000).toISOString(), maxResults: PAGE_SIZE };
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const res = await api.call('GET', `${trail}/audit-events?${new URLSearchParams({ ...window, ...(nextToken ? { nextToken } : {}) })}`, { key });
    expect(res.status, `${trail}: ${JSON.stringify(res.json)}`).toBe(200);
    events.push(...(res.json.events as Event[]));
    nextToken = res.json.nextToken;
    pages += 1;
    expect(pages, `${trail}: paging does not end`).toBeLessThan(50);
  } while (nextToken);
  mostPages = Math.max(mostPages, pages);
};

/** The portal's TOTP enrolment (MFA required), so the scenario has a device to delete. */
const enrolMfaDevice = async (directoryName: string, userName: string, password: string) => {
  const client = new PortalClient((req, env) => api.gateway.fetch(req, env), 'http://127.0.0.1:3000', { testClientIp: '192.0.2.80' });
  await client.go('GET', `/portal/${directoryName}/login`);
  await client.submit(`/portal/${directoryName}/login`, { userName, password });
  expect(client.url).toBe(`/portal/${directoryName}/mfa/enroll`);
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(client.html)?.[1];
  expect(secret).toBeDefined();
  await client.submit(`/portal/${directoryName}/mfa/enroll`, { name: 'Phone', code: generateSync({ secret: secret!, epoch: Math.floor(api.clock.now().getTime() / 1000) }) });
  expect(client.url).toBe(`/portal/${directoryName}?done=mfa`);
};

const scenario = async () => {
  // Accounts: the operator opens them (operator:OpenAccount).
  const a = await openAccount('Coverage Corp');
  const b = await openAccount('Neighbour Corp');
  const root = { key: a.key };

  // Administrators and API keys.
  const ssoAdmin = await ok('POST', '/api/v1/administrators', { ...root, body: { name: 'sso-admin', policies: ['AliyunCloudSSOFullAccess'] } }, 201);
  await ok('PATCH', `/api/v1/administrators/${ssoAdmin.id}`, { ...root, body: { displayName: 'SSO administrator' } });
  const sso = await administratorKey(a.key, ssoAdmin);
  const spare = await ok('POST', `/api/v1/administrators/${ssoAdmin.id}/api-keys`, root, 201);
  await ok('PATCH', `/api/v1/administrators/${ssoAdmin.id}/api-keys/${spare.apiKey.id}`, { ...root, body: { status: 'Inactive' } });
  await ok('DELETE', `/api/v1/administrators/${ssoAdmin.id}/api-keys/${spare.apiKey.id}`, root, 204);
  const temp = await ok('POST', '/api/v1/administrators', { ...root, body: { name: 'temp-admin' } }, 201);
  await ok('DELETE', `/api/v1/administrators/${temp.id}`, root, 204);
  const ciamAdmin = await ok('POST', '/api/v1/administrators', { ...root, body: { name: 'ciam-reader', policies: ['AliyunYundunIdaasReadOnlyAccess'] } }, 201);
  const rootKey2 = await ok('POST', '/api/v1/account/api-keys', root, 201);
  await ok('PATCH', `/api/v1/account/api-keys/${rootKey2.apiKey.id}`, { ...root, body: { status: 'Inactive' } });
  await ok('DELETE', `/api/v1/account/api-keys/${rootKey2.apiKey.id}`, root, 204);
  // Refused: a name taken (conflict) and a name the rules forbid (validation).
  await ok('POST', '/api/v1/administrators', { ...root, body: { name: 'sso-admin' } }, 409);
  await ok('POST', '/api/v1/administrators', { ...root, body: { name: 'not a valid name!' } }, 400);
  await ok('PUT', '/api/v1/account/audit-settings', { ...root, body: { retentionDays: 365 } });

  // Resource directory.
  await ok('POST', '/api/v1/resource-directory', root, 201);
  const prod = await ok('POST', '/api/v1/resource-directory/folders', { ...root, body: { name: 'Prod' } }, 201);
  const scratch = await ok('POST', '/api/v1/resource-directory/folders', { ...root, body: { name: 'Scratch' } }, 201);
  await ok('DELETE', `/api/v1/resource-directory/folders/${scratch.id}`, root, 204);
  const member = await ok('POST', '/api/v1/resource-directory/accounts', { ...root, body: { displayName: 'Prod Web', folderId: prod.id } }, 201);
  await ok('PATCH', `/api/v1/resource-directory/accounts/${member.id}`, { ...root, body: { displayName: 'Prod Website' } });
  const leaving = await ok('POST', '/api/v1/resource-directory/accounts', { ...root, body: { displayName: 'Short Lived' } }, 201);
  await ok('DELETE', `/api/v1/resource-directory/accounts/${leaving.id}`, root, 202);
  // Refused: the CloudSSO administrator has no resource directory policy.
  await ok('POST', '/api/v1/resource-directory/folders', { key: sso.key, body: { name: 'Sneaky' } }, 403);

  // CloudSSO: the directory and its settings.
  await ok('PUT', '/api/v1/cloudsso/service', root, 204);
  const dir = await ok('POST', '/api/v1/cloudsso/directories', { ...root, body: { region: 'cn-shanghai' } }, 201);
  owners.set(dir.id, a.accountId);
  trails.push([a.key, `/api/v1/cloudsso/directories/${dir.id}`]);
  const D = `/api/v1/cloudsso/directories/${dir.id}`;
  const renamed = await ok('PATCH', D, { ...root, body: { name: `coverage-${dir.id.slice(2, 10)}` } });
  await ok('PUT', `${D}/quotas`, { ...root, body: { users: 500 } });
  await ok('PUT', `${D}/scim-synchronization`, { ...root, body: { enabled: true } });
  await ok('PUT', `${D}/scim-synchronization`, { ...root, body: { enabled: false } });
  const credential = await ok('POST', `${D}/scim-credentials`, root, 201);
  await ok('PATCH', `${D}/scim-credentials/${credential.credential.id}`, { ...root, body: { status: 'Disabled' } });
  await ok('DELETE', `${D}/scim-credentials/${credential.credential.id}`, root, 204);
  await ok('PUT', `${D}/logon-settings/password-policy`, { ...root, body: { minLength: 10 } });
  await ok('PUT', `${D}/logon-settings/login-preference`, { ...root, body: { allowUserToGetCredentials: true } });
  await ok('PUT', `${D}/logon-settings/method`, { ...root, body: { method: 'Password' } });
  await ok('PUT', `${D}/saml-idp`, { ...root, body: { entityId: 'https://idp.example.test/metadata', ssoUrl: 'https://idp.example.test/sso', binding: 'HTTP-Redirect', certificates: [IDP_CERT_BODY] } });
  await ok('DELETE', `${D}/saml-idp`, root, 204);
  const pending = await ok('POST', `${D}/saml-idp/signing-keys`, root, 201);
  await ok('POST', `${D}/saml-idp/signing-keys/${pending.keyId}/activate`, root, 200);
  await ok('PUT', `${D}/access-settings`, { ...root, body: { autoReprovision: true } });
  await ok('PUT', `${D}/audit-settings`, { ...root, body: { retentionDays: 365 } });

  // Users and groups; the CloudSSO administrator does some of it.
  const alice = await ok('POST', `${D}/users`, { key: sso.key, body: { userName: 'alice@coverage.example' } }, 201);
  await ok('PATCH', `${D}/users/${alice.id}`, { key: sso.key, body: { displayName: 'Alice' } });
  await ok('PUT', `${D}/users/${alice.id}/status`, { ...root, body: { status: 'Disabled' } });
  await ok('PUT', `${D}/users/${alice.id}/status`, { ...root, body: { status: 'Enabled' } });
  await ok('PUT', `${D}/users/${alice.id}/password`, { ...root, body: { password: 'Res3t-Secret!', mustChange: true } });
  const gone = await ok('POST', `${D}/users`, { ...root, body: { userName: 'gone@coverage.example' } }, 201);
  await ok('DELETE', `${D}/users/${gone.id}`, root, 204);
  await ok('POST', `${D}/users`, { ...root, body: { userName: 'not a user name' } }, 400);
  await ok('POST', `${D}/users`, { ...root, body: { userName: 'alice@coverage.example' } }, 409);
  const engineers = await ok('POST', `${D}/groups`, { ...root, body: { name: 'Engineers' } }, 201);
  await ok('PATCH', `${D}/groups/${engineers.id}`, { ...root, body: { description: 'Builds things' } });
  await ok('POST', `${D}/groups/${engineers.id}/members`, { ...root, body: { userIds: [alice.id] } });
  await ok('DELETE', `${D}/groups/${engineers.id}/members/${alice.id}`, root, 204);
  const empty = await ok('POST', `${D}/groups`, { ...root, body: { name: 'Empty' } }, 201);
  await ok('DELETE', `${D}/groups/${empty.id}`, root, 204);
  await ok('DELETE', `${D}/groups/g-doesnotexist`, root, 404);

  // MFA: required, a user enrols a device in the portal, an administrator deletes it.
  await ok('PUT', `${D}/logon-settings/mfa`, { ...root, body: { status: 'Enabled' } });
  const mfaUser = await ok('POST', `${D}/users`, { ...root, body: { userName: 'mfa.user' } }, 201);
  await ok('PUT', `${D}/users/${mfaUser.id}/password`, { ...root, body: { password: SSO_USER_PASSWORD, mustChange: false } });
  await enrolMfaDevice(renamed.name, 'mfa.user', SSO_USER_PASSWORD);
  const devices = (await api.call('GET', `${D}/users/${mfaUser.id}/mfa-devices`, root)).json.devices as { deviceId: string }[];
  expect(devices).toHaveLength(1);
  await ok('DELETE', `${D}/users/${mfaUser.id}/mfa-devices/${devices[0]!.deviceId}`, root, 204);
  await ok('PUT', `${D}/logon-settings/mfa`, { ...root, body: { status: 'ByUser' } });

  // Access configurations, assignments and provisioning.
  const auditors = await ok('POST', `${D}/access-configurations`, { key: sso.key, body: { name: 'Auditors' } }, 201);
  const AC = `${D}/access-configurations/${auditors.id}`;
  await ok('PATCH', AC, { ...root, body: { description: 'Reads everything' } });
  await ok('POST', `${AC}/permission-policies`, { ...root, body: { type: 'System', name: 'ReadOnlyAccess' } });
  await ok('POST', `${AC}/permission-policies`, { ...root, body: { type: 'System', name: 'AliyunECSReadOnlyAccess' } });
  await ok('DELETE', `${AC}/permission-policies/System/AliyunECSReadOnlyAccess`, root);
  const assignment = { accessConfigurationId: auditors.id, targetType: 'RD-Account', targetId: member.id, principalType: 'User', principalId: alice.id };
  await ok('POST', `${D}/access-assignments`, { key: sso.key, body: assignment }, 202);
  await queue.idle();
  // Provisioning again needs an assignment; deprovisioning needs none left.
  await ok('POST', `${AC}/provisionings`, { ...root, body: { accountId: member.id } }, 202);
  await queue.idle();
  await ok('DELETE', `${D}/access-assignments?${new URLSearchParams(assignment)}`, root, 202);
  await queue.idle();
  await ok('DELETE', `${AC}/provisionings/${member.id}`, root, 202);
  await queue.idle();
  const readers = await ok('POST', `${D}/access-configurations`, { ...root, body: { name: 'Readers' } }, 201);
  await ok('DELETE', `${D}/access-configurations/${readers.id}`, root, 204);

  // Another account's directory: its own creation and deletion, and a probe from this account.
  await ok('POST', '/api/v1/resource-directory', { key: b.key }, 201);
  const theirs = await ok('POST', '/api/v1/cloudsso/directories', { key: b.key, body: { region: 'cn-shanghai' } }, 201);
  owners.set(theirs.id, b.accountId);
  await ok('POST', `/api/v1/cloudsso/directories/${theirs.id}/users`, { ...root, body: { userName: 'intruder@coverage.example' } }, 404);
  await ok('DELETE', `/api/v1/cloudsso/directories/${theirs.id}`, { key: b.key }, 204);

  // CIAM: an instance, its administrators, keys, applications and accounts.
  const instanceId = await buyInstance({ ...api, call }, a.key, { queue });
  owners.set(instanceId, a.accountId);
  trails.push([a.key, `/api/v1/ciam/instances/${instanceId}`]);
  const I = `/api/v1/ciam/instances/${instanceId}`;
  await ok('POST', `${I}/administrators`, { ...root, body: { administratorId: ciamAdmin.id, role: 'ReadOnly' } }, 201);
  await ok('DELETE', `${I}/administrators/${ciamAdmin.id}`, root, 204);
  const key = await ok('POST', `${I}/signing-keys`, root, 201);
  await ok('POST', `${I}/signing-keys/${key.keyId}/activate`, root, 200);
  const web = await ok('POST', `${I}/applications`, { ...root, body: { name: 'Shop web', type: 'Website', protocol: 'OIDC', oidc: { redirectUris: ['https://rp.example/cb'] } } }, 201);
  const APP = `${I}/applications/${web.application.applicationId}`;
  await ok('PATCH', APP, { ...root, body: { name: 'Shop website' } });
  await ok('PUT', `${APP}/status`, { ...root, body: { status: 'Disabled' } });
  await ok('PUT', `${APP}/status`, { ...root, body: { status: 'Enabled' } });
  await ok('POST', `${APP}/client-secrets`, { ...root, body: { overlapSeconds: 0 } }, 201);
  await ok('PUT', `${APP}/logon-methods`, { ...root, body: { phoneCode: false, password: true, primary: 'Password', selfRegistration: false, smsSecondFactor: false } });
  const old = await ok('POST', `${I}/applications`, { ...root, body: { name: 'Old web', type: 'Website', protocol: 'OIDC', oidc: { redirectUris: ['https://old.example/cb'] } } }, 201);
  await ok('DELETE', `${I}/applications/${old.application.applicationId}`, root, 204);
  const carol = await ok('POST', `${I}/accounts`, { ...root, body: { username: 'carol', password: CUSTOMER_PASSWORD, phone: '+8613700000001', mustChangePassword: false } }, 201);
  const CUS = `${I}/accounts/${carol.customerId}`;
  await ok('PATCH', CUS, { ...root, body: { displayName: 'Carol' } });
  await ok('PUT', `${CUS}/status`, { ...root, body: { status: 'Disabled' } });
  await ok('PUT', `${CUS}/password`, { ...root, body: { password: 'Res3t-Secret!' } });
  const dan = await ok('POST', `${I}/accounts`, { ...root, body: { username: 'dan', password: CUSTOMER_PASSWORD, phone: '+8613700000002' } }, 201);
  await ok('DELETE', `${I}/accounts/${dan.customerId}`, root, 204);
  await ok('POST', `${I}/accounts:import`, { ...root, body: { records: [{ username: 'imported', phone: '+8613700000003', password: 'Imp0rted-Secret!' }] } }, 200);
  await ok('PUT', `${I}/usage/thresholds`, { ...root, body: { thresholds: [1000, 5000] } });
  await ok('PUT', `${I}/audit-settings`, { ...root, body: { retentionDays: 365 } });

  // A second instance, bought and released: both on the account's trail.
  const released = await buyInstance({ ...api, call }, a.key, { queue });
  owners.set(released, a.accountId);
  await ok('DELETE', `/api/v1/ciam/instances/${released}`, root, 200);
  await queue.idle();
};

beforeAll(async () => {
  const t = await freshTable();
  const hasher = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });
  const built = apiWithWorkers(t.table, { hasher });
  api = built.api;
  queue = built.queue;
  await scenario();
  for (const [key, trail] of trails) await readTrail(key, trail);
}, 60_000);

/** The trail a call's event belongs to (audited-routes.ts, audit-middleware.ts). */
const expectedTenant = (c: Remembered, route: AuditedRoute, params: Record<string, string>) => {
  if (!c.caller) return { type: 'account', id: c.opened };
  const own = { type: 'account', id: c.caller.accountId };
  if (route.trail === 'account') return own;
  const named = params.directoryId ? { type: 'directory', id: params.directoryId } : params.instanceId ? { type: 'instance', id: params.instanceId } : undefined;
  if (!named) return own;
  // A failed call naming another account's tenant goes to the caller's own trail.
  return c.status < 400 || owners.get(named.id) === c.caller.accountId ? named : own;
};

const describeCall = (c: Remembered) => `${c.method} ${c.path} → ${c.status}${c.code ? ` ${c.code}` : ''} (${c.requestId})`;

describe('audit coverage of the management API', () => {
  it('the scenario made its calls, some of them refused', () => {
    expect(calls.length).toBeGreaterThan(90);
    expect(calls.filter((c) => c.status >= 400).map((c) => c.status).sort()).toEqual([400, 400, 403, 404, 404, 409, 409]);
    expect(new Set(calls.map((c) => c.requestId)).size).toBe(calls.length);
    expect(calls.every((c) => c.requestId !== '')).toBe(true);
  });

  it('every state-changing call is an audited route', () => {
    expect(calls.filter((c) => !match(c.method, c.path)).map(describeCall)).toEqual([]);
  });

  it('each API-key call is exactly one event: its action, result, tenant, actor, address and resources', () => {
    const problems: string[] = [];
    for (const c of calls.filter((x) => x.caller)) {
      const found = match(c.method, c.path);
      if (!found) continue;
      const mine = events.filter((e) => e.requestId === c.requestId);
      if (mine.length !== 1) {
        problems.push(`${describeCall(c)}: ${mine.length} events`);
        continue;
      }
      const e = mine[0]!;
      const check = (what: string, actual: unknown, expected: unknown) => {
        if (!isDeepStrictEqual(actual, expected)) problems.push(`${describeCall(c)}: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      };
      check('action', e.action, found.route.action);
      check('channel', e.channel, 'REST');
      check('result', e.result, c.status < 400 ? 'Success' : 'Failure');
      check('errorCode', e.errorCode, c.status < 400 ? undefined : c.code);
      check('tenant', e.tenant, expectedTenant(c, found.route, found.params));
      check('actor', e.actor, c.caller!.actor);
      check('source.ip', e.source.ip, c.ip);
      for (const [name, id] of Object.entries(found.params)) {
        if (!name.endsWith('Id')) continue;
        if (!e.resources.some((r) => r.id === id)) problems.push(`${describeCall(c)}: resources ${JSON.stringify(e.resources)} lack ${name} ${id}`);
        if (e.request?.[name] !== id) problems.push(`${describeCall(c)}: request ${JSON.stringify(e.request)} lacks ${name} ${id}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no event of the trails is unaccounted for, and none holds a password sent', () => {
    expect(mostPages, 'no trail needed a second page: nextToken went untested').toBeGreaterThan(1);
    const remembered = new Set(calls.map((c) => c.requestId));
    const management = events.filter((e) => e.channel === 'REST');
    expect(management.filter((e) => !remembered.has(e.requestId)).map((e) => `${e.action} ${e.requestId}`)).toEqual([]);
    const raw = JSON.stringify(events);
    for (const secret of SECRETS_SENT) expect(raw).not.toContain(secret);
  });

  it("the operator's account opening is in the new account's trail, by the operator", () => {
    const openings = calls.filter((c) => !c.caller);
    expect(openings).toHaveLength(2);
    for (const c of openings) {
      expect(c.status).toBe(201);
      const mine = events.filter((e) => e.requestId === c.requestId);
      expect(mine, describeCall(c)).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        action: 'operator:OpenAccount',
        result: 'Success',
        tenant: { type: 'account', id: c.opened },
        actor: { type: 'Operator', authenticatedBy: 'OperatorToken' },
        source: { ip: c.ip },
      });
    }
  });

  it('covers every audited route but the few listed, each with its reason', () => {
    const covered = new Set(calls.flatMap((c) => {
      const found = match(c.method, c.path);
      return found ? [routeKey(found.route)] : [];
    }));
    const all = MANAGEMENT_AUDITED_ROUTES.map(routeKey);
    expect(all.filter((r) => !covered.has(r) && !(r in UNCOVERED))).toEqual([]);
    // A route the scenario now covers, or one no longer in the table, leaves the list.
    expect(Object.keys(UNCOVERED).filter((r) => covered.has(r) || !all.includes(r))).toEqual([]);
    expect(Object.keys(UNCOVERED).length).toBeLessThanOrEqual(5);
  });
});
