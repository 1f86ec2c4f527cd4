import { SAML } from '@node-saml/node-saml';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { PortalClient } from '../support/browserless';
import { accessWorld, apiWithWorkers, assign, type Api, type World } from '../support/access-world';
import type { InProcessQueue } from '../../adapters/local/in-process-queue';

let api: Api;
let queue: InProcessQueue;
let w: World;
let dirName: string;
let developers: string;
let engineersAc: string;

const ORIGIN = 'http://127.0.0.1:3000';
const SIGN_IN_URL = `${ORIGIN}/sandbox-cloud/saml-role/sso`;
const mgmt = (method: string, path: string, body?: unknown) => api.call(method, `${w.base}${path}`, { key: w.key, ...(body !== undefined ? { body } : {}) });

const setPassword = async (userId: string, password: string) => {
  const set = await mgmt('PUT', `/users/${userId}/password`, { password, mustChange: false });
  expect(set.status, JSON.stringify(set.json)).toBe(200);
};

const signedIn = async (userName: string, password: string) => {
  const client = new PortalClient((req, env) => api.gateway.fetch(req, env), ORIGIN);
  await client.go('GET', `/portal/${dirName}/login`);
  await client.submit(`/portal/${dirName}/login`, { userName, password });
  expect(client.url).toBe(`/portal/${dirName}`);
  return client;
};

const csrfOf = (client: PortalClient) => /name="csrf" value="([^"]+)"/.exec(client.html)![1]!;
const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&').replace(/&quot;/g, '"');

/** Clicks "open" for an account: the portal answers with the auto-posting form to the cloud. */
const open = async (client: PortalClient, accountId: string, accessConfigurationId: string) => {
  await client.go('GET', `/portal/${dirName}`);
  return client.go('POST', `/portal/${dirName}/accounts/${accountId}/console`, { csrf: csrfOf(client), accessConfigurationId });
};

beforeAll(async () => {
  const t = await freshTable();
  ({ api, queue } = apiWithWorkers(t.table));
  w = await accessWorld(api, 'Portal Access Corp');
  dirName = (await mgmt('GET', '')).json.name;
  await setPassword(w.users.alice, 'Alice-Portal-2026!');
  await setPassword(w.users.bob, 'Bob-Portal-2026!');
  developers = await w.configuration('Developers', { sessionDuration: 7200, relayState: `${ORIGIN}/sandbox-cloud/console?service=ecs` });
  await mgmt('POST', `/access-configurations/${developers}/permission-policies`, { type: 'System', name: 'AliyunECSFullAccess' });
  engineersAc = await w.configuration('Engineers-RO', { sessionDuration: 1800 });
  expect((await assign(api, w, { accessConfigurationId: developers, targetId: w.accounts.dev, principalId: w.users.alice })).status).toBe(202);
  expect((await assign(api, w, { accessConfigurationId: engineersAc, targetType: 'RD-Folder', targetId: w.folders.prod, principalType: 'Group', principalId: w.groups.engineers })).status).toBe(202);
  await queue.idle();
});

describe('opening an account from the portal', () => {
  it('lists the accounts and access configurations the user holds', async () => {
    const alice = await signedIn('alice@access.example', 'Alice-Portal-2026!');
    expect(alice.html).toContain(`data-testid="account-${w.accounts.dev}"`);
    expect(alice.html).toContain(`data-testid="open-${w.accounts.dev}-Developers"`);
    expect(alice.html).not.toContain(`account-${w.accounts.prod}`);
    const bob = await signedIn('bob@access.example', 'Bob-Portal-2026!');
    // Through the group, on the Prod folder: both accounts below it.
    expect(bob.html).toContain(`open-${w.accounts.prod}-Engineers-RO`);
    expect(bob.html).toContain(`open-${w.accounts.payments}-Engineers-RO`);
    expect(bob.html).not.toContain(`account-${w.accounts.dev}`);
  });

  it('posts a signed SAML Response with the role attributes to the cloud, which lands the user with the right role and session', async () => {
    const alice = await signedIn('alice@access.example', 'Alice-Portal-2026!');
    await open(alice, w.accounts.dev, developers);
    expect(alice.status).toBe(200);
    expect(alice.html).toContain(`action="${SIGN_IN_URL}"`);
    // The auto-submit script must reach the browser unescaped (an entity in a script is a syntax error).
    expect(alice.html).toMatch(/<script nonce="[^"]+">document\.forms\[0\]\.submit\(\)<\/script>/);
    const samlResponse = field(alice.html, 'SAMLResponse')!;
    const relayState = field(alice.html, 'RelayState');
    expect(relayState).toBe(`${ORIGIN}/sandbox-cloud/console?service=ecs`);

    // An independent verifier (node-saml) accepts it against the published IdP certificate.
    const certificates = await api.container.idpCertificates(w.dir as never);
    const verifier = new SAML({
      idpCert: certificates.map((body) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`),
      issuer: 'urn:alibaba:cloudcomputing',
      audience: 'urn:alibaba:cloudcomputing',
      callbackUrl: SIGN_IN_URL,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      validateInResponseTo: 'never' as never,
      acceptedClockSkewMs: 24 * 3600 * 1000 * 400,
    });
    const { profile } = await verifier.validatePostResponseAsync({ SAMLResponse: samlResponse });
    expect(profile?.issuer).toBe(`urn:atrium:cloudsso:${w.dir}`);
    expect(profile?.['https://www.aliyun.com/SAML-Role/Attributes/Role']).toBe(
      `acs:ram::${w.accounts.dev}:role/AliyunReservedSSO-Developers,acs:ram::${w.accounts.dev}:saml-provider/AliyunReservedSSO-${w.dir}`,
    );
    expect(profile?.['https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName']).toBe('alice@access.example');
    expect(profile?.['https://www.aliyun.com/SAML-Role/Attributes/SessionDuration']).toBe('7200');

    // The browser's auto-submit, done by hand: the sandbox cloud verifies and shows the session.
    await alice.go('POST', '/sandbox-cloud/saml-role/sso', { SAMLResponse: samlResponse, RelayState: relayState! });
    expect(alice.url).toBe('/sandbox-cloud/console');
    expect(alice.html).toContain(`data-testid="account">${w.accounts.dev}<`);
    expect(alice.html).toContain('data-testid="role">AliyunReservedSSO-Developers<');
    expect(alice.html).toContain('data-testid="session-name">alice@access.example<');
    expect(alice.html).toContain('AliyunECSFullAccess');
    const expires = /data-testid="expires">([^<]+)</.exec(alice.html)![1]!;
    expect(Date.parse(expires) - api.clock.now().getTime()).toBe(7200 * 1000);
    // The same response again is a replay.
    await alice.go('POST', '/sandbox-cloud/saml-role/sso', { SAMLResponse: samlResponse, RelayState: relayState! });
    expect(alice.status).toBe(403);
  });

  it('refuses what the user does not hold, with a readable page', async () => {
    const alice = await signedIn('alice@access.example', 'Alice-Portal-2026!');
    await open(alice, w.accounts.prod, engineersAc);
    expect(alice.status).toBe(403);
    expect(alice.text()).toContain('You do not have this access on this account.');
    await open(alice, w.accounts.dev, 'ac-doesnotexist');
    expect(alice.status).toBe(403);
    await alice.go('GET', `/portal/${dirName}`);
    await alice.go('POST', `/portal/${dirName}/accounts/${w.accounts.dev}/console`, { csrf: 'forged', accessConfigurationId: developers });
    expect(alice.status).toBe(403);
    expect(alice.text()).toContain('Form expired');
  });

  it('stops at once when the user leaves the group that gave the access', async () => {
    const bob = await signedIn('bob@access.example', 'Bob-Portal-2026!');
    await open(bob, w.accounts.payments, engineersAc);
    expect(bob.html).toContain('name="SAMLResponse"');
    expect((await mgmt('DELETE', `/groups/${w.groups.engineers}/members/${w.users.bob}`)).status).toBeLessThan(300);
    await open(bob, w.accounts.payments, engineersAc);
    expect(bob.status).toBe(403);
    expect(bob.html).not.toContain(`account-${w.accounts.payments}`);
    await mgmt('POST', `/groups/${w.groups.engineers}/members`, { userIds: [w.users.bob] });
  });

  it('when many groups hold the access, only the user\'s own membership counts, and leaving that group ends it', async () => {
    const ac = await w.configuration('Crowded');
    const groups: string[] = [];
    for (let i = 0; i < 12; i++) {
      const g = await mgmt('POST', '/groups', { name: `crowd-${i}` });
      groups.push(g.json.id);
      await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.dev, principalType: 'Group', principalId: g.json.id });
    }
    await mgmt('POST', `/groups/${groups[7]}/members`, { userIds: [w.users.bob] });
    await queue.idle();
    const bob = await signedIn('bob@access.example', 'Bob-Portal-2026!');
    await open(bob, w.accounts.dev, ac);
    expect(bob.html).toContain('name="SAMLResponse"');
    await mgmt('DELETE', `/groups/${groups[7]}/members/${w.users.bob}`);
    await open(bob, w.accounts.dev, ac);
    expect(bob.status).toBe(403);
  });

  it('stops at the end of a time-bound assignment, before any cleanup runs', async () => {
    const ac = await w.configuration('OnCall');
    const end = new Date(api.clock.now().getTime() + 2 * 3_600_000).toISOString();
    await assign(api, w, { accessConfigurationId: ac, targetId: w.accounts.payments, principalId: w.users.alice, expiresAt: end });
    await queue.idle();
    const alice = await signedIn('alice@access.example', 'Alice-Portal-2026!');
    await open(alice, w.accounts.payments, ac);
    expect(alice.html).toContain('name="SAMLResponse"');
    api.clock.advance(2 * 3_600_000);
    const again = await signedIn('alice@access.example', 'Alice-Portal-2026!');
    expect(again.html).not.toContain(`open-${w.accounts.payments}-OnCall`);
    await open(again, w.accounts.payments, ac);
    expect(again.status).toBe(403);
  });

  it('refuses a disabled user', async () => {
    const alice = await signedIn('alice@access.example', 'Alice-Portal-2026!');
    await alice.go('GET', `/portal/${dirName}`);
    const csrf = csrfOf(alice);
    expect((await mgmt('PUT', `/users/${w.users.alice}/status`, { status: 'Disabled' })).status).toBe(200);
    await alice.go('POST', `/portal/${dirName}/accounts/${w.accounts.dev}/console`, { csrf, accessConfigurationId: developers });
    expect(alice.html).not.toContain('SAMLResponse');
    expect((await mgmt('PUT', `/users/${w.users.alice}/status`, { status: 'Enabled' })).status).toBe(200);
  });

  it('hands out temporary credentials only when the directory allows it, and they work at the cloud until they expire', async () => {
    const alice = await signedIn('alice@access.example', 'Alice-Portal-2026!');
    const take = async () => {
      await alice.go('GET', `/portal/${dirName}`);
      const csrf = csrfOf(alice);
      const res = await api.gateway.fetch(
        new Request(`${ORIGIN}/portal/${dirName}/accounts/${w.accounts.dev}/credentials`, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', cookie: `atrium_session=${alice.cookie('atrium_session')}`, host: '127.0.0.1:3000' },
          body: new URLSearchParams({ csrf, accessConfigurationId: developers }).toString(),
        }),
      );
      return { status: res.status, json: (await res.json()) as Record<string, string> };
    };
    expect((await mgmt('PUT', '/logon-settings/login-preference', { allowUserToGetCredentials: false })).status).toBe(200);
    expect(await take()).toMatchObject({ status: 403, json: { code: 'Access.TemporaryCredentialsDisabled' } });
    expect(alice.html).not.toContain('Command line access');
    expect((await mgmt('PUT', '/logon-settings/login-preference', { allowUserToGetCredentials: true })).status).toBe(200);
    await alice.go('GET', `/portal/${dirName}`);
    expect(alice.html).toContain(`credentials-${w.accounts.dev}-Developers`);
    const got = await take();
    expect(got.status).toBe(200);
    expect(got.json.accessKeyId).toMatch(/^STS\./);
    expect(Date.parse(got.json.expiration!) - api.clock.now().getTime()).toBe(7200 * 1000);
    const who = await api.call('GET', '/sandbox-cloud/sts/caller-identity', { headers: { 'x-acs-accesskey-id': got.json.accessKeyId!, 'x-acs-security-token': got.json.securityToken! } });
    expect(who).toMatchObject({ status: 200, json: { AccountId: w.accounts.dev, RoleName: 'AliyunReservedSSO-Developers', RoleSessionName: 'alice@access.example' } });
    api.clock.advance(7200 * 1000);
    const later = await api.call('GET', '/sandbox-cloud/sts/caller-identity', { headers: { 'x-acs-accesskey-id': got.json.accessKeyId!, 'x-acs-security-token': got.json.securityToken! } });
    expect(later.status).toBe(403);
  });
});
