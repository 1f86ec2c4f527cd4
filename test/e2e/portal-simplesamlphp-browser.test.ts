import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { launchBrowser, withScreenshot } from '../support/browser';
import { SIMPLESAMLPHP_USERS, startSimpleSamlPhp, type SimpleSamlPhpProcess } from '../support/saml/simplesamlphp-process';

// These start whole stacks, browsers or IdPs; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let stack: LocalStack;
let browser: Browser;
let idp: SimpleSamlPhpProcess;
let sp: { entityId: string; acsUrl: string };

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${stack.url}/api/v1/cloudsso/directories/${stack.demo!.cloudsso.directoryId}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.demo!.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
};

/** SimpleSAMLphp's exampleauth:UserPass form (core:loginuserpass). */
const signInAtIdp = async (page: Page, user: { username: string; password: string }) => {
  await page.waitForURL((url) => url.origin === idp.base && url.pathname.endsWith('/loginuserpass.php'));
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('#submit_button').click();
};

/**
 * A setup failure (SimpleSAMLphp, php or Chromium missing) is kept and thrown by every test, so each
 * counts as failed: a throwing beforeAll would leave them reported as skipped.
 */
let setupError: unknown;
const ready = () => {
  if (setupError) throw setupError;
};

const setUp = async () => {
  [stack, browser] = await Promise.all([startLocalStack({ dataDir: 'memory', port: await freePort() }), launchBrowser()]);
  sp = (await api('GET', '/saml-sp')).json as { entityId: string; acsUrl: string };
  idp = await startSimpleSamlPhp(sp);
  const metadata = await (await fetch(idp.metadataUrl)).text();
  const configured = await api('PUT', '/saml-idp', { metadataXml: metadata });
  expect(configured.status, JSON.stringify(configured.json)).toBe(200);
  expect((await api('PUT', '/logon-settings/method', { method: 'SSO' })).json.method).toBe('SSO');
};

beforeAll(async () => {
  await setUp().catch((error: unknown) => (setupError = error));
}, 180_000);

afterAll(async () => {
  await idp?.stop();
  await browser?.close();
  await stack?.stop();
});

describe('SAML SSO in a real browser against SimpleSAMLphp (Debian) as the IdP', () => {
  it('SP-initiated: the user goes to the portal, signs in at SimpleSAMLphp and lands in the portal as Alice', async () => {
    ready();
    const { portalUrl, user } = stack.demo!.cloudsso;
    expect(user.userName).toBe(SIMPLESAMLPHP_USERS.alice.email);
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-simplesamlphp-sp-initiated', async () => {
      await page.goto(portalUrl);
      await page.getByRole('button', { name: 'Redirect to your identity provider' }).click();
      const acsPost = page.waitForRequest((r) => r.url() === sp.acsUrl && r.method() === 'POST', { timeout: 20_000 });
      await signInAtIdp(page, SIMPLESAMLPHP_USERS.alice);
      // SimpleSAMLphp posts the signed Response to the ACS with a self-submitting form.
      const posted = new URLSearchParams((await acsPost).postData() ?? '').get('SAMLResponse') ?? '';
      const xml = Buffer.from(posted, 'base64').toString('utf8');
      // What Atrium accepted really is SimpleSAMLphp's: its issuer, a signed Assertion, an emailAddress NameID.
      expect(xml).toContain(`>${idp.entityId}</saml:Issuer>`);
      expect(xml).toMatch(/<saml:Assertion[^>]*>\s*<saml:Issuer[^>]*>[^<]*<\/saml:Issuer>\s*<ds:Signature/);
      expect(xml).toContain(`Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${SIMPLESAMLPHP_USERS.alice.email}</saml:NameID>`);
      await page.waitForURL(/\/portal\/demo-corp$/, { timeout: 20_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Alice');
      expect(await page.getByTestId('groups').textContent()).toContain('engineering');
    });
    await page.close();
  });

  it('IdP-initiated: starting at SimpleSAMLphp, the user lands in the portal signed in', async () => {
    ready();
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-simplesamlphp-idp-initiated', async () => {
      await page.goto(idp.idpInitiatedUrl(sp.entityId));
      await signInAtIdp(page, SIMPLESAMLPHP_USERS.alice);
      await page.waitForURL(/\/portal\/demo-corp$/, { timeout: 20_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Alice');
      expect(await page.getByTestId('groups').textContent()).toContain('engineering');
    });
    await page.close();
  });

  it('a SimpleSAMLphp user who is not in the directory gets a clear page, not an account', async () => {
    ready();
    const { portalUrl } = stack.demo!.cloudsso;
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-simplesamlphp-unknown-user', async () => {
      await page.goto(portalUrl);
      await page.getByRole('button', { name: 'Redirect to your identity provider' }).click();
      await signInAtIdp(page, SIMPLESAMLPHP_USERS.intruder);
      await expect.poll(async () => page.locator('h1').textContent(), { timeout: 20_000 }).toContain('No access');
      expect(new URL(page.url()).pathname).toBe(new URL(sp.acsUrl).pathname);
      // No session: the portal still asks for a sign-in.
      await page.goto(portalUrl);
      await page.getByRole('button', { name: 'Redirect to your identity provider' }).waitFor({ state: 'visible', timeout: 10_000 });
    });
    await page.close();
  });
});
