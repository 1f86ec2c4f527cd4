import { beforeAll, describe, expect, it } from 'vitest';
import { logonSucceeded } from '../../events/logon-succeeded';
import { createMeteringHandler } from '../../functions/queue/metering';
import { createBillingDailyHandler } from '../../functions/schedule/billing';
import { createSweeperHandler } from '../../functions/schedule/tasks-sweeper';
import { apiWithWorkers } from '../support/access-world';
import { PortalClient } from '../support/browserless';
import { TEST_NOW } from '../support/clock';
import { freshTable } from '../support/db';
import { sqsEvent } from '../support/sqs';

// The CIAM procedure walked through the console's forms only, as a browser without JavaScript would:
// buy an instance, add and configure an application, create an account, add an administrator, read
// usage and bills. The API is used only to set the scene (RAM users, their keys) and to check results.
let world: Awaited<ReturnType<typeof setUp>>;

const setUp = async () => {
  const { table } = await freshTable();
  const { api, queue, control } = apiWithWorkers(table);
  const root = await api.openAccount('Console Shop');
  const ramUser = async (name: string, policies: string[] = []) => {
    const created = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name, policies } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const key = await api.call('POST', `/api/v1/administrators/${created.json.id}/api-keys`, { key: root.key });
    expect(key.status).toBe(201);
    return { id: created.json.id as string, key: key.json.secret as string };
  };
  const browser = () => new PortalClient((req, env) => api.gateway.fetch(req, env), 'http://127.0.0.1:3000', { testClientIp: '198.51.100.80' });
  const signIn = async (key: string) => {
    const b = browser();
    await b.go('GET', '/console/sign-in');
    await b.submit('/console/sign-in', { apiKey: key });
    expect(b.url).toBe('/console');
    return b;
  };
  return { api, queue, control, root, ramUser, signIn, admin: await signIn(root.key) };
};

// Filled in as the procedure goes.
let instanceId = '';
let applicationId = '';
let clientSecret = '';
let customerId = '';
let ada = { id: '', key: '' };

const page = (rest = '') => `/console/ciam/instances/${instanceId}${rest}`;
const apiGet = (path: string, key = world.root.key) => world.api.call('GET', path, { key });
/** The error shown under a field, tied to it by aria-describedby. */
const fieldError = (html: string, field: string) => new RegExp(`<p class="field-error" id="f-${field}-error">([^<]*)</p>`).exec(html)?.[1];

beforeAll(async () => {
  world = await setUp();
}, 60_000);

describe('the CIAM console, by forms', () => {
  it('shows the catalogue on Purchase Instance: editions with their hourly fee, and the MAU tiers', async () => {
    const b = world.admin;
    await b.go('GET', '/console/ciam/purchase');
    expect(b.status).toBe(200);
    const text = b.text();
    expect(text).toContain('China (Shanghai) (cn-shanghai)');
    expect(text).toMatch(/Basic\s+3 \/ hour/);
    expect(text).toMatch(/Enterprise\s+16 \/ hour/);
    expect(text).toMatch(/Ultimate\s+42 \/ hour/);
    expect(text).toMatch(/1 – 50,000\s+0\.24/);
    expect(text).toMatch(/above 10,000,000\s+0\.12/);
    expect(b.html).toContain('<form method="post" action="/console/ciam/purchase">');
  });

  it('buys an instance: Initializing until its task runs, with a refresh link; then Running', async () => {
    const b = world.admin;
    await b.go('GET', '/console/ciam/purchase');
    // The task's message is lost, as if the process died after the order: the instance must wait.
    world.control.crash = true;
    await b.submit('/console/ciam/purchase', { region: 'cn-shanghai', edition: 'Enterprise', description: 'Shop customers' });
    world.control.crash = false;
    const id = /^\/console\/ciam\/instances\/(idaas_[a-z0-9]+)\?done=purchased$/.exec(b.url)?.[1];
    expect(id, b.url).toBeDefined();
    instanceId = id!;
    expect(b.text()).toContain('Order placed');
    expect(b.html).toContain('<span class="badge busy">Initializing</span>');
    expect(b.html).toContain(`<a href="/console/ciam/instances/${instanceId}">Refresh</a>`);
    expect(b.text()).toMatch(/Purchase\s+Enterprise\s+USD 16/);

    // The sweeper sends the stale task again; the worker runs it; Refresh shows the instance running.
    world.api.clock.advance(6 * 60_000);
    expect((await createSweeperHandler(() => world.api.container)()).resent).toBeGreaterThanOrEqual(1);
    await world.queue.idle();
    await b.go('GET', page());
    expect(b.html).toContain('<span class="badge ok">Running</span>');
    expect(b.text()).not.toContain('Refresh');
    await b.go('GET', '/console/ciam/instances');
    expect(b.text()).toMatch(/Shop customers\s+idaas_[a-z0-9]+\s+cn-shanghai\s+Enterprise\s+Running/);
  });

  it('refuses an invalid redirect URI next to its field, keeping what was typed', async () => {
    const b = world.admin;
    await b.go('GET', page('/applications/new'));
    await b.submit(page('/applications/new'), { icon: 'https://cdn.shop.example/icon.png', name: 'Shop web', type: 'Website', protocol: 'OIDC', redirectUris: 'http://shop.example.com/callback' });
    expect(b.status).toBe(400);
    expect(fieldError(b.html, 'redirectUris')).toMatch(/https/i);
    expect(b.html).toMatch(/<textarea id="f-redirectUris" name="redirectUris" rows="3" aria-invalid="true" aria-describedby="f-redirectUris-error">/);
    expect(b.html).toContain('value="Shop web"');
    expect(fieldError(b.html, 'name')).toBeUndefined();
  });

  it('adds an application (icon, name, type, SSO protocol) and shows its client secret once, in the response only', async () => {
    const b = world.admin;
    await b.go('GET', page('/applications/new'));
    await b.submit(page('/applications/new'), {
      icon: 'https://cdn.shop.example/icon.png',
      name: 'Shop web',
      type: 'Website',
      protocol: 'OIDC',
      redirectUris: 'https://shop.example.com/callback\n\nhttps://shop.example.com/callback2',
    });
    expect(b.status).toBe(200);
    expect(b.url).toBe(page('/applications/new'));
    expect(b.text()).toContain('Application Shop web added.');
    clientSecret = /<code class="secret" data-secret[^>]*>([^<]+)<\/code>/.exec(b.html)?.[1] ?? '';
    expect(clientSecret.length).toBeGreaterThanOrEqual(32);
    applicationId = /Client ID<\/th><td><code>(app_[a-z0-9]+)<\/code>/.exec(b.html)?.[1] ?? '';
    expect(applicationId).toMatch(/^app_/);

    const stored = await apiGet(`/api/v1/ciam/instances/${instanceId}/applications/${applicationId}`);
    expect(stored.json).toMatchObject({
      name: 'Shop web',
      icon: 'https://cdn.shop.example/icon.png',
      type: 'Website',
      protocol: 'OIDC',
      oidc: { clientType: 'confidential', redirectUris: ['https://shop.example.com/callback', 'https://shop.example.com/callback2'] },
    });
    // Listed with its icon; never shown again.
    await b.go('GET', page('/applications'));
    expect(b.html).toContain('<img src="https://cdn.shop.example/icon.png" alt=""');
    expect(b.text()).toMatch(/Shop web\s+app_[a-z0-9]+\s+Website\s+OIDC\s+Enabled/);
    expect(b.html).not.toContain(clientSecret);
    await b.go('GET', page(`/applications/${applicationId}`));
    expect(b.html).not.toContain(clientSecret);

    // A SAML application: its service provider's settings, and no client secret.
    await b.go('GET', page('/applications/new'));
    await b.submit(page('/applications/new'), { name: 'Partner wiki', type: 'Website', protocol: 'SAML', spEntityId: 'https://wiki.example.com/saml', acsUrl: 'https://wiki.example.com/saml/acs' });
    expect(b.text()).toContain('Application Partner wiki added.');
    expect(b.html).not.toContain('data-secret');
    const listed = await apiGet(`/api/v1/ciam/instances/${instanceId}/applications`);
    expect(listed.json.applications.find((a: { name: string }) => a.name === 'Partner wiki')).toMatchObject({ protocol: 'SAML', saml: { acsUrl: 'https://wiki.example.com/saml/acs' } });
  });

  it('configures the application: settings saved, a token lifetime out of range refused next to its field, a new secret shown once', async () => {
    const b = world.admin;
    const here = page(`/applications/${applicationId}`);
    await b.go('GET', here);
    expect(b.text()).toContain(`/ciam/${instanceId}/oidc/.well-known/openid-configuration`);
    await b.submit(here, {
      name: 'Shop website',
      icon: 'https://cdn.shop.example/icon.png',
      redirectUris: 'https://shop.example.com/callback',
      postLogoutRedirectUris: 'https://shop.example.com/',
      accessTokenSeconds: '60',
      idTokenSeconds: '3600',
      refreshTokenSeconds: '2592000',
    });
    expect(b.status).toBe(400);
    expect(fieldError(b.html, 'accessTokenSeconds')).toMatch(/300/);
    expect(b.html).toContain('value="Shop website"');

    await b.submit(here, {
      name: 'Shop website',
      icon: 'https://cdn.shop.example/icon.png',
      redirectUris: 'https://shop.example.com/callback',
      postLogoutRedirectUris: 'https://shop.example.com/',
      accessTokenSeconds: '1800',
      idTokenSeconds: '3600',
      refreshTokenSeconds: '2592000',
    });
    expect(b.url).toBe(`${here}?done=application-updated`);
    expect(b.text()).toContain('Application settings saved.');
    const stored = await apiGet(`/api/v1/ciam/instances/${instanceId}/applications/${applicationId}`);
    expect(stored.json).toMatchObject({ name: 'Shop website', oidc: { redirectUris: ['https://shop.example.com/callback'], postLogoutRedirectUris: ['https://shop.example.com/'], accessTokenSeconds: 1800 } });

    await b.submit(`${here}/client-secrets`, { overlapSeconds: '3600' });
    expect(b.status).toBe(201);
    const fresh = /<code class="secret" data-secret[^>]*>([^<]+)<\/code>/.exec(b.html)?.[1] ?? '';
    expect(fresh.length).toBeGreaterThanOrEqual(32);
    expect(fresh).not.toBe(clientSecret);
    expect((await apiGet(`/api/v1/ciam/instances/${instanceId}/applications/${applicationId}/client-secrets`)).json.clientSecrets).toHaveLength(2);
  });

  it('sets Registration And Logon Settings: logon methods, the primary method, self-registration', async () => {
    const b = world.admin;
    const here = page(`/applications/${applicationId}/logon`);
    await b.go('GET', here);
    // A primary method that is switched off is refused next to the primary method.
    await b.submit(here, { phoneCode: 'on', primary: 'Password', selfRegistration: 'on' });
    expect(b.status).toBe(400);
    expect(fieldError(b.html, 'primary')).toMatch(/turned off/);

    await b.submit(here, { phoneCode: 'on', password: 'on', primary: 'PhoneCode', selfRegistration: 'on' });
    expect(b.url).toBe(`${here}?done=logon-saved`);
    expect(b.html).toMatch(/<input type="radio" name="primary" value="PhoneCode" checked=""/);
    expect(b.html).toMatch(/<input id="f-selfRegistration" type="checkbox" name="selfRegistration" value="on" checked=""/);
    expect((await apiGet(`/api/v1/ciam/instances/${instanceId}/applications/${applicationId}/logon-methods`)).json).toEqual({
      phoneCode: true,
      password: true,
      primary: 'PhoneCode',
      selfRegistration: true,
      smsSecondFactor: false,
    });
  });

  it('creates a user account (name, password, phone); an invalid phone number is refused next to its field', async () => {
    const b = world.admin;
    await b.go('GET', page('/users/new'));
    await b.submit(page('/users/new'), { username: 'mei.lin', password: 'Sesame-0pen!', phone: '+86 128 0000 0000', mustChangePassword: 'on' });
    expect(b.status).toBe(400);
    expect(fieldError(b.html, 'phone')).toBeTruthy();
    expect(fieldError(b.html, 'username')).toBeUndefined();
    expect(b.html).toContain('value="mei.lin"');
    expect(b.html).not.toContain('Sesame-0pen!');

    await b.submit(page('/users/new'), { username: 'mei.lin', password: 'Sesame-0pen!', phone: '138 0013 8000', displayName: 'Mei Lin' });
    expect(b.url).toBe(`${page('/users')}?done=account-created`);
    expect(b.text()).toMatch(/mei\.lin\s+Mei Lin\s+\+8613800138000/);
    const listed = await apiGet(`/api/v1/ciam/instances/${instanceId}/accounts?usernamePrefix=mei`);
    expect(listed.json.accounts).toHaveLength(1);
    expect(listed.json.accounts[0]).toMatchObject({ username: 'mei.lin', phone: '+8613800138000', mustChangePassword: false, source: 'Administrator' });
    customerId = listed.json.accounts[0].customerId;

    // The same name again: the conflict is shown next to the account name.
    await b.go('GET', page('/users/new'));
    await b.submit(page('/users/new'), { username: 'MEI.LIN', password: 'Sesame-0pen!', phone: '139 0013 9000' });
    expect(b.status).toBe(409);
    expect(fieldError(b.html, 'username')).toBeTruthy();
  });

  it('pages through the accounts with the API\'s nextToken, keeping the search', async () => {
    const records = Array.from({ length: 21 }, (_, i) => ({ username: `bulk-${String(i).padStart(2, '0')}`, phone: `+86139${String(i + 1).padStart(8, '0')}` }));
    const imported = await world.api.call('POST', `/api/v1/ciam/instances/${instanceId}/accounts:import`, { key: world.root.key, body: { records } });
    expect(imported.json.imported, JSON.stringify(imported.json)).toBe(21);
    const b = world.admin;
    await b.go('GET', `${page('/users')}?usernamePrefix=bulk`);
    expect(b.text()).toContain('bulk-19');
    expect(b.text()).not.toContain('bulk-20');
    const next = /<a class="button secondary" href="([^"]+)">\s*Next page/.exec(b.html)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toContain('usernamePrefix=bulk');
    await b.go('GET', next!);
    expect(b.text()).toContain('bulk-20');
    expect(b.text()).not.toContain('bulk-19');
    expect(b.text()).not.toContain('mei.lin');
    expect(b.html).not.toContain('Next page');
  });

  it('adds an administrator (account name, RAM sub-account, external ID, role); the role reaches this instance', async () => {
    ada = await world.ramUser('ada');
    const b = world.admin;
    await b.go('GET', page('/administrators'));
    expect(b.html).toContain(`<option value="${ada.id}">ada</option>`);
    await b.submit(page('/administrators'), { accountName: 'Ada (shop)', administratorId: ada.id, externalId: 'ext-42', role: 'ApplicationAdministrator' });
    expect(b.url).toBe(`${page('/administrators')}?done=administrator-added`);
    expect(b.text()).toMatch(/Ada \(shop\)\s+\S+\s+ext-42\s+ApplicationAdministrator/);
    expect((await apiGet(`/api/v1/ciam/instances/${instanceId}/administrators`)).json.administrators).toEqual([
      expect.objectContaining({ administratorId: ada.id, accountName: 'Ada (shop)', externalId: 'ext-42', role: 'ApplicationAdministrator' }),
    ]);
    // Twice: the API's conflict is shown next to the RAM sub-account.
    await b.submit(page('/administrators'), { administratorId: ada.id, role: 'ReadOnly' });
    expect(b.status).toBe(409);
    expect(fieldError(b.html, 'administratorId')).toBeTruthy();

    // Ada holds no policy: her role shows her the application forms, not the account forms.
    const asAda = await world.signIn(ada.key);
    await asAda.go('GET', '/console/ciam/instances');
    expect(asAda.html).toContain(`href="/console/ciam/instances/${instanceId}"`);
    expect(asAda.html).not.toContain('href="/console/ciam/purchase"');
    await asAda.go('GET', page('/applications'));
    expect(asAda.html).toContain(`href="${page('/applications/new')}"`);
    await asAda.go('GET', `${page('/users')}?usernamePrefix=mei`);
    expect(asAda.text()).toContain('mei.lin');
    expect(asAda.html).not.toContain(`href="${page('/users/new')}"`);
    await asAda.go('GET', page(`/applications/${applicationId}/logon`));
    expect(asAda.html).toContain(`<form method="post" action="${page(`/applications/${applicationId}/logon`)}">`);
  });

  it("puts the session's CSRF token in every form that posts, on every page", async () => {
    const b = world.admin;
    const pages = [
      '/console/ciam/purchase',
      page(),
      page('/applications/new'),
      page(`/applications/${applicationId}`),
      page(`/applications/${applicationId}/logon`),
      page('/users/new'),
      page('/administrators'),
      page('/usage'),
    ];
    let forms = 0;
    for (const path of pages) {
      await b.go('GET', path);
      expect(b.status, path).toBe(200);
      for (const form of b.html.matchAll(/<form method="post"[\s\S]*?<\/form>/g)) {
        forms++;
        expect(form[0], path).toMatch(/<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{20,}"\/>/);
      }
    }
    // Purchase, add application, settings, status, new secret, logon, account, remove and add administrator, thresholds, and sign-out on each page.
    expect(forms).toBeGreaterThanOrEqual(pages.length + 10);
  });

  it('shows usage (MAU by application and day) and sets the alert thresholds', async () => {
    const out = await createMeteringHandler(() => world.api.container)(
      sqsEvent([logonSucceeded({ instanceId, applicationId, customerId, method: 'Password', at: world.api.clock.now().toISOString() })]),
    );
    expect(out.batchItemFailures).toEqual([]);
    const b = world.admin;
    const month = world.api.clock.now().toISOString().slice(0, 7);
    await b.go('GET', page('/usage'));
    expect(b.status).toBe(200);
    expect(b.text()).toContain(`Monthly active users, ${month}`);
    expect(b.text()).toMatch(/By application Application MAU Shop website 1/);
    expect(b.text()).toMatch(new RegExp(`${world.api.clock.now().toISOString().slice(0, 10)} 1 1`));

    await b.submit(page('/usage/thresholds'), { thresholds: '10000, ten' });
    expect(b.status).toBe(400);
    expect(fieldError(b.html, 'thresholds')).toBeTruthy();
    await b.submit(page('/usage/thresholds'), { thresholds: '10000, 50000' });
    expect(b.url).toBe(`${page('/usage')}?done=thresholds-saved`);
    expect((await apiGet(`/api/v1/ciam/instances/${instanceId}/usage/thresholds`)).json.thresholds).toEqual([10000, 50000]);
  });

  it("records the console's changes in the instance's audit trail: channel Console, authenticated by the console session", async () => {
    const from = new Date(new Date(TEST_NOW).getTime() - 3_600_000).toISOString();
    const res = await apiGet(`/api/v1/ciam/instances/${instanceId}/audit-events?maxResults=100&from=${from}`);
    expect(res.status).toBe(200);
    const events = res.json.events as { action: string; channel: string; result: string; actor: { authenticatedBy: string; type: string } }[];
    for (const action of ['idaas:CreateApplication', 'idaas:UpdateApplication', 'idaas:SetApplicationLogonMethods', 'idaas:CreateUser', 'idaas:AddInstanceAdministrator', 'idaas:SetUsageThresholds']) {
      const event = events.find((e) => e.action === action && e.result === 'Success');
      expect(event, action).toBeDefined();
      expect(event).toMatchObject({ channel: 'Console', actor: { type: 'Account', authenticatedBy: 'ConsoleSession' } });
    }
    // Refusals are recorded too, as the console caused them.
    expect(events.find((e) => e.action === 'idaas:CreateUser' && e.result === 'Failure')).toMatchObject({ channel: 'Console' });
  });

  it('shows the bills: the open statement, the daily lines the job wrote, and the CSV', async () => {
    const day = world.api.clock.now().toISOString().slice(0, 10);
    world.api.clock.advance(24 * 3_600_000);
    const run = await createBillingDailyHandler(() => world.api.container)({ date: day });
    expect(run.lines).toBeGreaterThanOrEqual(1);
    // A day later the morning's console session has expired (eight hours): sign in again.
    const b = await world.signIn(world.root.key);
    const month = day.slice(0, 7);
    await b.go('GET', `/console/ciam/bills?month=${month}`);
    expect(b.status).toBe(200);
    const text = b.text();
    expect(text).toContain(`Statement ${month}: Open`);
    expect(text).toMatch(new RegExp(`${day} ${instanceId} Enterprise \\d+ × 16\\.00 \\d+\\.00 1 1 0\\.24`));
    await b.go('GET', `/console/ciam/bills/${month}/csv`);
    expect(b.status).toBe(200);
    expect(b.html).toContain(instanceId);
    expect(b.html).toContain('TOTAL');
  });
});

describe('a read-only principal (AliyunYundunIdaasReadOnlyAccess)', () => {
  it('sees the lists and the prices, but no purchase or create forms', async () => {
    const reader = await world.ramUser('reader', ['AliyunYundunIdaasReadOnlyAccess']);
    const b = await world.signIn(reader.key);
    expect(b.html).toContain('href="/console/ciam/instances"');
    expect(b.html).not.toContain('href="/console/ciam/purchase"');

    await b.go('GET', '/console/ciam/purchase');
    expect(b.text()).toContain('16 / hour');
    expect(b.html).not.toContain('action="/console/ciam/purchase"');
    expect(b.text()).toContain('needs the idaas:CreateInstance permission');

    await b.go('GET', '/console/ciam/instances');
    expect(b.text()).toContain('Shop customers');
    await b.go('GET', page('/applications'));
    expect(b.text()).toContain('Shop website');
    expect(b.html).not.toContain(`href="${page('/applications/new')}"`);
    await b.go('GET', page(`/applications/${applicationId}`));
    expect(b.text()).toContain('Shop website');
    // Neither the settings, nor the status, nor a new secret: only the sign-out form posts.
    expect([...b.html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1])).toEqual(['/console/sign-out']);
    await b.go('GET', page(`/applications/${applicationId}/logon`));
    expect(b.text()).toMatch(/Primary logon method\s+PhoneCode/);
    expect(b.html).not.toContain(`action="${page(`/applications/${applicationId}/logon`)}"`);
    await b.go('GET', `${page('/users')}?usernamePrefix=mei`);
    expect(b.text()).toContain('mei.lin');
    expect(b.html).not.toContain(`href="${page('/users/new')}"`);
    await b.go('GET', page('/administrators'));
    expect(b.text()).toContain('Ada (shop)');
    expect(b.html).not.toContain(`action="${page('/administrators')}"`);
  });

  it("is shown the API's refusal when it posts a form anyway", async () => {
    const reader = await world.ramUser('reader2', ['AliyunYundunIdaasReadOnlyAccess']);
    const b = await world.signIn(reader.key);
    await b.go('GET', page('/users'));
    await b.submit(page('/users/new'), { username: 'sneaky', password: 'Sesame-0pen!', phone: '139 0013 9001' });
    expect(b.status).toBe(403);
    expect(b.text()).toContain('missing permission: idaas:CreateUser');
    expect((await apiGet(`/api/v1/ciam/instances/${instanceId}/accounts?usernamePrefix=sneaky`)).json.accounts).toEqual([]);
  });
});
