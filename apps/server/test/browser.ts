import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run here; with KAMENG_REQUIRE_BROWSER=1 (CI) a missing Chromium is a failure. */
export const browserAvailable = fs.existsSync(CHROMIUM) || process.env.KAMENG_REQUIRE_BROWSER === '1';

/** Debian's Chromium, headless, with the flags this sandbox needs (no background network). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Where screenshots go (kept as CI artifacts). */
export function screenshotPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, '../../../artifacts/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/**
 * A page in a context of its own (zh-CN, desktop size unless `options` say otherwise, 10 s waits); when
 * the test fails, a full-page screenshot `<name>-failed` is kept next to the others.
 */
export async function openPage(
  browser: Browser,
  name: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const page = await context.newPage();
  onTestFailed(async () => {
    await page.screenshot({ path: screenshotPath(`${name}-failed`), fullPage: true }).catch(() => {});
  });
  page.setDefaultTimeout(10_000);
  await page.addInitScript(() => localStorage.setItem('kameng.lang', 'zh-CN'));
  return page;
}

/** Submits the login form (a second factor, when asked, is the caller's). */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

/**
 * Waits until no antd modal is still zooming in or out: a click during that animation can miss its
 * button on a loaded machine (the modal is visible, but the click does not land).
 */
export async function modalsSettled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-modal[class*="zoom"]').count(), { timeout: 10_000 }).toBe(0);
}
