import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../web/src/i18n/zh-CN';
import { browserAvailable, launchBrowser, screenshotPath, openPage } from './browser';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, registeredMerchant, signedInAdmin } from './fixtures';

let env: TestEnv;
let browser: Browser;
let base: string;
let tmpDir: string;

/** A word only this run's product has, so the storefront search finds exactly it. */
const WORD = `Kamtest${process.pid}`;
const TITLE = `${WORD} 游戏点卡`;
let productId = '';

describe.skipIf(!browserAvailable)('catalog and inventory in the browser', () => {
  beforeAll(async () => {
    env = await createTestEnv();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-keys-'));
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  async function newPage(
    name: string,
    viewport: { width: number; height: number },
    isMobile = false,
  ): Promise<Page> {
    return openPage(browser, name, { viewport, isMobile, hasTouch: isMobile });
  }

  it('a merchant creates a product with two SKUs, imports keys from a file and sees the stock', async () => {
    const t = zhCN;
    const { email, merchantId } = await registeredMerchant(env, '点卡小铺');
    // Only active merchants sell: the platform admin approves this one.
    const admin = await signedInAdmin(env);
    const approve = await admin.agent.post(`/api/admin/merchants/${merchantId}/status`, {
      status: 'active',
      reason: 'ok',
    });
    expect(approve.statusCode).toBe(200);

    const page = await newPage('catalog-merchant', { width: 1280, height: 900 });
    await page.goto(`${base}/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="merchant-layout"]', { timeout: 10_000 });

    // Products menu → new product.
    await page.click(`[data-testid="merchant-layout"] .ant-menu >> text=${t.console.menu.products}`);
    await page.waitForSelector('[data-testid="product-list"]');
    await page.click('[data-testid="product-new"]');
    const editor = page.locator('[data-testid="product-editor"]');
    await editor.waitFor();

    await editor.locator('input[name="title"]').fill(TITLE);
    await editor.locator('[data-testid="product-status"]').getByText(t.catalog.status.on_sale).click();
    await editor.locator('textarea[name="usageGuide"]').fill('登录游戏后在充值页面输入卡密。');

    // SKU 1: 10.00 元, from 5 units 9.00 元 each.
    const sku1 = editor.locator('[data-testid="sku-row"]').nth(0);
    await sku1.locator('input[name="skuName"]').fill('10元卡');
    await sku1.locator('input[name="price"]').fill('10.00');
    await sku1.locator('[data-testid="tier-add"]').click();
    await sku1.locator('[data-testid="tier-row"] input[name="tierMinQty"]').fill('5');
    await sku1.locator('[data-testid="tier-row"] input[name="tierUnitPrice"]').fill('9.00');

    // SKU 2: 50元卡 at 48.50 元 with an original price.
    await editor.locator('[data-testid="sku-add"]').click();
    const sku2 = editor.locator('[data-testid="sku-row"]').nth(1);
    await sku2.locator('input[name="skuName"]').fill('50元卡');
    await sku2.locator('input[name="price"]').fill('48.50');
    await sku2.locator('input[name="originalPrice"]').fill('50');

    await editor.locator('[data-testid="product-save"]').click();
    await page.waitForURL(/\/merchant\/products\/[0-9a-f-]{36}$/, { timeout: 10_000 });
    productId = page.url().split('/').pop()!;
    const saved = page.locator(`[data-testid="product-editor"][data-product-id="${productId}"]`);
    await saved.waitFor();
    await expect.poll(() => saved.locator('[data-testid="sku-row"][data-sku-id]').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('catalog-product-editor'), fullPage: true });

    // Key import for SKU 1 from a .txt file: 6 keys, one duplicate line, a blank line, one invalid line.
    await saved.locator('[data-testid="sku-row"]').nth(0).locator('[data-testid="sku-keys-link"]').click();
    await page.waitForSelector('[data-testid="keys-page"]');
    expect((await page.textContent('[data-testid="stock-available"]'))?.trim()).toBe('0');
    const file = path.join(tmpDir, 'keys.txt');
    const lines = ['KM-0001-AAAA', 'KM-0002-BBBB', 'KM-0003-CCCC', 'KM-0001-AAAA', '', 'X'.repeat(1500)];
    lines.push('KM-0004-DDDD', 'KM-0005-EEEE', 'KM-0006-FFFF');
    fs.writeFileSync(file, lines.join('\n') + '\n');

    await page.click('[data-testid="import-source-file"]');
    await page.setInputFiles('[data-testid="key-import"] input[type="file"]', file);
    await page.click('[data-testid="import-submit"]');
    const result = page.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.getAttribute('data-imported')).toBe('6');
    expect(await result.getAttribute('data-duplicates')).toBe('1');
    expect(await result.getAttribute('data-invalid')).toBe('1');
    await expect
      .poll(async () => (await page.textContent('[data-testid="stock-available"]'))?.trim(), {
        timeout: 5_000,
      })
      .toBe('6');
    await page.screenshot({ path: screenshotPath('catalog-key-import'), fullPage: true });

    // The key list shows the six keys, masked.
    await page.getByRole('tab', { name: t.keys.tabs.keys }).click();
    const keyList = page.locator('[data-testid="key-list"]');
    await expect.poll(() => keyList.locator('[data-testid="key-masked"]').count()).toBe(6);
    expect(await keyList.textContent()).not.toContain('KM-0001-AAAA');
    await page.context().close();
  }, 90_000);

  it('a buyer on a phone finds the product by search and sees the tier price as the quantity rises', async () => {
    expect(productId, 'the merchant scenario created the product').not.toBe('');
    const page = await newPage('store-buyer', { width: 390, height: 844 }, true);
    await page.goto(base);
    await page.waitForSelector('[data-testid="storefront-home"]');
    await page.fill('[data-testid="store-search-input"]', WORD);
    await page.press('[data-testid="store-search-input"]', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    const card = page.locator('[data-testid="store-product-card"]');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.textContent()).toContain(TITLE);
    await page.screenshot({ path: screenshotPath('store-search-mobile'), fullPage: true });

    await card.click();
    const product = page.locator('[data-testid="product-page"]');
    await product.waitFor();
    expect(await product.getAttribute('data-product-id')).toBe(productId);
    await product.locator('[data-testid="sku-option"]', { hasText: '10元卡' }).click();
    const total = page.locator('[data-testid="price-total"]');
    await expect.poll(() => total.textContent(), { timeout: 5_000 }).toBe('¥10.00');

    // Quick taps: every one counts, even before the previous one has re-rendered.
    for (let i = 0; i < 4; i++) await page.click('[data-testid="qty-increase"]');
    await expect.poll(() => page.inputValue('[data-testid="qty-input"]'), { timeout: 5_000 }).toBe('5');
    await expect.poll(() => total.textContent(), { timeout: 5_000 }).toBe('¥45.00');
    expect(await page.textContent('[data-testid="price-unit"]')).toBe('¥9.00');
    await page.screenshot({ path: screenshotPath('store-product-mobile'), fullPage: true });
    await page.context().close();
  }, 60_000);
});
