import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { launchBrowser, withScreenshot } from '../support/browser';
import { startSamlIdp, type SamlIdpProcess } from '../support/saml/saml-idp-process';

// These start whole stacks, browsers or IdPs; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let stack: LocalStack;
let browser: Browser;
let idp: SamlIdpProcess;

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${stack.url}/api/v1/cloudsso/directories/${stack.demo!.cloudsso.directoryId}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.demo!.adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any };
};

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ dataDir: 'memory', port: await freePort(), demoIdpPort: false }), launchBrowser()]);
  const sp = (await api('GET', '/saml-sp')).json as { entityId: string; acsUrl: string };
  idp = await startSamlIdp(sp);
  const metadata = await (await fetch(`${idp.base}/metadata`)).text();
  const configured = await api('PUT', '/saml-idp', { metadataXml: metadata });
  expect(configured.status, JSON.stringify(configured.json)).toBe(200);
  expect((await api('PUT', '/logon-settings/method', { method: 'SSO' })).json.method).toBe('SSO');
}, 120_000);

afterAll(async () => {
  await idp?.stop();
  await browser?.close();
  await stack?.stop();
});

describe('SAML SSO in a real browser against a real IdP (saml-idp on loopback)', () => {
  it('the user goes to the portal, is sent to the IdP, signs in there and lands in the portal', async () => {
    const { portalUrl, user } = stack.demo!.cloudsso;
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-sso-saml-idp', async () => {
      await page.goto(portalUrl);
      await page.getByRole('button', { name: 'Redirect to your identity provider' }).click();
      await page.waitForURL((url) => url.origin === idp.base);
      // saml-idp's sign-in form: the user name is the NameID it asserts.
      const userName = page.locator('input[name="userName"]');
      await userName.fill(user.userName);
      await page.locator('form[action="/signin"] [type="submit"]').first().click();
      await page.waitForURL(/\/portal\/demo-corp$/, { timeout: 20_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Welcome');
      expect(await page.getByTestId('groups').textContent()).toContain('engineering');
    });
  });

  it('an IdP user who is not in the directory gets a clear page', async () => {
    const { portalUrl } = stack.demo!.cloudsso;
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-sso-unknown-user', async () => {
      await page.goto(portalUrl);
      await page.getByRole('button', { name: 'Redirect to your identity provider' }).click();
      await page.waitForURL((url) => url.origin === idp.base);
      await page.locator('input[name="userName"]').fill('intruder@elsewhere.example');
      await page.locator('form[action="/signin"] [type="submit"]').first().click();
      await expect.poll(async () => page.locator('h1').textContent(), { timeout: 20_000 }).toContain('No access');
    });
  });
});
