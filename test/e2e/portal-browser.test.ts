import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { launchBrowser, withScreenshot } from '../support/browser';

// These start whole stacks, browsers or IdPs; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ dataDir: 'memory', port: await freePort() }), launchBrowser()]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the user portal in a real browser', () => {
  it('the demo user signs in with a password, sees the portal, and signs out', async () => {
    const { portalUrl, user } = stack.demo!.cloudsso;
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-password-logon', async () => {
      await page.goto(portalUrl);
      expect(await page.title()).toContain('Sign in');
      await page.getByLabel('User name').fill(user.userName);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/portal\/demo-corp$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Alice Liddell');
      expect(await page.getByTestId('groups').textContent()).toContain('engineering');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/signedout/);
      expect(await page.locator('.notice').textContent()).toContain('signed out');
    });
  });

  it('a wrong password shows a readable error and keeps the user name', async () => {
    const { portalUrl, user } = stack.demo!.cloudsso;
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-wrong-password', async () => {
      await page.goto(portalUrl);
      await page.getByLabel('User name').fill(user.userName);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(async () => page.getByRole('alert').textContent()).toContain('incorrect');
      expect(await page.getByLabel('User name').inputValue()).toBe(user.userName);
    });
  });

  it('the demo user opens a member account and lands in the sandbox cloud with the right role and session length', async () => {
    await stack.queues.tasks.idle();
    const { portalUrl, user, access } = stack.demo!.cloudsso;
    const dev = access.userAccounts.find((a) => a.accessConfiguration === 'Developer')!;
    const developer = access.accessConfigurations.find((a) => a.name === 'Developer')!;
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-open-account', async () => {
      await page.goto(portalUrl);
      await page.getByLabel('User name').fill(user.userName);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/portal\/demo-corp$/);
      // Direct assignment on the dev account, and through the group on the Production folder.
      await expect.poll(async () => page.getByTestId(`account-${dev.accountId}`).count()).toBe(1);
      const prodShop = access.userAccounts.find((a) => a.accessConfiguration === 'ReadOnly')!;
      expect(await page.getByTestId(`open-${prodShop.accountId}-ReadOnly`).count()).toBe(1);
      // The portal's page posts the signed response to the cloud by itself.
      await page.getByTestId(`open-${dev.accountId}-Developer`).click();
      await page.waitForURL(/\/sandbox-cloud\/console$/);
      expect(await page.getByTestId('account').textContent()).toBe(dev.accountId);
      expect(await page.getByTestId('role').textContent()).toBe('AliyunReservedSSO-Developer');
      expect(await page.getByTestId('session-name').textContent()).toBe(user.userName);
      const remaining = Number(await page.getByTestId('duration').textContent());
      expect(remaining).toBeGreaterThan(developer.sessionDuration - 60);
      expect(remaining).toBeLessThanOrEqual(developer.sessionDuration);
      expect(await page.getByTestId('policies').textContent()).toContain('AliyunECSFullAccess');
      expect(await page.getByTestId('relay-state').textContent()).toContain('/sandbox-cloud/console?service=ecs');
    });
  });

  it('a newcomer logs on with SSO through the demo\'s local IdP and opens the account assigned to them', async () => {
    await stack.queues.tasks.idle();
    const sso = stack.demo!.cloudsso.sso!;
    const page = await browser.newPage();
    await withScreenshot(page, 'portal-demo-sso', async () => {
      await page.goto(sso.portalUrl);
      await page.getByRole('button', { name: 'Redirect to your identity provider' }).click();
      await page.waitForURL((url) => url.origin === sso.idpUrl);
      // saml-idp's sign-in form, prefilled with its default user: the newcomer only clicks.
      expect(await page.locator('input[name="userName"]').inputValue()).toBe(sso.user.userName);
      await page.locator('form[action="/signin"] [type="submit"]').first().click();
      await page.waitForURL(/\/portal\/demo-sso$/, { timeout: 20_000 });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Sam Jackson');
      await page.getByTestId(`open-${sso.accountId}-Developer`).click();
      await page.waitForURL(/\/sandbox-cloud\/console$/);
      expect(await page.getByTestId('account').textContent()).toBe(sso.accountId);
      expect(await page.getByTestId('session-name').textContent()).toBe(sso.user.userName);
    });
  });
});
