import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { launchBrowser, withScreenshot } from '../support/browser';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ dataDir: 'memory', port: await freePort(), demoIdpPort: false }), launchBrowser()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** What the sample relying party shows once signed in: the ID token's claims and UserInfo, as JSON. */
const signedInClaims = async (page: Page) => {
  await page.waitForURL(stack.demo!.ciam.sampleRpUrl);
  const claims = JSON.parse((await page.locator('#claims').textContent())!) as Record<string, unknown>;
  const userInfo = JSON.parse((await page.locator('#userinfo').textContent())!) as Record<string, unknown>;
  return { claims, userInfo };
};

describe("the demo: a newcomer signs in to the sample relying party with demo.json's customer", () => {
  it('demo.json names a discovery document that works, and the application behind it', async () => {
    const { ciam } = stack.demo!;
    const discovery = (await (await fetch(ciam.application.discoveryUrl)).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(`${stack.url}/ciam/${ciam.instanceId}/oidc`);
    expect(discovery.authorization_endpoint).toBe(`${discovery.issuer}/authorize`);
    expect(ciam.application.redirectUri).toBe(`${stack.url}/sample-rp/callback`);
    expect(ciam.smsOutboxUrl).toBe(`${stack.url}/ciam/_dev/sms-outbox`);
  });

  it('with the password', async () => {
    const { ciam } = stack.demo!;
    const page = await (await browser.newContext()).newPage();
    await withScreenshot(page, 'ciam-demo-password', async () => {
      await page.goto(ciam.sampleRpUrl);
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(/\/ciam\/idaas_[a-z0-9]+\/login\?request=/);
      expect(await page.title()).toContain('Demo Shop');
      await page.getByLabel('Account name, e-mail or phone number').fill(ciam.customer.username);
      await page.getByLabel('Password', { exact: true }).fill(ciam.customer.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const { claims, userInfo } = await signedInClaims(page);
      expect(claims.iss).toBe(`${stack.url}/ciam/${ciam.instanceId}/oidc`);
      expect(claims.aud).toBe(ciam.application.clientId);
      expect(userInfo.preferred_username).toBe(ciam.customer.username);
      expect(userInfo.phone_number).toBe(ciam.customer.phone);
      expect(userInfo.sub).toBe(claims.sub);
      expect(await page.locator('body').textContent()).toContain(`Signed in as ${ciam.customer.username}`);
    });
    await page.context().close();
  });

  it('with a phone code read from the SMS outbox', async () => {
    const { ciam } = stack.demo!;
    const page = await (await browser.newContext()).newPage();
    await withScreenshot(page, 'ciam-demo-phone', async () => {
      await page.goto(ciam.sampleRpUrl);
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Sign in with a code by SMS' }).click();
      await page.getByLabel('Phone number').fill(ciam.customer.phone);
      await page.getByRole('button', { name: 'Send code' }).click();
      await expect.poll(async () => page.getByRole('status').textContent()).toContain('We sent a verification code');
      const outbox = (await (await fetch(`${ciam.smsOutboxUrl}?phone=${encodeURIComponent(ciam.customer.phone)}`)).json()) as { messages: { text: string }[] };
      const code = /(\d{6})/.exec(outbox.messages[0]!.text)![1]!;
      await page.getByLabel('Verification code').fill(code);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const { claims, userInfo } = await signedInClaims(page);
      expect(userInfo.preferred_username).toBe(ciam.customer.username);
      expect(claims.sub).toBe(userInfo.sub);
      expect(claims.aud).toBe(ciam.application.clientId);
    });
    await page.context().close();
  });

  it("shows the demo customer's logons as one monthly active user, and the month's bill so far", async () => {
    const { ciam, adminKey } = stack.demo!;
    const headers = { authorization: `Bearer ${adminKey}` };
    // The logons above went through the local metering queue to its consumer.
    await stack.queues.metering.idle();
    const usage = (await (await fetch(ciam.usageUrl, { headers })).json()) as { mau: number; applications: { applicationId: string; mau: number }[] };
    expect(usage.mau).toBe(1);
    expect(usage.applications).toEqual([{ applicationId: ciam.application.id, mau: 1 }]);
    await stack.runJob('billing-hourly');
    const statement = (await (await fetch(ciam.statementUrl, { headers })).json()) as { status: string; currency: string };
    expect(statement).toMatchObject({ status: 'Open', currency: 'USD' });
  });
});
