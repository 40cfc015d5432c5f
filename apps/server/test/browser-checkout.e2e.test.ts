import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../web/src/i18n/zh-CN';
import { totpNow } from './agent';
import { browserAvailable, launchBrowser, screenshotPath, openPage } from './browser';
import { PASSWORD, signedInAdmin } from './fixtures';
import { activeShop, saleSku } from './orders-fixtures';
import { createPayWorld, type PayWorld } from './payments-fixtures';

let w: PayWorld;
let browser: Browser;
/** Left by the buyer scenario for the console scenario. */
let sold: { orderNo: string; ownerEmail: string } | null = null;

/**
 * A buyer on a phone buys two card keys with the sandbox channel: product page → checkout form →
 * cashier → the sandbox gateway's own cashier page (Pay) → result page with both keys; then finds
 * the order again through /lookup.
 */
describe.skipIf(!browserAvailable)('checkout in the browser (sandbox channel)', () => {
  beforeAll(async () => {
    // The app on loopback, a worker (notifies, queries), an admin and the sandbox channel `sbx-1`.
    w = await createPayWorld();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  async function phonePage(name: string): Promise<Page> {
    return openPage(browser, name, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  }

  it('a buyer buys two keys, sees them, and finds the order again by lookup', async () => {
    const t = zhCN;
    const shop = await activeShop(w.env, w.admin, '卡密小铺');
    const sku = await saleSku(shop, { keys: 5 });
    const contact = `buyer${process.pid}@example.com`;

    const page = await phonePage('checkout-buyer');
    await page.goto(`${w.base}/product/${sku.productId}`);
    await page.waitForSelector('[data-testid="product-page"]');
    await page.click('[data-testid="qty-increase"]');
    expect(await page.inputValue('[data-testid="qty-input"]')).toBe('2');
    await expect
      .poll(() => page.textContent('[data-testid="price-total"]'), { timeout: 5_000 })
      .toBe('¥20.00');

    // Checkout form: contact, payment method.
    await page.click('[data-testid="buy-button"]');
    const form = page.locator('[data-testid="checkout-form"]');
    await form.waitFor();
    await form.locator('input[name="contact"]').fill(contact);
    await form.locator('[data-testid="pay-method"][data-method="sandbox"]').click();
    await page.screenshot({ path: screenshotPath('checkout-form-mobile') });
    await form.locator('[data-testid="checkout-submit"]').click();

    // Our cashier: amount, order number, countdown, a button to the gateway.
    await page.waitForURL(/\/pay\/K[A-Z2-7]{16}\?token=/);
    const cashier = page.locator('[data-testid="cashier"]');
    await cashier.waitFor();
    const orderNo = (await cashier.getAttribute('data-order-no'))!;
    expect(await page.textContent('[data-testid="cashier-amount"]')).toBe('¥20.00');
    await page.waitForSelector('[data-testid="cashier-countdown"]');
    const go = page.locator('[data-testid="cashier-go"]');
    await go.waitFor();
    await page.screenshot({ path: screenshotPath('checkout-cashier-mobile'), fullPage: true });

    // The sandbox gateway's own cashier page: press Pay; it returns the buyer to the result page.
    await go.click();
    await page.waitForURL(/\/sandbox-gateway\/cashier\//);
    await page.waitForSelector('button[data-outcome="pay"]');
    await page.screenshot({ path: screenshotPath('checkout-sandbox-gateway-mobile'), fullPage: true });
    await page.click('button[data-outcome="pay"]');
    await page.waitForURL(new RegExp(`/orders?/${orderNo}\\?token=`));

    // The result page polls until the notify has delivered the keys.
    const result = page.locator('[data-testid="order-result"][data-status="delivered"]');
    await result.waitFor({ timeout: 30_000 });
    const keys = page.locator('[data-testid="order-key"]');
    await expect.poll(() => keys.count()).toBe(2);
    for (const k of await keys.allTextContents()) expect(sku.lines).toContain(k.trim());
    expect(await page.locator('[data-testid="copy-key"]').count()).toBe(2);
    expect(await page.textContent('[data-testid="order-delivered"]')).toContain(t.checkout.result.delivered);
    await page.screenshot({ path: screenshotPath('checkout-result-mobile'), fullPage: true });
    const delivered = (await keys.allTextContents()).map((k) => k.trim()).sort();
    await page.context().close();

    // A new visit (no token): find the order by its number and the contact.
    const again = await phonePage('checkout-lookup');
    await again.goto(w.base);
    await again.waitForSelector('[data-testid="storefront-home"]');
    await again.click('[data-testid="nav-lookup"]');
    await again.waitForSelector('[data-testid="lookup-page"]');
    await again.fill('[data-testid="lookup-order-no"]', orderNo);
    await again.fill('[data-testid="lookup-contact"]', contact);
    await again.screenshot({ path: screenshotPath('checkout-lookup-mobile'), fullPage: true });
    await again.click('[data-testid="lookup-submit"]');
    await again.waitForURL(new RegExp(`/order/${orderNo}\\?token=`));
    await again.locator('[data-testid="order-result"][data-status="delivered"]').waitFor();
    const found = again.locator('[data-testid="order-key"]');
    await expect.poll(() => found.count()).toBe(2);
    expect((await found.allTextContents()).map((k) => k.trim()).sort()).toEqual(delivered);
    await again.screenshot({ path: screenshotPath('checkout-lookup-result-mobile'), fullPage: true });
    await again.context().close();
    sold = { orderNo, ownerEmail: shop.email };
  }, 120_000);

  it('the merchant sees the order and its timeline; the admin sees channels, notifies and the outbox', async () => {
    expect(sold, 'the buyer scenario sold an order').not.toBeNull();
    const t = zhCN;
    const desk = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

    const m = await (await browser.newContext(desk)).newPage();
    m.setDefaultTimeout(10_000);
    await m.addInitScript(() => localStorage.setItem('kameng.lang', 'zh-CN'));
    await m.goto(`${w.base}/login`);
    await m.fill('input[name="email"]', sold!.ownerEmail);
    await m.fill('input[name="password"]', PASSWORD);
    await m.click('button[type="submit"]');
    await m.waitForSelector('[data-testid="merchant-layout"]');
    await m.click(`[data-testid="merchant-layout"] .ant-menu >> text=${t.console.menu.orders}`);
    await m.waitForSelector('[data-testid="merchant-orders"]');
    const link = m.locator('[data-testid="order-link"]', { hasText: sold!.orderNo });
    await link.waitFor();
    await m.screenshot({ path: screenshotPath('merchant-orders'), fullPage: true });
    await link.click();
    const detail = m.locator('[data-testid="merchant-order-detail"][data-status="delivered"]');
    await detail.waitFor();
    await expect.poll(() => m.locator('[data-testid="timeline-event"]').count()).toBeGreaterThan(1);
    await m.screenshot({ path: screenshotPath('merchant-order-detail'), fullPage: true });
    await m.goto(`${w.base}/merchant/orders/manual`);
    await m.waitForSelector('[data-testid="manual-queue"]');
    await m.context().close();

    const { email, secret } = await signedInAdmin(w.env);
    const a = await (await browser.newContext(desk)).newPage();
    a.setDefaultTimeout(10_000);
    await a.addInitScript(() => localStorage.setItem('kameng.lang', 'zh-CN'));
    await a.goto(`${w.base}/login`);
    await a.fill('input[name="email"]', email);
    await a.fill('input[name="password"]', PASSWORD);
    await a.click('button[type="submit"]');
    await a.waitForSelector('[data-testid="mfa-step"]');
    await a.fill('[data-testid="mfa-step"] input[name="code"]', totpNow(secret, 1));
    await a.click('[data-testid="mfa-step"] button[type="submit"]');
    await a.waitForSelector('[data-testid="admin-layout"]');
    await a.click(`[data-testid="admin-layout"] .ant-menu >> text=${t.console.menu.payments}`);
    const channels = a.locator('[data-testid="admin-payment-channels"]');
    await channels.waitFor();
    await channels.locator('td', { hasText: 'sbx-1' }).waitFor();
    await a.screenshot({ path: screenshotPath('admin-payment-channels'), fullPage: true });
    await a.click('[data-testid="payments-tab-notifies"]');
    await a.locator('[data-testid="admin-notify-log"] [data-testid="notify-verdict"]').first().waitFor();
    await a.screenshot({ path: screenshotPath('admin-notify-log'), fullPage: true });
    await a.click('[data-testid="payments-tab-anomalies"]');
    await a.waitForSelector('[data-testid="admin-anomalies"]');
    await a.click(`[data-testid="admin-layout"] .ant-menu >> text=${t.console.menu.emails}`);
    await a.waitForSelector('[data-testid="admin-emails"]');
    await a.screenshot({ path: screenshotPath('admin-email-outbox'), fullPage: true });
    await a.context().close();
  }, 90_000);
});
