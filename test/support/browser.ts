import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium driven by playwright-core (no browser download). CI installs it with apt-get;
 * without it these tests fail loudly rather than skip.
 */
export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
};

/** Keeps a screenshot of the page when a step fails, under test-results/. */
export const withScreenshot = async <T>(page: Page, name: string, step: () => Promise<T>): Promise<T> => {
  try {
    return await step();
  } catch (error) {
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/${name.replace(/[^a-z0-9-]+/gi, '-')}.png`, fullPage: true }).catch(() => undefined);
    throw error;
  }
};
