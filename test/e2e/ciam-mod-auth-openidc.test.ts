import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { apacheRedirectUri, navigate, startApacheOpenIdc, type ApacheOpenIdc } from '../support/apache-openidc';
import { launchBrowser, withScreenshot } from '../support/browser';

// A whole stack, Apache and a browser; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const PASSWORD = 'Sesame-0pen!';
const CUSTOMER = { username: 'apache.visitor', phone: '+8613900000077', email: 'apache.visitor@example.com', displayName: 'Apache Visitor' };

let stack: LocalStack;
let browser: Browser;
let apache: ApacheOpenIdc | undefined;
let rp: { instanceId: string; issuer: string; clientId: string; customerId: string };

/** Over real HTTP with the demo organisation's key: an OIDC website application for Apache, and a customer. */
const setUp = async (redirectUri: string) => {
  const { adminKey, ciam } = stack.demo!;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as any;
    expect(res.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  };
  const app = await call('POST', `/api/v1/ciam/instances/${ciam.instanceId}/applications`, {
    name: 'Apache Intranet',
    type: 'Website',
    protocol: 'OIDC',
    oidc: { redirectUris: [redirectUri] },
  });
  const customer = await call('POST', `/api/v1/ciam/instances/${ciam.instanceId}/accounts`, { ...CUSTOMER, password: PASSWORD, mustChangePassword: false });
  const discovery = (await (await fetch(ciam.application.discoveryUrl)).json()) as { issuer: string };
  return {
    instanceId: ciam.instanceId,
    issuer: discovery.issuer,
    discoveryUrl: ciam.application.discoveryUrl,
    clientId: app.application.applicationId as string,
    clientSecret: app.clientSecret.clientSecret as string,
    customerId: customer.customerId as string,
  };
};

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ dataDir: 'memory', port: await freePort(), demoIdpPort: false }), launchBrowser()]);
  const apachePort = await freePort();
  const made = await setUp(apacheRedirectUri(apachePort));
  rp = made;
  apache = await startApacheOpenIdc({ port: apachePort, discoveryUrl: made.discoveryUrl, clientId: made.clientId, clientSecret: made.clientSecret });
}, 180_000);

afterAll(async () => {
  await apache?.stop();
  await browser?.close();
  await stack?.stop();
});

/** The end of Apache's error log, for failure messages. */
const logTail = async () => (await apache!.errorLog()).slice(-20_000);

type Info = {
  iat?: number;
  id_token?: Record<string, unknown>;
  userinfo?: Record<string, unknown>;
  remote_user?: string;
  access_token_expires?: string;
};

describe('mod_auth_openidc (Apache) as an independent relying party of the CIAM OIDC provider', () => {
  it('signs a customer in through the hosted logon page and holds the ID token and UserInfo claims', async () => {
    const page = await (await browser.newContext()).newPage();
    try {
      await withScreenshot(page, 'ciam-mod-auth-openidc', async () => {
        await page.goto(apache!.protectedUrl);
        // mod_auth_openidc sent the browser to the instance's authorization endpoint, which shows the logon page.
        await page.waitForURL(new RegExp(`/ciam/${rp.instanceId}/login\\?request=`));
        expect(await page.title()).toContain('Apache Intranet');
        await page.getByLabel('Account name, e-mail or phone number').fill(CUSTOMER.username);
        await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();

        // Back on Apache: it exchanged the code (client secret, PKCE), checked the ID token and called UserInfo.
        await page.waitForURL((url) => url.href.startsWith(apache!.protectedUrl), { timeout: 30_000 });
        expect(await page.locator('h1').textContent(), await logTail()).toBe('Protected by mod_auth_openidc');
        expect(await page.locator('#remote-user').textContent()).toBe(rp.customerId);
        expect(await page.locator('#preferred-username').textContent()).toBe(CUSTOMER.username);
        expect(await page.locator('#iss').textContent()).toBe(rp.issuer);

        const res = await page.request.get(apache!.infoUrl);
        expect(res.status(), await logTail()).toBe(200);
        const info = (await res.json()) as Info;
        const idToken = info.id_token!;
        expect(idToken.iss).toBe(`${stack.url}/ciam/${rp.instanceId}/oidc`);
        expect(idToken.iss).toBe(rp.issuer);
        expect(idToken.aud === rp.clientId || (Array.isArray(idToken.aud) && idToken.aud.includes(rp.clientId))).toBe(true);
        expect(idToken.sub).toBe(rp.customerId);
        expect(typeof idToken.nonce).toBe('string');
        const userinfo = info.userinfo!;
        expect(userinfo.sub).toBe(idToken.sub);
        expect(userinfo.preferred_username).toBe(CUSTOMER.username);
        expect(userinfo.email).toBe(CUSTOMER.email);
        expect(userinfo.phone_number).toBe(CUSTOMER.phone);
        expect(info.remote_user).toBe(rp.customerId);
        // mod_auth_openidc keeps the token response's expires_in as a string timestamp.
        expect(Number(info.access_token_expires)).toBeGreaterThan(Date.now() / 1000);
        // The ID token is fresh: issued when the RP's session began (its clock and ours agree).
        expect(Math.abs(info.iat! - (idToken.iat as number))).toBeLessThanOrEqual(60);
        expect(idToken.exp as number).toBeGreaterThan(Date.now() / 1000);
      });
    } finally {
      await page.context().close();
    }
    // Nothing refused or failed on the relying party's side; its only warnings are about plain http.
    const log = (await apache!.errorLog()).split('\n');
    expect(log.filter((line) => /\[auth_openidc:error\]/.test(line))).toEqual([]);
    expect(log.filter((line) => /\[auth_openidc:warn\]/.test(line) && !/the URL scheme \(http\) of the configured \w+ SHOULD be "https"/.test(line))).toEqual([]);
  });

  it('an unauthenticated request is sent to the authorization endpoint with PKCE (S256) and the scopes asked for', async () => {
    const res = await navigate(apache!.protectedUrl);
    expect(res.status).toBe(302);
    const location = new URL(res.location!);
    expect(`${location.origin}${location.pathname}`).toBe(`${rp.issuer}/authorize`);
    expect(location.searchParams.get('client_id')).toBe(rp.clientId);
    expect(location.searchParams.get('redirect_uri')).toBe(apache!.redirectUri);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('scope')!.split(' ').sort()).toEqual(['email', 'openid', 'phone', 'profile']);
  });
});
