import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { launchBrowser, withScreenshot } from '../support/browser';
import { pkce } from '../support/hosted-browser';

// A whole stack and a browser; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let stack: LocalStack;
let browser: Browser;
let shop: Awaited<ReturnType<typeof setUpShop>>;

const PASSWORD = 'Sesame-0pen!';
const PHONE = '+8613912345678';
const PHONE_WIDTH = 375;

/** Over real HTTP, as an operator and a shop would: an account, an instance, an application, a customer. */
const setUpShop = async () => {
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as any;
    expect(res.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  };
  const account = await call('POST', '/api/v1/operator/accounts', stack.demo!.operatorToken, { displayName: 'Browser Shop', enterpriseVerified: true });
  const key = account.secret as string;
  const instanceId = (await call('POST', '/api/v1/ciam/instances', key, { region: 'cn-hangzhou', edition: 'Enterprise' })).instance.instanceId as string;
  await stack.queues.tasks.idle();
  // A redirect URI on the local stack itself: it answers 404, which is fine, the URL is what counts.
  const redirectUri = `${stack.url}/rp/callback`;
  const app = await call('POST', `/api/v1/ciam/instances/${instanceId}/applications`, key, {
    name: 'Browser Shop',
    type: 'Website',
    protocol: 'OIDC',
    oidc: { redirectUris: [redirectUri] },
  });
  const customer = await call('POST', `/api/v1/ciam/instances/${instanceId}/accounts`, key, { username: 'alice.shopper', phone: PHONE, password: PASSWORD, mustChangePassword: false });
  return { instanceId, clientId: app.application.applicationId as string, redirectUri, customer: { username: customer.username as string, phone: PHONE } };
};

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ dataDir: 'memory', port: await freePort() }), launchBrowser()]);
  shop = await setUpShop();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const authorizeUrl = (state: string) =>
  `${stack.url}/ciam/${shop.instanceId}/oidc/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: shop.clientId,
    redirect_uri: shop.redirectUri,
    scope: 'openid',
    state,
    nonce: `nonce-${state}`,
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
  })}`;

/** A phone-sized window: the page must fit it, with no sideways scrolling. */
const phonePage = async () => (await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 740 }, isMobile: true, hasTouch: true })).newPage();

const expectFitsPhone = async (page: Page) => {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.viewport).toBe(PHONE_WIDTH);
  expect(widths.scroll, 'no horizontal scroll').toBeLessThanOrEqual(widths.viewport);
  for (const form of await page.locator('form').all()) {
    const box = (await form.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE_WIDTH);
  }
  for (const button of await page.getByRole('button').all()) {
    const box = (await button.boundingBox())!;
    // Large enough to tap (WCAG 2.5.8: at least 24 px; these are full-width buttons).
    expect(box.height).toBeGreaterThanOrEqual(24);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE_WIDTH);
  }
};

const expectAtClient = async (page: Page, state: string) => {
  await page.waitForURL((url) => url.href.startsWith(shop.redirectUri));
  const url = new URL(page.url());
  expect(`${url.origin}${url.pathname}`).toBe(shop.redirectUri);
  expect(url.searchParams.get('code')).toMatch(/^.{20,}$/);
  expect(url.searchParams.get('state')).toBe(state);
};

describe('hosted CIAM logon in a real browser', () => {
  it('a customer logs on with a password on a phone-sized screen and lands on the redirect URI with a code', async () => {
    const page = await phonePage();
    await withScreenshot(page, 'ciam-password-logon', async () => {
      await page.goto(authorizeUrl('pw-1'));
      await page.waitForURL(/\/ciam\/idaas_[a-z0-9]+\/login\?request=/);
      expect(await page.title()).toContain('Browser Shop');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
      await expectFitsPhone(page);
      // A wrong password first: a readable error, the account name kept.
      await page.getByLabel('Account name, e-mail or phone number').fill(shop.customer.username);
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(async () => page.getByRole('alert').textContent()).toContain('incorrect');
      expect(await page.getByLabel('Account name, e-mail or phone number').inputValue()).toBe(shop.customer.username);
      await expectFitsPhone(page);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expectAtClient(page, 'pw-1');
    });
    await page.context().close();
  });

  it('a customer logs on with a code read from the dev SMS outbox', async () => {
    const page = await phonePage();
    await withScreenshot(page, 'ciam-phone-logon', async () => {
      await page.goto(authorizeUrl('sms-1'));
      await page.getByRole('link', { name: 'Sign in with a code by SMS' }).click();
      await page.getByLabel('Phone number').fill('139 1234 5678');
      await page.getByRole('button', { name: 'Send code' }).click();
      await expect.poll(async () => page.getByRole('status').textContent()).toContain('We sent a verification code to +86 139****5678');
      await expectFitsPhone(page);
      const outbox = await fetch(`${stack.url}/ciam/_dev/sms-outbox?phone=${encodeURIComponent(shop.customer.phone)}`);
      expect(outbox.status).toBe(200);
      const { messages } = (await outbox.json()) as { messages: { to: string; text: string }[] };
      expect(messages[0]?.to).toBe(shop.customer.phone);
      const code = /(\d{6})/.exec(messages[0]!.text)![1]!;
      await page.getByLabel('Verification code').fill(code);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expectAtClient(page, 'sms-1');
    });
    await page.context().close();
  });

  // Last: its failures make this client (127.0.0.1) solve CAPTCHAs for the next three minutes.
  it('the CAPTCHA the form demands after two failures shows as a picture and fits the screen', async () => {
    const page = await phonePage();
    await withScreenshot(page, 'ciam-captcha', async () => {
      await page.goto(authorizeUrl('captcha-1'));
      const picture = page.locator('img.captcha');
      // Two failures within three minutes (this client's earlier wrong password counts too).
      for (let attempt = 1; attempt <= 2 && (await picture.count()) === 0; attempt++) {
        await page.getByLabel('Account name, e-mail or phone number').fill(shop.customer.username);
        await page.getByLabel('Password', { exact: true }).fill(`wrong-password-${attempt}`);
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/login/password?') && r.request().method() === 'POST'),
          page.getByRole('button', { name: 'Sign in' }).click(),
        ]);
        await expect.poll(async () => page.getByRole('alert').textContent()).toContain('incorrect');
      }
      await expect.poll(async () => picture.count()).toBe(1);
      // The inline SVG loads under the page's CSP: it has a real size, not a broken-image icon's.
      expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(150);
      expect(await page.getByLabel('Type the characters in the picture').count()).toBe(1);
      await expectFitsPhone(page);
    });
    await page.context().close();
  });
});
