import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CashierAction } from '@kameng/shared';
import { zhCN } from '../../web/src/i18n/zh-CN';
import { orders } from '../src/modules/orders/schema';
import { paymentAttempts } from '../src/modules/payments/schema';
import { browserAvailable, launchBrowser, screenshotPath, openPage as openBrowserPage } from './browser';
import { FakeAlipayGateway } from './fakes/alipay-gateway';
import { startFakeEpusdt, type FakeEpusdt } from './fakes/epusdt-gateway';
import { activeShop, placeOrder, saleSku } from './orders-fixtures';
import { createPayWorld, SANDBOX_CREDS, type PayWorld } from './payments-fixtures';

let w: PayWorld;
let browser: Browser;
let skuId: string;
let alipay: FakeAlipayGateway;
let epusdt: FakeEpusdt;

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };
const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
  'Version/17.4 Mobile/15E148 Safari/604.1';
const PHONE = (userAgent: string): BrowserContextOptions => ({
  viewport: { width: 375, height: 812 },
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  userAgent,
});

/** An RSA key pair in PEM (PKCS#8 private, SPKI public), as the Alipay key tool exports it. */
function rsaKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}
/** The fake gateway's own "Alipay" key and the shop's app key. */
const alipayKeys = rsaKeys();
const app = { appId: '2021000000000077', keys: rsaKeys() };
const EPUSDT_TOKEN = 'epusdt-browser-token-0123456789';
/** How long the fake Epusdt keeps an address for an order: shorter than the order, so the page must show it. */
const USDT_VALID_MINUTES = 8;

/**
 * A channel the buyer pays through, by method. Each is one function; it makes its channel (once) the
 * only enabled one of its method, so that two channels of one method do not take each other's buyers.
 */
interface ChannelSetup {
  method: string;
  setup(w: PayWorld): Promise<void>;
}

interface ChannelBody {
  id: string;
  name: string;
  provider: string;
  method: string;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
}

/** Creates the channel if it does not exist yet, enables it and disables the others of its method. */
async function onlyChannel(world: PayWorld, body: ChannelBody): Promise<void> {
  const list = await world.admin.get('/api/admin/payments/channels');
  expect(list.statusCode, list.body).toBe(200);
  const channels = list.json<{ items: { id: string; method: string; enabled: boolean }[] }>().items;
  if (!channels.some((c) => c.id === body.id)) {
    const res = await world.admin.post('/api/admin/payments/channels', body);
    expect(res.statusCode, res.body).toBe(201);
  }
  for (const c of channels) {
    const enabled = c.id === body.id;
    if (c.method !== body.method || c.enabled === enabled) continue;
    const res = await world.admin.patch(`/api/admin/payments/channels/${c.id}`, { enabled });
    expect(res.statusCode, res.body).toBe(200);
  }
}

/**
 * QR on desktop: a real Alipay channel against the fake Alipay gateway. A desktop buyer gets 当面付
 * (alipay.trade.precreate) and its qr_code; a phone buyer gets a signed wap.pay link to the gateway.
 */
const qrChannel: ChannelSetup = {
  method: 'alipay',
  setup: (world) =>
    onlyChannel(world, {
      id: 'ali-real',
      name: 'Alipay',
      provider: 'alipay',
      method: 'alipay',
      credentials: {
        appId: app.appId,
        privateKey: app.keys.privatePem,
        alipayPublicKey: alipayKeys.publicPem,
      },
      settings: { gatewayUrl: alipay.url },
    }),
};

/**
 * Alipay answered with a redirect inside WeChat. The real alipay provider gives a WeChat buyer a QR
 * (Alipay pages cannot open there), so a channel of method `alipay` spoken through the sandbox
 * provider stands in: it answers a phone (or WeChat) buyer with a redirect to its page, which is what
 * a page-only Alipay-method channel (易支付 and the like) does, and what the cashier must not follow.
 */
const alipayChannel: ChannelSetup = {
  method: 'alipay',
  setup: (world) =>
    onlyChannel(world, {
      id: 'ali-test',
      name: 'Alipay (test)',
      provider: 'sandbox',
      method: 'alipay',
      credentials: SANDBOX_CREDS,
      settings: { gatewayUrl: `${world.base}/sandbox-gateway` },
    }),
};

/** USDT: a real epusdt channel against the fake Epusdt server (its addresses expire before the order). */
const usdtChannel: ChannelSetup = {
  method: 'usdt',
  setup: (world) =>
    onlyChannel(world, {
      id: 'usdt-test',
      name: 'USDT (test)',
      provider: 'epusdt',
      method: 'usdt',
      credentials: { token: EPUSDT_TOKEN },
      settings: { gatewayUrl: epusdt.url, network: 'TRC20' },
    }),
};

describe.skipIf(!browserAvailable)('the cashier in the browser', () => {
  beforeAll(async () => {
    w = await createPayWorld();
    browser = await launchBrowser();
    const shop = await activeShop(w.env, w.admin, '收银台小铺');
    skuId = (await saleSku(shop, { keys: 10 })).skuId;
    alipay = await FakeAlipayGateway.start({
      alipayPrivateKey: alipayKeys.privatePem,
      apps: { [app.appId]: app.keys.publicPem },
    });
    epusdt = await startFakeEpusdt({ token: EPUSDT_TOKEN, expirationMinutes: USDT_VALID_MINUTES });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await alipay?.close();
    await epusdt?.close();
    await w?.close();
  });

  /** A fresh order of one ¥10.00 key, placed through the storefront API. */
  async function newOrder(): Promise<{ orderNo: string; token: string; id: string }> {
    const res = await placeOrder(w.env, {
      skuId,
      quantity: 1,
      contact: `c${randomUUID().slice(0, 8)}@example.com`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { orderNo, accessToken } = res.json<{ orderNo: string; accessToken: string }>();
    const [o] = await w.env.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNo, orderNo));
    return { orderNo, token: accessToken, id: o!.id };
  }

  /** The order's latest payment attempt: our trade number (the gateway's out_trade_no) and its action. */
  async function latestAttempt(orderId: string): Promise<{ tradeNo: string; action: CashierAction }> {
    const [a] = await w.env.db
      .select({ tradeNo: paymentAttempts.tradeNo, action: paymentAttempts.action })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, orderId))
      .orderBy(desc(paymentAttempts.createdAt))
      .limit(1);
    expect(a, 'a payment attempt was recorded').toBeDefined();
    return { tradeNo: a!.tradeNo, action: a!.action as CashierAction };
  }

  async function openPage(name: string, options: BrowserContextOptions): Promise<Page> {
    return openBrowserPage(browser, name, options);
  }

  const cashierUrl = (o: { orderNo: string; token: string }, method: string) =>
    `${w.base}/pay/${o.orderNo}?token=${encodeURIComponent(o.token)}&method=${method}`;

  /** Whether the page scrolls sideways (the phone layout must not). */
  const horizontalOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('a desktop buyer sees a QR code that decodes to what the gateway issued, and the page moves on once paid', async () => {
    await qrChannel.setup(w);
    const order = await newOrder();
    const page = await openPage('cashier-qr-desktop', DESKTOP);
    await page.goto(cashierUrl(order, qrChannel.method));

    const qr = page.locator('[data-testid="cashier-qr"]');
    await qr.locator('img').waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="cashier-qr"] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    // What Alipay was asked for is what the buyer sees: ¥10.00, and the order's time left to pay.
    const { tradeNo } = await latestAttempt(order.id);
    const trade = alipay.trade(tradeNo);
    expect(trade.method).toBe('alipay.trade.precreate');
    expect(trade.totalAmount).toBe('10.00');
    expect(await page.textContent('[data-testid="cashier-qr-amount"]')).toBe('¥10.00');
    expect(
      Number(await page.getAttribute('[data-testid="cashier-qr-countdown"]', 'data-seconds')),
    ).toBeGreaterThan(60);
    const alipayName = zhCN.checkout.methods.alipay;
    expect(await page.textContent('[data-testid="cashier-qr-hint"]')).toBe(
      zhCN.checkout.cashier.scanWith.replace('{{method}}', alipayName),
    );
    // Alipay's logo sits over the centre of the code.
    expect(await qr.locator('[aria-label="alipay-circle"]').count()).toBe(1);
    await page.screenshot({ path: screenshotPath('cashier-qr-desktop'), fullPage: true });

    // Decode the code as a phone would, from the pixels (with the logo over its centre): it is the
    // qr_code the gateway issued for this out_trade_no, as the gateway itself recorded it.
    const png = PNG.sync.read(await qr.screenshot({ path: screenshotPath('cashier-qr-code') }));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded, 'the QR code on screen decodes').not.toBeNull();
    expect(trade.qrCode).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(decoded!.data).toBe(trade.qrCode);

    // The buyer pays in the Alipay app: Alipay sends its signed notify; the cashier shows the result.
    alipay.pay(tradeNo);
    await page.waitForURL(new RegExp(`/orders?/${order.orderNo}\\?token=`), { timeout: 30_000 });
    expect(alipay.deliveries.filter((d) => d.outTradeNo === tradeNo).map((d) => d.body)).toContain('success');
    await page.context().close();
  }, 90_000);

  it("in WeChat's in-app browser an Alipay payment shows the open-in-browser hint instead of a redirect", async () => {
    await alipayChannel.setup(w);
    const order = await newOrder();
    const page = await openPage('cashier-wechat-alipay', PHONE(WECHAT_UA));
    await page.goto(cashierUrl(order, alipayChannel.method));

    const overlay = page.locator('[data-testid="wechat-overlay"]');
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain(zhCN.checkout.cashier.wechat.step2);
    await page.screenshot({ path: screenshotPath('cashier-wechat-alipay-mobile') });
    // The gateway was asked (the attempt exists) but the buyer was not sent to a page WeChat blocks.
    const { action: issued } = await latestAttempt(order.id);
    expect(issued.type).toBe('redirect');
    expect(issued.url).toBeTruthy();
    expect(await page.locator('[data-testid="cashier-go"]').count()).toBe(0);
    expect(await page.locator('[data-testid="cashier-qr"]').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe(`/pay/${order.orderNo}`);

    // Dismissed, the inline hint stays with the link to copy; the layout fits a 375 px phone.
    await page.click('[data-testid="wechat-overlay-dismiss"]');
    await overlay.waitFor({ state: 'detached' });
    const hint = page.locator('[data-testid="wechat-open-browser"]');
    expect(await hint.textContent()).toContain('支付宝');
    expect(await hint.textContent()).toContain('在浏览器打开');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('cashier-wechat-alipay-hint-mobile'), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('a USDT buyer sees the amount, network, a copyable address and its own countdown', async () => {
    await usdtChannel.setup(w);
    const order = await newOrder();
    const page = await openPage('cashier-usdt', {
      ...PHONE(PHONE_UA),
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await page.goto(cashierUrl(order, usdtChannel.method));

    await page.locator('[data-testid="cashier-usdt"]').waitFor();
    // What the Epusdt server issued for this order (its own record): the USDT amount and the wallet.
    const { tradeNo } = await latestAttempt(order.id);
    const issued = epusdt.orders.get(tradeNo);
    expect(issued, 'the Epusdt server has the order').toBeDefined();
    expect(issued!.amount).toBe(10);
    const usdt = { amount: String(issued!.actualAmount), address: issued!.token, network: 'TRC20' };
    expect(usdt.amount).toMatch(/^\d+\.\d{1,4}$/);
    expect(await page.textContent('[data-testid="usdt-amount"]')).toBe(usdt.amount);
    expect(await page.textContent('[data-testid="usdt-network"]')).toBe(usdt.network);
    expect(await page.textContent('[data-testid="usdt-address"]')).toBe(usdt.address);
    const warning = await page.textContent('[data-testid="usdt-warning"]');
    expect(warning).toContain(usdt.amount);
    expect(warning).toContain(usdt.network);

    // The address's deadline (8 min at the Epusdt server), not the order's (longer), is what the buyer
    // counts down.
    const usdtLeft = Number(await page.getAttribute('[data-testid="usdt-countdown"]', 'data-seconds'));
    const orderLeft = Number(await page.getAttribute('[data-testid="cashier-countdown"]', 'data-seconds'));
    const issuedLeft = issued!.expirationTime - Date.now() / 1000;
    expect(issuedLeft).toBeLessThanOrEqual(USDT_VALID_MINUTES * 60);
    expect(usdtLeft).toBeGreaterThan(issuedLeft - 30);
    expect(usdtLeft).toBeLessThanOrEqual(Math.ceil(issuedLeft) + 1);
    expect(orderLeft).toBeGreaterThan(usdtLeft + 60);

    // Copy buttons put the exact strings on the clipboard.
    await page.click('[data-testid="usdt-copy-address"]');
    await page.locator('[data-testid="usdt-copy-address"][data-state="copied"]').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(usdt.address);
    await page.click('[data-testid="usdt-copy-amount"]');
    await page.locator('[data-testid="usdt-copy-amount"][data-state="copied"]').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(usdt.amount);

    // The address QR decodes to the address.
    const qr = page.locator('[data-testid="usdt-qr"]');
    await qr.locator('img').waitFor();
    const png = PNG.sync.read(await qr.screenshot());
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(usdt.address);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('cashier-usdt-mobile'), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('a phone buyer with a redirect action is taken to the channel once, and finds the button when coming back', async () => {
    await qrChannel.setup(w);
    const order = await newOrder();
    const page = await openPage('cashier-redirect-phone', PHONE(PHONE_UA));
    await page.goto(cashierUrl(order, qrChannel.method));
    // Alipay answers a phone with its wap.pay page: the cashier goes there by itself, and the
    // gateway accepted the signed link (its cashier shows this order's trade).
    await page.waitForURL((url) => url.href.startsWith(`${alipay.url}?`));
    const { tradeNo, action } = await latestAttempt(order.id);
    expect(action.type).toBe('redirect');
    expect(await page.getAttribute('body', 'data-out-trade-no')).toBe(tradeNo);
    expect(alipay.trade(tradeNo).method).toBe('alipay.trade.wap.pay');
    // Back from the channel: no second bounce, the button is there instead.
    await page.goBack();
    await page.locator('[data-testid="cashier-go"]').waitFor();
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe(`/pay/${order.orderNo}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('cashier-redirect-back-mobile'), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('when the time to pay is over the cashier shows no code, a message and the way back to the shop', async () => {
    await qrChannel.setup(w);
    const order = await newOrder();
    // The order's deadline moved close (its expiry job runs later): the page counts down to zero.
    await w.env.db
      .update(orders)
      .set({ expiresAt: new Date(Date.now() + 6_000) })
      .where(eq(orders.id, order.id));
    const page = await openPage('cashier-expired', DESKTOP);
    await page.goto(cashierUrl(order, qrChannel.method));
    await page.locator('[data-testid="cashier-qr"] img').waitFor();
    await page.locator('[data-testid="cashier-expired"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="cashier-qr"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="cashier-expired"]')).toContain(
      zhCN.checkout.cashier.expiredTitle,
    );
    await page.screenshot({ path: screenshotPath('cashier-expired-desktop'), fullPage: true });
    await page.click('[data-testid="cashier-back-to-shop"]');
    await page.waitForSelector('[data-testid="storefront-home"]');
    await page.context().close();
  }, 60_000);
});
