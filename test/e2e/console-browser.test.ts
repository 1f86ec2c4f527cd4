import { mkdir, stat } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { launchBrowser, withScreenshot } from '../support/browser';

// The management console (issue 9) in Debian's Chromium: the newcomer's path from demo.json, then the
// CIAM and CloudSSO procedures, each in a fresh cloud account and only by clicking. The API is used to
// set the scene (open the account, its resource directory, a RAM user) and to check what the forms did.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const SHOTS = 'test-results/console';

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ dataDir: 'memory', port: await freePort() }), launchBrowser()]);
}, 90_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
});

// A 1×1 PNG: the application icon, served to the browser in place of the CDN it names.
const ICON = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const ICON_URL = 'https://cdn.shop.example/icon.png';

/** A page in its own browser context (its own console session), with the icon CDN answered locally. */
const newPage = async (viewport = { width: 1280, height: 900 }): Promise<Page> => {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  // A missing label or heading fails in seconds, not at the test's timeout.
  context.setDefaultTimeout(15_000);
  await context.route('https://cdn.shop.example/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: ICON }));
  return context.newPage();
};

/** Keeps a full-page screenshot of a main page, on success too: the run's artifacts. */
const shot = async (page: Page, name: string) => {
  await mkdir(SHOTS, { recursive: true });
  const path = `${SHOTS}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  expect((await stat(path)).size, path).toBeGreaterThan(1_000);
};

/** The management API over HTTP, as a script would call it. */
const api = async (method: string, path: string, init: { key?: string; token?: string; body?: unknown } = {}) => {
  const bearer = init.key ?? init.token;
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as any) : undefined };
};

/** Opens a fresh cloud account through the operator API: its id and root key. */
const openAccount = async (displayName: string, enterpriseVerified = false) => {
  const res = await api('POST', '/api/v1/operator/accounts', { token: stack.demo!.operatorToken, body: { displayName, enterpriseVerified } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return { accountId: res.json.account.id as string, key: res.json.secret as string };
};

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Console' });
/** The text of what a locator finds, once it is there. */
const text = async (locator: Locator) => {
  await locator.first().waitFor();
  return (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
};
/** Clicks a button that posts a form, and waits for the page it answers with. */
const submit = async (page: Page, name: string | RegExp) => {
  await page.getByRole('button', { name, exact: typeof name === 'string' }).click();
  await page.waitForLoadState('load');
};
const notice = (page: Page) => text(page.getByRole('status').filter({ hasNot: page.getByRole('code') }));
/** A secret shown once: the code in the warning that says so. */
const secretShown = (page: Page, label: string) => text(page.getByRole('status').filter({ hasText: label }).getByRole('code'));

const signIn = async (page: Page, key: string, url = `${stack.url}/console/sign-in`) => {
  await page.goto(url);
  expect(await page.title()).toBe('Sign in · Atrium console');
  await page.getByLabel('API key').fill(key);
  await submit(page, 'Sign in');
  await page.waitForURL(`${stack.url}/console`);
  expect(await text(h1(page))).toBe('Overview');
};

describe('the console, for a newcomer who ran npm start', () => {
  it('opens the printed console URL, signs in with the demo key, and finds the demo directory, the demo instance and the audit trail', async () => {
    const demo = stack.demo!;
    expect(demo.consoleUrl).toBe(`${stack.url}/console/sign-in`);
    const page = await newPage();
    await withScreenshot(page, 'console-newcomer', async () => {
      await page.goto(demo.consoleUrl);
      await shot(page, 'sign-in');
      // A wrong key is refused on the page, in words.
      await page.getByLabel('API key').fill('not-a-key');
      await submit(page, 'Sign in');
      expect(await text(page.getByRole('alert'))).toBe('That API key is unknown or inactive.');

      await signIn(page, demo.adminKey, demo.consoleUrl);
      expect(await text(page.getByRole('main'))).toContain(`The cloud account ${demo.resourceDirectory.managementAccountId} itself`);
      expect(await text(page.getByRole('main'))).toMatch(/CIAM\s+1 instance\(s\)/);
      await shot(page, 'overview');

      // CloudSSO: the demo directory, and the portal URL to hand to its users.
      await page.getByRole('link', { name: 'Open the directory' }).click();
      await page.waitForURL(`${stack.url}/console/cloudsso`);
      expect(await text(h1(page))).toBe('CloudSSO');
      const main = await text(page.getByRole('main'));
      expect(main).toContain(`Name demo-corp`);
      expect(main).toContain(demo.cloudsso.directoryId);
      const portal = page.getByRole('link', { name: demo.cloudsso.portalUrl, exact: true });
      expect(await portal.getAttribute('href')).toBe(demo.cloudsso.portalUrl);
      await shot(page, 'cloudsso-overview');
      await nav(page).getByRole('link', { name: 'Users' }).click();
      expect(await text(page.getByRole('table'))).toContain('alice@demo-corp.example');

      // CIAM: the demo instance, running, with its application.
      await nav(page).getByRole('link', { name: 'Instances' }).click();
      expect(await text(h1(page))).toBe('Instances');
      const row = page.getByRole('row').filter({ hasText: 'Demo Shop customers' });
      expect(await text(row)).toMatch(new RegExp(`Demo Shop customers ${demo.ciam.instanceId} cn-hangzhou Enterprise Running`));
      await shot(page, 'ciam-instances');
      await row.getByRole('link', { name: 'Demo Shop customers' }).click();
      expect(await text(h1(page))).toBe('Demo Shop customers Running');
      await page.getByRole('navigation', { name: 'Instance sections' }).getByRole('link', { name: 'Application Management' }).click();
      expect(await text(page.getByRole('row').filter({ hasText: demo.ciam.application.id }))).toMatch(/Demo Shop .* Website OIDC Enabled/);

      // The audit trail: every trail this account has, the directory's first.
      await nav(page).getByRole('link', { name: 'Audit trail' }).click();
      expect(await text(h1(page))).toBe('Audit trail');
      const trails = await page.getByLabel('Trail').getByRole('option').allInnerTexts();
      expect(trails).toEqual([
        `Account ${demo.resourceDirectory.managementAccountId}`,
        `CloudSSO directory ${demo.cloudsso.directoryId}`,
        `CIAM instance Demo Shop customers (${demo.ciam.instanceId})`,
      ]);
      expect(await page.getByLabel('Trail').inputValue()).toBe(`directory:${demo.cloudsso.directoryId}`);
      expect(await text(page.getByRole('heading', { level: 2, name: /event\(s\)/ }))).toMatch(/^\d+ event\(s\)/);
      await shot(page, 'audit');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${stack.url}/console/sign-in`);
      await page.goto(`${stack.url}/console/ciam/instances`);
      expect(page.url()).toBe(`${stack.url}/console/sign-in`);
    });
  });

  it('fits a phone: no sideways scrolling, and the navigation is still there to use', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await withScreenshot(page, 'console-phone', async () => {
      await signIn(page, stack.demo!.adminKey);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      const instances = nav(page).getByRole('link', { name: 'Instances' });
      expect(await instances.isVisible()).toBe(true);
      const box = await instances.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      // The side bar folds above the content on a phone: the links come first, then the page.
      const main = await page.getByRole('main').boundingBox();
      expect(main!.y).toBeGreaterThan(box!.y);
      expect(main!.x).toBeLessThan(50);
      await shot(page, 'overview-phone');
      await instances.click();
      expect(await text(h1(page))).toBe('Instances');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, 'ciam-instances-phone');
    });
  });
});

describe('the CIAM procedure, clicked through in a fresh account', () => {
  it('buys an instance, adds and configures an application, sets its logon, creates an account, adds an administrator, and opens usage and bills', async () => {
    const shop = await openAccount('Browser Shop');
    // A RAM user of the new account, to make an administrator of the instance.
    const ada = await api('POST', '/api/v1/administrators', { key: shop.key, body: { name: 'ada', policies: [] } });
    expect(ada.status, JSON.stringify(ada.json)).toBe(201);
    const month = new Date().toISOString().slice(0, 7);
    const page = await newPage();
    await withScreenshot(page, 'console-ciam', async () => {
      await signIn(page, shop.key);
      expect(await text(page.getByRole('main'))).toMatch(/CIAM\s+0 instance\(s\)/);

      // Purchase Instance: the prices first, then the order.
      await nav(page).getByRole('link', { name: 'Purchase instance' }).click();
      expect(await text(h1(page))).toBe('Purchase instance');
      expect(await text(page.getByRole('table', { name: 'Editions' }).getByRole('row').filter({ hasText: 'Enterprise' }))).toMatch(/^Enterprise 16 \/ hour up to/);
      expect(await text(page.getByRole('table', { name: 'MAU price tiers' }).getByRole('row').nth(1))).toBe('1 – 50,000 0.24');
      await shot(page, 'ciam-purchase');
      await page.getByLabel('Region').selectOption('cn-shanghai');
      await page.getByRole('radio', { name: /^Enterprise — USD 16 \/ hour/ }).check();
      await page.getByLabel('Description').fill('Browser shop customers');
      await submit(page, 'Buy instance');
      await page.waitForURL(/\/console\/ciam\/instances\/idaas_[a-z0-9]+\?done=purchased$/);
      const instanceId = /instances\/(idaas_[a-z0-9]+)/.exec(page.url())![1]!;
      expect(await notice(page)).toContain('Order placed.');
      expect(await text(page.getByRole('row').filter({ hasText: 'USD 16' }))).toMatch(/^\d+ Purchase Enterprise USD 16 /);

      // It initializes on the tasks queue; Refresh until it runs.
      for (let tries = 0; !(await text(h1(page))).endsWith('Running'); tries++) {
        expect(tries, 'the instance never ran').toBeLessThan(20);
        await stack.queues.tasks.idle();
        await page.getByRole('link', { name: 'Refresh' }).click();
        await page.waitForLoadState('load');
      }
      expect(await text(h1(page))).toBe('Browser shop customers Running');
      expect(await page.getByRole('link', { name: 'Refresh' }).count()).toBe(0);
      await shot(page, 'ciam-instance');

      // Application Management → Add application: icon, name, type, protocol; the secret once.
      const sections = page.getByRole('navigation', { name: 'Instance sections' });
      await sections.getByRole('link', { name: 'Application Management' }).click();
      expect(await text(page.getByRole('main'))).toContain('No applications yet.');
      await page.getByRole('link', { name: 'Add application' }).click();
      await page.getByLabel('Icon').fill(ICON_URL);
      await page.getByLabel('Application name').fill('Shop web');
      await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Website' });
      await page.getByRole('radio', { name: /OpenID Connect \(OIDC\)/ }).check();
      await page.getByLabel('Redirect URIs').fill('https://shop.example.com/callback');
      await submit(page, 'Add application');
      expect(await notice(page)).toBe('Application Shop web added.');
      const secret = await secretShown(page, 'Client secret');
      expect(secret).toMatch(/^\S{32,}$/);
      const applicationId = await text(page.getByRole('row', { name: /Client ID/ }).getByRole('cell'));
      expect(applicationId).toMatch(/^app_[a-z0-9]+$/);
      await shot(page, 'ciam-application-added');
      const stored = await api('GET', `/api/v1/ciam/instances/${instanceId}/applications/${applicationId}`, { key: shop.key });
      expect(stored.json).toMatchObject({ name: 'Shop web', icon: ICON_URL, type: 'Website', protocol: 'OIDC', oidc: { clientType: 'confidential', redirectUris: ['https://shop.example.com/callback'] } });

      // Configure: the secret is not shown again; a setting is saved.
      await page.getByRole('link', { name: 'Configure' }).click();
      expect(await text(h1(page))).toBe('Browser shop customers Running');
      expect(await page.content()).not.toContain(secret);
      expect(await text(page.getByRole('row', { name: /Discovery/ }))).toContain(`${stack.url}/ciam/${instanceId}/oidc/.well-known/openid-configuration`);
      await page.getByLabel('Access token lifetime (seconds)').fill('1800');
      await submit(page, 'Save settings');
      expect(await notice(page)).toBe('Application settings saved.');
      expect((await api('GET', `/api/v1/ciam/instances/${instanceId}/applications/${applicationId}`, { key: shop.key })).json.oidc.accessTokenSeconds).toBe(1800);
      await shot(page, 'ciam-application-configure');

      // Registration And Logon Settings: both methods, the SMS code first, self-registration on.
      await page.getByRole('link', { name: 'Registration And Logon Settings' }).click();
      await page.getByRole('checkbox', { name: 'SMS verification code' }).check();
      await page.getByRole('checkbox', { name: 'Password', exact: true }).check();
      await page.getByRole('radio', { name: 'SMS verification code' }).check();
      await page.getByRole('checkbox', { name: /Self-registration/ }).check();
      await submit(page, 'Save settings');
      expect(await notice(page)).toBe('Registration and logon settings saved.');
      expect(await page.getByRole('radio', { name: 'SMS verification code' }).isChecked()).toBe(true);
      expect((await api('GET', `/api/v1/ciam/instances/${instanceId}/applications/${applicationId}/logon-methods`, { key: shop.key })).json).toEqual({
        phoneCode: true,
        password: true,
        primary: 'PhoneCode',
        selfRegistration: true,
        smsSecondFactor: false,
      });
      await shot(page, 'ciam-logon-settings');

      // Users → Create account: name, password, phone.
      await sections.getByRole('link', { name: 'Users' }).click();
      await page.getByRole('link', { name: 'Create account' }).click();
      await page.getByLabel(/^Account name/).fill('mei.lin');
      await page.getByLabel(/^Password/).fill('Sesame-0pen!');
      await page.getByLabel('Phone number').fill('138 0013 8000');
      await page.getByLabel('Display name').fill('Mei Lin');
      await submit(page, 'Create account');
      await page.waitForURL(/\/users\?done=account-created$/);
      expect(await notice(page)).toBe('Account created.');
      expect(await text(page.getByRole('row').filter({ hasText: 'mei.lin' }))).toMatch(/^mei\.lin Mei Lin \+8613800138000 Enabled Administrator —$/);
      await shot(page, 'ciam-users');

      // Settings → Administrator account: the RAM user, with a role on this instance.
      await sections.getByRole('link', { name: 'Settings' }).click();
      expect(await text(page.getByRole('heading', { level: 2, name: 'Administrator account' }))).toBe('Administrator account');
      await page.getByLabel(/^Account name/).fill('Ada (shop)');
      await page.getByLabel('RAM sub-account').selectOption({ label: 'ada' });
      await page.getByLabel('External ID').fill('ext-42');
      await page.getByLabel('Authorized role').selectOption('ApplicationAdministrator');
      await submit(page, 'Add administrator');
      expect(await notice(page)).toBe('Administrator added.');
      expect(await text(page.getByRole('row').filter({ hasText: 'Ada (shop)' }))).toMatch(new RegExp(`^Ada \\(shop\\) ${ada.json.id} ext-42 ApplicationAdministrator`));
      expect((await api('GET', `/api/v1/ciam/instances/${instanceId}/administrators`, { key: shop.key })).json.administrators).toEqual([
        expect.objectContaining({ administratorId: ada.json.id, accountName: 'Ada (shop)', externalId: 'ext-42', role: 'ApplicationAdministrator' }),
      ]);
      await shot(page, 'ciam-administrators');

      // Usage, then Usage and bills.
      await sections.getByRole('link', { name: 'Usage' }).click();
      expect(await text(page.getByRole('heading', { level: 2, name: /Monthly active users/ }))).toBe(`Monthly active users, ${month}`);
      await shot(page, 'ciam-usage');
      await nav(page).getByRole('link', { name: 'Usage and bills' }).click();
      expect(await text(h1(page))).toBe('Usage and bills');
      expect(await text(page.getByRole('heading', { level: 2, name: /^Statement/ }))).toBe(`Statement ${month}: Open`);
      await shot(page, 'ciam-bills');

      // The audit trail of the instance shows what the console did, as the console.
      await nav(page).getByRole('link', { name: 'Audit trail' }).click();
      await page.getByLabel('Trail').selectOption(`instance:${instanceId}`);
      await page.getByLabel('Action (e.g. portal: or cloudsso:Create*)').fill('idaas:CreateApplication');
      await submit(page, 'Search');
      const event = page.getByRole('row').filter({ hasText: 'idaas:CreateApplication' });
      expect(await text(event)).toMatch(/idaas:CreateApplication Console Success .*Account · ConsoleSession/);
      await shot(page, 'ciam-audit');
    });
  });
});

describe('the CloudSSO procedure, clicked through in a fresh account', () => {
  it('enables CloudSSO, manages users and groups, sets the logon method, SCIM, password policy and MFA, creates an access configuration and assigns it, and follows the tasks', async () => {
    const corp = await openAccount('Browser SSO Corp', true);
    // The resource directory and a member account come first (the Resource Management procedure).
    expect((await api('POST', '/api/v1/resource-directory', { key: corp.key })).status).toBe(201);
    const member = await api('POST', '/api/v1/resource-directory/accounts', { key: corp.key, body: { displayName: 'Dev Sandbox' } });
    expect(member.status, JSON.stringify(member.json)).toBe(201);
    const devAccount = member.json.id as string;
    const page = await newPage();
    await withScreenshot(page, 'console-cloudsso', async () => {
      await signIn(page, corp.key);
      expect(await text(page.getByRole('main'))).toContain('CloudSSO Not enabled.');

      // Enable CloudSSO: the directory is created, and the portal's sign-in URL is there to hand out.
      await page.getByRole('link', { name: 'Enable CloudSSO' }).click();
      expect(await text(h1(page))).toBe('CloudSSO');
      await page.getByLabel('Region').selectOption('cn-shanghai');
      await page.getByLabel('Directory name').fill('browser-sso');
      await submit(page, 'Enable CloudSSO');
      await page.waitForURL(`${stack.url}/console/cloudsso?done=enabled`);
      expect(await notice(page)).toBe('CloudSSO is enabled: the directory is created.');
      const portalUrl = `${stack.url}/portal/browser-sso/login`;
      expect(await page.getByRole('link', { name: portalUrl, exact: true }).getAttribute('href')).toBe(portalUrl);
      const service = await api('GET', '/api/v1/cloudsso/service', { key: corp.key });
      expect(service.json.status).toBe('Enabled');
      const dir = `/api/v1/cloudsso/directories/${service.json.directoryId}`;
      expect(await text(page.getByRole('main'))).toContain(service.json.directoryId);
      await shot(page, 'cloudsso-enabled');

      // Users: create two; reset one's password, shown once, and it opens the portal.
      await nav(page).getByRole('link', { name: 'Users' }).click();
      const createUser = async (userName: string, displayName: string) => {
        const form = page.getByRole('form', { name: 'Create a user' });
        await form.getByLabel('User name').fill(userName);
        await form.getByLabel('Display name').fill(displayName);
        await form.getByLabel('Email').fill(userName);
        await submit(page, 'Create user');
        await page.waitForURL(/\/console\/cloudsso\/users\/u-[a-z0-9]+\?done=user-created$/);
        expect(await notice(page)).toBe('The user is created.');
        expect(await text(h1(page))).toBe(userName);
      };
      await createUser('alice@browser.example', 'Alice Browser');
      await page.getByLabel(/^New password/).fill('');
      await page.getByRole('checkbox', { name: 'The user must change it at the next logon' }).uncheck();
      await submit(page, 'Reset password');
      expect(await text(h1(page))).toBe('Password set');
      const password = await secretShown(page, 'The generated password');
      expect(password.length).toBeGreaterThanOrEqual(8);
      await shot(page, 'cloudsso-password-once');
      await page.getByRole('link', { name: 'Back to the user' }).click();
      expect(await text(h1(page))).toBe('alice@browser.example');
      expect(await page.content()).not.toContain(password);
      await shot(page, 'cloudsso-user');

      const portal = await page.context().newPage();
      await portal.goto(portalUrl);
      await portal.getByLabel('User name').fill('alice@browser.example');
      await portal.getByLabel('Password').fill(password);
      await portal.getByRole('button', { name: 'Sign in' }).click();
      await portal.waitForURL(`${stack.url}/portal/browser-sso`);
      expect(await text(portal.getByRole('heading', { level: 1 }))).toContain('Alice Browser');
      await portal.close();

      await nav(page).getByRole('link', { name: 'Users' }).click();
      await createUser('bob@browser.example', 'Bob Browser');
      await nav(page).getByRole('link', { name: 'Users' }).click();
      for (const [userName, displayName] of [['alice@browser.example', 'Alice Browser'], ['bob@browser.example', 'Bob Browser']] as const) {
        expect(await text(page.getByRole('row').filter({ hasText: userName }))).toBe(`${userName} ${displayName} ${userName} Enabled Manual`);
      }
      await shot(page, 'cloudsso-users');

      // Groups and members.
      await nav(page).getByRole('link', { name: 'Groups' }).click();
      const createGroup = page.getByRole('form', { name: 'Create a group' });
      await createGroup.getByLabel('Name').fill('Engineers');
      await createGroup.getByLabel('Description').fill('Builds things');
      await submit(page, 'Create group');
      await page.waitForURL(/\/console\/cloudsso\/groups\/g-[a-z0-9]+\?done=group-created$/);
      expect(await text(h1(page))).toBe('Engineers');
      await page.getByLabel('Add a user by user name').fill('bob@browser.example');
      await submit(page, 'Add member');
      expect(await notice(page)).toBe('The user is added to the group.');
      expect(await text(page.getByRole('row').filter({ hasText: 'bob@browser.example' }))).toMatch(/^bob@browser\.example Bob Browser Enabled/);
      await shot(page, 'cloudsso-group');

      // Settings: the IdP (uploaded as a file), then the logon method, warned about before it switches.
      await nav(page).getByRole('link', { name: 'Settings' }).click();
      expect(await text(h1(page))).toBe('Settings');
      await page.getByLabel(/^IdP metadata file/).setInputFiles('test/unit/saml/fixtures/okta.xml');
      await submit(page, 'Upload metadata');
      expect(await notice(page)).toBe('The SAML identity provider is configured.');
      await page.getByRole('combobox', { name: 'Logon method' }).selectOption('SSO');
      await page.getByLabel(/^Break-glass users/).fill('alice@browser.example');
      await submit(page, 'Change logon method');
      expect(await text(h1(page))).toBe('Switch to SSO logon?');
      expect(await text(page.getByRole('alert'))).toMatch(/^Enabling SSO disables password logon/);
      expect((await api('GET', `${dir}/logon-settings`, { key: corp.key })).json.method).toBe('Password');
      await shot(page, 'cloudsso-logon-method-warning');
      await submit(page, 'Yes, enable SSO');
      expect(await notice(page)).toBe('The logon method is changed.');
      expect((await api('GET', `${dir}/logon-settings`, { key: corp.key })).json).toMatchObject({ method: 'SSO', breakGlassUserIds: [expect.stringMatching(/^u-/)] });

      // SCIM on, and a credential whose secret is shown once and works.
      await submit(page, 'Turn SCIM synchronization on');
      expect(await notice(page)).toBe('SCIM synchronization is on.');
      await submit(page, 'Create a SCIM credential');
      expect(await text(h1(page))).toBe('SCIM credential created');
      const scimToken = await secretShown(page, 'The SCIM bearer token');
      expect(await text(page.getByRole('main'))).toContain(`with the tenant URL ${stack.url}/scim/v2`);
      await shot(page, 'cloudsso-scim-credential');
      const scim = await fetch(`${stack.url}/scim/v2/Users`, { headers: { authorization: `Bearer ${scimToken}` } });
      expect(scim.status).toBe(200);
      await page.getByRole('link', { name: 'Back to the settings' }).click();
      expect(await page.content()).not.toContain(scimToken);

      // Password policy and MFA.
      const policy = page.getByRole('form', { name: 'Password policy' });
      await policy.getByLabel('Minimum length').fill('12');
      await policy.getByRole('checkbox', { name: 'Requires a digit' }).check();
      await submit(page, 'Save password policy');
      expect(await notice(page)).toBe('The password policy is saved.');
      await page.getByLabel('MFA for password logon').selectOption({ label: 'Required for every password logon' });
      await submit(page, 'Save MFA setting');
      expect(await notice(page)).toBe('The MFA setting is saved.');
      const settings = (await api('GET', `${dir}/logon-settings`, { key: corp.key })).json;
      expect(settings.passwordPolicy).toMatchObject({ minLength: 12, requireDigit: true });
      expect(settings.mfa).toBe('Enabled');
      expect((await api('GET', dir, { key: corp.key })).json.scimSynchronization).toBe('Enabled');
      expect(await text(page.getByRole('main'))).toContain('Users sign in to the portal with: SSO (your identity provider)');
      await shot(page, 'cloudsso-settings');

      // Access configurations: one with a system policy and a two-hour session.
      await nav(page).getByRole('link', { name: 'Access configurations' }).click();
      const createAc = page.getByRole('form', { name: 'Create an access configuration' });
      await createAc.getByLabel(/^Name/).fill('Developer');
      await createAc.getByLabel('Description').fill('For developers');
      await createAc.getByLabel(/^Session duration/).fill('7200');
      await submit(page, 'Create access configuration');
      await page.waitForURL(/\/console\/cloudsso\/access-configurations\/ac-[a-z0-9]+\?done=ac-created$/);
      expect(await text(h1(page))).toBe('Developer');
      await page.getByRole('combobox', { name: 'System policy' }).selectOption('AliyunECSFullAccess');
      await submit(page, 'Attach system policy');
      expect(await notice(page)).toMatch(/^The permission policy is attached\./);
      expect(await text(page.getByRole('row').filter({ hasText: 'AliyunECSFullAccess' }))).toMatch(/^AliyunECSFullAccess System/);
      await shot(page, 'cloudsso-access-configuration');
      await nav(page).getByRole('link', { name: 'Access configurations' }).click();
      expect(await text(page.getByRole('row').filter({ hasText: 'Developer' }))).toBe('Developer For developers 2 h AliyunECSFullAccess AliyunReservedSSO-Developer');

      // Multi-account permissions: the account, a user and a group, the configuration.
      await nav(page).getByRole('link', { name: 'Multi-account permissions' }).click();
      expect(await text(page.getByRole('row').filter({ hasText: devAccount }))).toBe(`Dev Sandbox ${devAccount} Member account Active`);
      await shot(page, 'cloudsso-permissions');
      await page.getByRole('link', { name: 'Assign access' }).click();
      await page.getByRole('checkbox', { name: `Dev Sandbox ${devAccount}` }).check();
      await page.getByRole('checkbox', { name: /^alice@browser\.example/ }).check();
      await page.getByRole('checkbox', { name: /^Engineers/ }).check();
      await page.getByRole('checkbox', { name: /^Developer/ }).check();
      await shot(page, 'cloudsso-assign');
      await submit(page, 'Assign');
      await page.waitForURL(/\/console\/cloudsso\/tasks\?ids=t-[0-9A-Z]{26}%2Ct-[0-9A-Z]{26}&done=assigned$/);
      expect(await notice(page)).toBe('Access is being assigned: the tasks below provision it into the accounts.');

      // The tasks run on the queue; a reload shows where they ended.
      await stack.queues.tasks.idle();
      await page.reload();
      expect(await text(page.getByRole('main').getByRole('heading', { level: 2 }))).toBe('All 2 finished');
      const rows = page.getByRole('row').filter({ hasText: 'Assign access' });
      expect(await rows.count()).toBe(2);
      for (const row of await rows.all()) expect(await text(row)).toMatch(/^Assign access Developer on Dev Sandbox for (user alice@browser\.example|group Engineers) Success /);
      await shot(page, 'cloudsso-tasks-started');

      await rows.first().getByRole('link', { name: 'Dev Sandbox' }).click();
      expect(await text(h1(page))).toBe('Dev Sandbox');
      expect(await text(page.getByRole('row').filter({ hasText: 'AliyunReservedSSO-Developer' }))).toMatch(/^Developer AliyunReservedSSO-Developer Provisioned /);
      const assigned = await text(page.getByRole('table').first());
      expect(assigned).toContain('User alice@browser.example Developer');
      expect(assigned).toContain('Group Engineers Developer');
      await shot(page, 'cloudsso-account');

      await nav(page).getByRole('link', { name: 'Tasks' }).click();
      expect(await text(h1(page))).toBe('Tasks');
      const all = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Assign access' }) });
      expect(await all.count()).toBe(2);
      expect(await page.getByRole('row').filter({ hasText: /InProgress|Failed/ }).count()).toBe(0);
      await shot(page, 'cloudsso-tasks');
      const assignments = (await api('GET', `${dir}/access-assignments?targetType=RD-Account&targetId=${devAccount}`, { key: corp.key })).json.accessAssignments;
      expect(assignments.map((a: { principalType: string }) => a.principalType).sort()).toEqual(['Group', 'User']);
    });
  });
});
