import { beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { PortalClient } from '../support/browserless';
import { apiOver } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let root: { key: string; accountId: string };

const browser = () => new PortalClient((req, env) => api.gateway.fetch(req, env), 'http://127.0.0.1:3000', { testClientIp: '198.51.100.77' });

const signIn = async (key: string) => {
  const b = browser();
  await b.go('GET', '/console/sign-in');
  await b.submit('/console/sign-in', { apiKey: key });
  return b;
};

beforeAll(async () => {
  api = apiOver((await freshTable()).table);
  root = await api.openAccount('Console Corp');
});

describe('console sign-in', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    const b = browser();
    await b.go('GET', '/console');
    expect(b.url).toBe('/console/sign-in');
    expect(b.text()).toContain('Sign in to the console');
  });

  it('signs in with an API key and shows who is signed in; the cookie is HttpOnly and SameSite=Strict', async () => {
    const b = await signIn(root.key);
    expect(b.url).toBe('/console');
    expect(b.text()).toContain(root.accountId);
    const line = b.setCookies.find((l) => l.startsWith('atrium_console='))!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Strict/i);
    expect(line).toMatch(/Path=\/console/);
  });

  it('records a sign-in in the account\'s audit trail', async () => {
    await signIn(root.key);
    const trail = await api.call('GET', '/api/v1/account/audit-events?action=console:SignIn', { key: root.key });
    expect(trail.json.events[0]).toMatchObject({ channel: 'Console', result: 'Success', actor: { type: 'Account', id: root.accountId, authenticatedBy: 'ApiKey' }, source: { ip: '198.51.100.77' } });
  });

  it('refuses an unknown key, and a sign-in form that did not come from its page', async () => {
    const b = await signIn('atr_not-a-real-key');
    expect(b.status).toBe(401);
    expect(b.text()).toContain('unknown or inactive');
    const forged = browser();
    await forged.go('POST', '/console/sign-in', { apiKey: root.key, csrf: 'guess' });
    expect(forged.status).toBe(403);
    expect(forged.cookie('atrium_console')).toBeUndefined();
  });

  it('refuses a POST without the session\'s CSRF token', async () => {
    const b = await signIn(root.key);
    await b.go('POST', '/console/sign-out', { csrf: 'wrong' });
    expect(b.status).toBe(403);
    await b.go('GET', '/console');
    expect(b.url).toBe('/console');
  });

  it('signs out, and a deactivated key ends its sessions at the next click', async () => {
    const admin = (await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'console-admin', policies: ['AliyunCloudSSOReadOnlyAccess'] } })).json;
    const created = (await api.call('POST', `/api/v1/administrators/${admin.id}/api-keys`, { key: root.key })).json;
    const b = await signIn(created.secret);
    expect(b.text()).toContain('console-admin');
    expect(b.text()).toContain('AliyunCloudSSOReadOnlyAccess');
    expect((await api.call('PATCH', `/api/v1/administrators/${admin.id}/api-keys/${created.apiKey?.id ?? created.id}`, { key: root.key, body: { status: 'Inactive' } })).status).toBe(200);
    await b.go('GET', '/console');
    expect(b.url).toBe('/console/sign-in');

    const out = await signIn(root.key);
    await out.submit('/console/sign-out', {});
    expect(out.url).toBe('/console/sign-in');
    await out.go('GET', '/console');
    expect(out.url).toBe('/console/sign-in');
  });
});

describe('the audit trail in the console', () => {
  it('lists the account trail with filters, and exports it', async () => {
    const made = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'trail-subject', policies: [] }, clientIp: '203.0.113.50' });
    expect(made.status).toBe(201);
    const b = await signIn(root.key);
    await b.go('GET', `/console/audit?${new URLSearchParams({ trail: 'account', action: 'ram:CreateUser' })}`);
    expect(b.status).toBe(200);
    expect(b.text()).toContain('ram:CreateUser');
    expect(b.text()).toContain('203.0.113.50');
    expect(b.html).toContain(made.json.id);
    await b.go('GET', `/console/audit?${new URLSearchParams({ trail: 'account', action: 'resourcemanager:' })}`);
    expect(b.text()).not.toContain('ram:CreateUser');
    await b.go('GET', `/console/audit?${new URLSearchParams({ trail: 'account', from: 'yesterday' })}`);
    expect(b.status).toBe(400);
    expect(b.html).toMatch(/class="field-error"|class="error"/);

    const res = await api.gateway.request(`/console/audit/export?${new URLSearchParams({ trail: 'account', format: 'csv' })}`, {
      headers: { cookie: `atrium_console=${b.cookie('atrium_console')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-account\.csv"/);
    expect(await res.text()).toMatch(/^time,event_id,tenant,action/);
  });
});
