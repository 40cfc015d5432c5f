import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en';
import { zhCN } from '../../web/src/i18n/zh-CN';
import { totpNow } from './agent';
import { browserAvailable, launchBrowser, screenshotPath, signIn as signInWith } from './browser';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, registeredMerchant, signedInAdmin } from './fixtures';

let env: TestEnv;
let browser: Browser;
let base: string;

describe.skipIf(!browserAvailable)('in the browser', () => {
  beforeAll(async () => {
    env = await createTestEnv();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  async function newPage(lang: 'zh-CN' | 'en'): Promise<Page> {
    const context = await browser.newContext({ locale: lang, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // The UI language is the stored choice; zh-CN is the default.
    await page.addInitScript((l) => localStorage.setItem('kameng.lang', l), lang);
    return page;
  }

  const signIn = (page: Page, email: string) => signInWith(page, base, email, PASSWORD);

  for (const lang of ['zh-CN', 'en'] as const) {
    const t = lang === 'en' ? en : zhCN;

    it(`an admin signs in with 2FA and reaches the admin console (${lang})`, async () => {
      const { email, secret } = await signedInAdmin(env);
      const page = await newPage(lang);
      await signIn(page, email);
      await page.waitForSelector('[data-testid="mfa-step"]', { timeout: 10_000 });
      // Enrolment used the current step; the next one is accepted once (±1 step window).
      await page.fill('[data-testid="mfa-step"] input[name="code"]', totpNow(secret, 1));
      await page.click('[data-testid="mfa-step"] button[type="submit"]');
      await page.waitForSelector('[data-testid="admin-layout"]', { timeout: 10_000 });
      await page.click(`text=${t.admin.merchants.title}`);
      await page.waitForSelector('[data-testid="admin-merchants"]');
      expect(await page.textContent('[data-testid="admin-layout"]')).toContain(t.admin.merchants.title);
      await page.screenshot({ path: screenshotPath(`admin-console-${lang}`) });
      await page.context().close();
    });

    it(`a merchant owner signs in and reaches the merchant console (${lang})`, async () => {
      const { email } = await registeredMerchant(env, `店铺 ${lang}`);
      const page = await newPage(lang);
      await signIn(page, email);
      await page.waitForSelector('[data-testid="merchant-layout"]', { timeout: 10_000 });
      const banner = await page.waitForSelector('[data-testid="merchant-status-banner"]');
      expect(await banner.getAttribute('data-status')).toBe('pending_review');
      expect(await page.textContent('[data-testid="merchant-layout"]')).toContain(t.merchant.dashboard.title);
      await page.screenshot({ path: screenshotPath(`merchant-console-${lang}`) });
      await page.context().close();
    });
  }

  it('the language switch changes the console between zh-CN and en', async () => {
    const { email } = await registeredMerchant(env);
    const page = await newPage('zh-CN');
    await signIn(page, email);
    await page.waitForSelector('[data-testid="merchant-layout"]');
    await page.click('[data-testid="lang-switch"]');
    await page.waitForFunction(
      ([enTitle, zhTitle]) =>
        document.body.innerText.includes(enTitle!) && !document.body.innerText.includes(zhTitle!),
      [en.merchant.dashboard.title, zhCN.merchant.dashboard.title],
    );
    expect(await page.evaluate(() => localStorage.getItem('kameng.lang'))).toBe('en');
    await page.context().close();
  });

  it('a wrong password shows the coded error from the server', async () => {
    const { email } = await registeredMerchant(env);
    const page = await newPage('en');
    await page.goto(`${base}/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'not the password');
    await page.click('button[type="submit"]');
    const alert = await page.waitForSelector('[data-testid="error-alert"]');
    expect(await alert.textContent()).toContain('Wrong e-mail or password');
    await page.context().close();
  });

  it('the storefront renders on a phone-sized screen', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector('[data-testid="storefront-home"]');
    await page.screenshot({ path: screenshotPath('storefront-mobile') });
    await context.close();
  });
});
