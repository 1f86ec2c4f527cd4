import { generateSync } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { PortalClient } from '../support/browserless';
import { apiOver } from '../support/stack';
import { mfaDeviceCountKey } from '../../adapters/dynamodb/keys';
import type { DirectoryId, UserId } from '../../domain/shared/ids';

let api: ReturnType<typeof apiOver>;
let org: { key: string; dir: string; name: string };

const mgmt = (method: string, path: string, body?: unknown) =>
  api.call(method, `/api/v1/cloudsso/directories/${org.dir}${path}`, { key: org.key, ...(body !== undefined ? { body } : {}) });

const portal = (ip?: string) => new PortalClient((req, env) => api.gateway.fetch(req, env), 'http://127.0.0.1:3000', ip ? { testClientIp: ip } : undefined);

/** A user with a password set by the administrator (no forced change unless asked). */
const userWithPassword = async (userName: string, password: string, mustChange = false) => {
  const user = (await mgmt('POST', '/users', { userName, displayName: userName })).json;
  const set = await mgmt('PUT', `/users/${user.id}/password`, { password, mustChange });
  expect(set.status, JSON.stringify(set.json)).toBe(200);
  return user as { id: string };
};

const signIn = async (client: PortalClient, userName: string, password: string) => {
  await client.go('GET', `/portal/${org.name}/login`);
  return client.submit(`/portal/${org.name}/login`, { userName, password });
};

beforeAll(async () => {
  const t = await freshTable();
  api = apiOver(t.table);
  const acct = await api.openAccount('Portal Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: acct.key });
  const d = (await api.call('POST', '/api/v1/cloudsso/directories', { key: acct.key, body: { name: 'portal-corp', region: 'cn-shanghai' } })).json;
  org = { key: acct.key, dir: d.id, name: d.name };
});

describe('password logon to the portal', () => {
  it('an administrator-set password must be changed at first logon, then the portal opens', async () => {
    const generated = await mgmt('POST', '/users', { userName: 'first.timer' });
    const reset = await mgmt('PUT', `/users/${generated.json.id}/password`, {});
    expect(reset.json.password).toMatch(/.{12,}/);
    const client = portal();
    await signIn(client, 'first.timer', reset.json.password);
    expect(client.url).toBe(`/portal/${org.name}/password`);
    expect(client.text()).toContain('must be changed');
    // The portal itself is out of reach until the password is changed.
    await client.go('GET', `/portal/${org.name}`);
    expect(client.url).toBe(`/portal/${org.name}/password`);
    await client.submit(`/portal/${org.name}/password`, { current: reset.json.password, next: 'weak', confirm: 'weak' });
    expect(client.status).toBe(400);
    expect(client.text()).toMatch(/at least 8|characters/i);
    await client.submit(`/portal/${org.name}/password`, { current: reset.json.password, next: 'N3w-Passw0rd!', confirm: 'N3w-Passw0rd!' });
    expect(client.url).toBe(`/portal/${org.name}?done=password`);
    expect(client.text()).toContain('Accounts you can access');
    const fresh = portal();
    await signIn(fresh, 'first.timer', 'N3w-Passw0rd!');
    expect(fresh.url).toBe(`/portal/${org.name}`);
  });

  it('sets an opaque, HttpOnly, SameSite session cookie scoped to the portal', async () => {
    await userWithPassword('cookie.check', 'Cookie-Passw0rd!');
    const client = portal();
    await client.go('GET', `/portal/${org.name}/login`);
    await client.submit(`/portal/${org.name}/login`, { userName: 'cookie.check', password: 'Cookie-Passw0rd!' });
    expect(client.cookie('atrium_session')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const line = client.setCookies.find((l) => l.startsWith('atrium_session='))!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(new RegExp(`Path=/portal/${org.name}`));
    // Loopback is plain http; anywhere else the cookie is Secure.
    expect(line).not.toMatch(/Secure/i);
  });

  it('never says whether the user exists: unknown user, wrong password and disabled user read the same', async () => {
    const u = await userWithPassword('same.message', 'Same-Passw0rd!');
    const messages = [];
    for (const [name, pass] of [['nobody.here', 'Whatever-1!'], ['same.message', 'Wrong-Passw0rd!']] as const) {
      const client = portal();
      await signIn(client, name, pass);
      expect(client.status).toBe(401);
      messages.push(client.text().match(/The user name or password[^.]*\./)?.[0]);
    }
    await mgmt('PUT', `/users/${u.id}/status`, { status: 'Disabled' });
    const disabled = portal();
    await signIn(disabled, 'same.message', 'Same-Passw0rd!');
    expect(disabled.status).toBe(401);
    messages.push(disabled.text().match(/The user name or password[^.]*\./)?.[0]);
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).toBeDefined();
  });

  it('locks the user after the policy number of failures, for one hour', async () => {
    await mgmt('PUT', '/logon-settings/password-policy', { maxFailedAttempts: 3 });
    await userWithPassword('brute.target', 'Brute-Passw0rd!');
    for (let i = 0; i < 3; i++) expect((await signIn(portal(), 'brute.target', `Guess-${i}-Aa1!`)).status).toBe(401);
    expect((await signIn(portal(), 'brute.target', 'Brute-Passw0rd!')).status).toBe(401);
    api.clock.advance(61 * 60 * 1000);
    const after = await signIn(portal(), 'brute.target', 'Brute-Passw0rd!');
    expect(after.url).toBe(`/portal/${org.name}`);
    await mgmt('PUT', '/logon-settings/password-policy', { maxFailedAttempts: 5 });
  });

  it('ends a session when the user is disabled, and on sign-out', async () => {
    const u = await userWithPassword('short.lived', 'Short-Passw0rd!');
    const client = portal();
    await signIn(client, 'short.lived', 'Short-Passw0rd!');
    expect(client.url).toBe(`/portal/${org.name}`);
    await mgmt('PUT', `/users/${u.id}/status`, { status: 'Disabled' });
    await client.go('GET', `/portal/${org.name}`);
    expect(client.url).toBe(`/portal/${org.name}/login`);
    await mgmt('PUT', `/users/${u.id}/status`, { status: 'Enabled' });
    await signIn(client, 'short.lived', 'Short-Passw0rd!');
    await client.submit(`/portal/${org.name}/logout`, {});
    expect(client.url).toBe(`/portal/${org.name}/login?signedout`);
    await client.go('GET', `/portal/${org.name}`);
    expect(client.url).toBe(`/portal/${org.name}/login`);
  });

  it('refuses a form without its CSRF token with 403', async () => {
    await userWithPassword('csrf.victim', 'Csrf-Passw0rd!');
    const attacker = portal();
    await attacker.go('POST', `/portal/${org.name}/login`, { userName: 'csrf.victim', password: 'Csrf-Passw0rd!' });
    expect(attacker.status).toBe(403);
    const client = portal();
    await signIn(client, 'csrf.victim', 'Csrf-Passw0rd!');
    await client.go('POST', `/portal/${org.name}/logout`, { csrf: 'forged' });
    expect(client.status).toBe(403);
  });

  it('refuses addresses outside the IP allow-list', async () => {
    await userWithPassword('office.only', 'Office-Passw0rd!');
    await mgmt('PUT', '/logon-settings/login-preference', { loginNetworkMasks: ['10.1.0.0/16', '192.0.2.7'] });
    const outside = await signIn(portal('203.0.113.9'), 'office.only', 'Office-Passw0rd!');
    expect(outside.status).toBe(403);
    expect(outside.text()).toContain('not allowed from your network');
    const inside = await signIn(portal('10.1.44.3'), 'office.only', 'Office-Passw0rd!');
    expect(inside.url).toBe(`/portal/${org.name}`);
    await mgmt('PUT', '/logon-settings/login-preference', { loginNetworkMasks: [] });
    const bad = await mgmt('PUT', '/logon-settings/login-preference', { loginNetworkMasks: ['999.1.1.1/8'] });
    expect(bad).toMatchObject({ status: 400, json: { code: 'InvalidParameter.LoginPreference' } });
  });
});

describe('MFA', () => {
  it('when required, the user enrols a TOTP device at first logon, then verifies each logon; a replayed code is refused', async () => {
    await mgmt('PUT', '/logon-settings/mfa', { status: 'Enabled' });
    const u = await userWithPassword('mfa.user', 'Mfa-Passw0rd!');
    const client = portal();
    await signIn(client, 'mfa.user', 'Mfa-Passw0rd!');
    expect(client.url).toBe(`/portal/${org.name}/mfa/enroll`);
    const secret = client.html.match(/data-testid="totp-secret">([A-Z2-7]+)</)?.[1];
    expect(secret).toBeDefined();
    const code = (at: Date) => generateSync({ secret: secret!, epoch: Math.floor(at.getTime() / 1000) });
    await client.submit(`/portal/${org.name}/mfa/enroll`, { name: 'Phone', code: '000000' });
    expect(client.status).toBe(400);
    await client.submit(`/portal/${org.name}/mfa/enroll`, { name: 'Phone', code: code(api.clock.now()) });
    expect(client.url).toBe(`/portal/${org.name}?done=mfa`);
    const devices = await mgmt('GET', `/users/${u.id}/mfa-devices`);
    expect(devices.json.devices).toEqual([expect.objectContaining({ type: 'TOTP', name: 'Phone' })]);

    api.clock.advance(60_000);
    const again = portal();
    await signIn(again, 'mfa.user', 'Mfa-Passw0rd!');
    expect(again.url).toBe(`/portal/${org.name}/mfa`);
    const now = code(api.clock.now());
    await again.submit(`/portal/${org.name}/mfa`, { code: now });
    expect(again.url).toBe(`/portal/${org.name}`);
    const replay = portal();
    await signIn(replay, 'mfa.user', 'Mfa-Passw0rd!');
    await replay.submit(`/portal/${org.name}/mfa`, { code: now });
    expect(replay.status).toBe(401);

    const blocked = await mgmt('DELETE', `/users/${u.id}`);
    expect(blocked).toMatchObject({ status: 409, json: { code: 'DeletionConflict.User' } });
    expect(blocked.json.message).toContain('MFA devices');
    await mgmt('PUT', '/logon-settings/mfa', { status: 'ByUser' });
  });

  it('ByUser asks whoever has a device, known from the count read with the credential, or by listing for a user from before the count', async () => {
    await mgmt('PUT', '/logon-settings/mfa', { status: 'Enabled' });
    const u = await userWithPassword('byuser.mfa', 'Byuser-Passw0rd!');
    const enrol = portal();
    await signIn(enrol, 'byuser.mfa', 'Byuser-Passw0rd!');
    const secret = enrol.html.match(/data-testid="totp-secret">([A-Z2-7]+)</)?.[1];
    await enrol.submit(`/portal/${org.name}/mfa/enroll`, { name: 'Phone', code: generateSync({ secret: secret!, epoch: Math.floor(api.clock.now().getTime() / 1000) }) });
    expect(enrol.url).toBe(`/portal/${org.name}?done=mfa`);
    await mgmt('PUT', '/logon-settings/mfa', { status: 'ByUser' });
    const count = mfaDeviceCountKey(org.dir as DirectoryId, u.id as UserId);
    expect((await api.container.table.get(count))?.n).toBe(1);

    const asked = portal();
    await signIn(asked, 'byuser.mfa', 'Byuser-Passw0rd!');
    expect(asked.url).toBe(`/portal/${org.name}/mfa`);
    // Without the count item (a user stored before it existed) the devices are listed: still asked.
    await api.container.table.delete({ Key: count });
    const legacy = portal();
    await signIn(legacy, 'byuser.mfa', 'Byuser-Passw0rd!');
    expect(legacy.url).toBe(`/portal/${org.name}/mfa`);
    // A user without a device goes straight in.
    await userWithPassword('byuser.plain', 'Plain-Passw0rd!');
    const plain = portal();
    await signIn(plain, 'byuser.plain', 'Plain-Passw0rd!');
    expect(plain.url).toBe(`/portal/${org.name}`);
  });

  it('OnlyRiskyLogon asks for the second factor from a new network or after failed attempts, not from a known network', async () => {
    await mgmt('PUT', '/logon-settings/mfa', { status: 'OnlyRiskyLogon' });
    try {
      await userWithPassword('risk.user', 'Risk-Passw0rd!');
      // First logon ever: no known network, so it is risky; without a device the user enrols one.
      const first = portal('198.51.100.10');
      await signIn(first, 'risk.user', 'Risk-Passw0rd!');
      expect(first.url).toBe(`/portal/${org.name}/mfa/enroll`);
      const secret = first.html.match(/data-testid="totp-secret">([A-Z2-7]+)</)![1]!;
      const code = () => generateSync({ secret, epoch: Math.floor(api.clock.now().getTime() / 1000) });
      await first.submit(`/portal/${org.name}/mfa/enroll`, { name: 'Phone', code: code() });
      expect(first.url).toBe(`/portal/${org.name}?done=mfa`);

      // The same /24, once the first logon completed: known, no second factor.
      api.clock.advance(60_000);
      const known = portal('198.51.100.77');
      await signIn(known, 'risk.user', 'Risk-Passw0rd!');
      expect(known.url).toBe(`/portal/${org.name}`);

      // Another network: the code is asked; stopping at the code leaves that network unknown.
      const elsewhere = portal('203.0.113.5');
      await signIn(elsewhere, 'risk.user', 'Risk-Passw0rd!');
      expect(elsewhere.url).toBe(`/portal/${org.name}/mfa`);
      const again = portal('203.0.113.9');
      await signIn(again, 'risk.user', 'Risk-Passw0rd!');
      expect(again.url).toBe(`/portal/${org.name}/mfa`);
      api.clock.advance(60_000);
      await again.submit(`/portal/${org.name}/mfa`, { code: code() });
      expect(again.url).toBe(`/portal/${org.name}`);
      const nowKnown = portal('203.0.113.200');
      await signIn(nowKnown, 'risk.user', 'Risk-Passw0rd!');
      expect(nowKnown.url).toBe(`/portal/${org.name}`);

      // A failed attempt first makes even a known network risky.
      await signIn(portal('198.51.100.77'), 'risk.user', 'wrong-password');
      const afterFailure = portal('198.51.100.77');
      await signIn(afterFailure, 'risk.user', 'Risk-Passw0rd!');
      expect(afterFailure.url).toBe(`/portal/${org.name}/mfa`);
    } finally {
      await mgmt('PUT', '/logon-settings/mfa', { status: 'ByUser' });
    }
  });
});

describe('logon settings in the management API', () => {
  it('shows the portal URL and validates the password policy', async () => {
    const settings = await mgmt('GET', '/logon-settings');
    expect(settings.json).toMatchObject({ method: 'Password', portalUrl: expect.stringMatching(/\/portal\/portal-corp\/login$/) });
    const bad = await mgmt('PUT', '/logon-settings/password-policy', { minLength: 40 });
    expect(bad.status).toBe(400);
    const ok = await mgmt('PUT', '/logon-settings/password-policy', { minLength: 12 });
    expect(ok.json.passwordPolicy.minLength).toBe(12);
    const u = (await mgmt('POST', '/users', { userName: 'policy.check' })).json;
    const short = await mgmt('PUT', `/users/${u.id}/password`, { password: 'Short-1a!' });
    expect(short).toMatchObject({ status: 400, json: { code: 'InvalidParameter.Password' } });
    await mgmt('PUT', '/logon-settings/password-policy', { minLength: 8 });
  });

  it('SSO cannot be turned on without an identity provider', async () => {
    const res = await mgmt('PUT', '/logon-settings/method', { method: 'SSO' });
    expect(res).toMatchObject({ status: 409, json: { code: 'OperationFailed.SSONotConfigured' } });
  });
});
