import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { PaymentAnomaly, PaymentChannel } from '@kameng/shared';
import { eq, inArray } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../web/src/i18n/zh-CN';
import { skus } from '../src/modules/catalog/schema';
import { orders } from '../src/modules/orders/schema';
import { channelAad } from '../src/modules/payments/channels';
import { paymentAttempts, paymentChannels } from '../src/modules/payments/schema';
import { startPayment } from '../src/modules/payments/start-payment';
import { totpNow } from './agent';
import { browserAvailable, launchBrowser, screenshotPath, openPage, signIn as signInWith } from './browser';
import { PASSWORD, registeredMerchant, signedInAdmin } from './fixtures';
import { insertSku } from './inventory-fixtures';
import {
  createPayWorld,
  eventually,
  insertOrder,
  notifiesOf,
  pressCashier,
  setFaults,
  startSandbox,
  type PayWorld,
  stopSandboxRetries,
} from './payments-fixtures';

const t = zhCN;
const C = t.payments.channels;
let w: PayWorld;
let browser: Browser;
/** A loopback "gateway" answering every request with HTTP 500. */
let broken: Server;
let brokenUrl: string;

const text = async (l: Locator) => (await l.textContent())?.trim() ?? '';
/** The part of a translation before its first `{{…}}` placeholder. */
const prefix = (s: string) => s.split('{{')[0]!;

describe.skipIf(!browserAvailable)('payment channels and anomalies in the browser', () => {
  beforeAll(async () => {
    w = await createPayWorld();
    broken = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    brokenUrl = `http://127.0.0.1:${(broken.address() as { port: number }).port}/gw`;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (broken ? broken.close(r) : r(undefined)));
    await w?.close();
  });

  async function newPage(name: string): Promise<Page> {
    return openPage(browser, name);
  }

  const signIn = (page: Page, email: string) => signInWith(page, w.base, email, PASSWORD);

  /** A fresh platform admin (a TOTP code is accepted only once) signed in on `page`. */
  async function signInAdmin(page: Page) {
    const admin = await signedInAdmin(w.env);
    await signIn(page, admin.email);
    await page.waitForSelector('[data-testid="mfa-step"]');
    await page.fill('[data-testid="mfa-step"] input[name="code"]', totpNow(admin.secret, 1));
    await page.click('[data-testid="mfa-step"] button[type="submit"]');
    await page.waitForSelector('[data-testid="admin-layout"]');
  }

  /** Waits until no table on the page is loading, nor fading back in from a refetch. */
  async function settled(page: Page) {
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.ant-spin-container')].every((e) => getComputedStyle(e).opacity === '1'),
    );
  }

  /** Opens an antd Select (by its form item id) and picks the option labelled `label`. */
  async function pick(page: Page, select: Locator, label: string) {
    await select.locator('.ant-select-selector, .ant-select-content').first().click();
    const option = page.locator(
      `.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${label}"]`,
    );
    await option.click();
    await option.waitFor({ state: 'hidden' });
  }

  async function apiChannel(id: string): Promise<PaymentChannel> {
    const res = await w.admin.get('/api/admin/payments/channels');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: PaymentChannel[] }>().items.find((c) => c.id === id)!;
  }

  it('the admin creates an 易支付 channel through the form; its credentials are stored encrypted and never returned', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const creds = {
      pid: '1024',
      key: 'epay-md5-key-Zq81xWv0TtY3nB7c',
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().trim(),
      platformPublicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString().trim(),
    };
    const privateBody = creds.privateKey.split('\n')[1]!;
    const page = await newPage('payments-admin-epay');
    // Everything the channel API sends to the browser, to check no credential ever leaves the server.
    const apiBodies: Promise<string>[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/admin/payments/')) apiBodies.push(r.text().catch(() => ''));
    });
    await signInAdmin(page);
    await page.goto(`${w.base}/admin/payments`);
    const list = page.getByTestId('admin-payment-channels');
    await list.locator('tr[data-row-key="sbx-1"]').waitFor();

    await page.getByTestId('channel-add').click();
    const modal = page.locator('.ant-modal', { has: page.locator('input[name="id"]') });
    await modal.waitFor();
    const credentials = modal.getByTestId('channel-credentials');
    // A new channel starts as sandbox: its credential fields, no 易支付 settings.
    await credentials.locator('input[name="cred-mchId"]').waitFor();
    expect(await modal.getByTestId('epay-settings').count()).toBe(0);

    await pick(page, modal.getByTestId('channel-provider'), 'epay');
    // 易支付's fields replace the sandbox ones: pid in clear, the MD5 key as a password input.
    const pid = credentials.locator('input[name="cred-pid"]');
    const key = credentials.locator('input[name="cred-key"]');
    await pid.waitFor();
    expect(await credentials.locator('input[name="cred-mchId"]').count()).toBe(0);
    expect(await pid.getAttribute('type')).toBe('text');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await credentials.locator('textarea[name="cred-privateKey"]').count()).toBe(1);
    expect(await credentials.locator('textarea[name="cred-platformPublicKey"]').count()).toBe(1);
    const labels = (await credentials.locator('label code').allTextContents()).map((s) => s.trim());
    expect(labels).toEqual(['pid', 'key', 'privateKey', 'platformPublicKey']);
    await modal.getByTestId('epay-settings').waitFor();

    await modal.locator('input[name="id"]').fill('epay-main');
    await modal.locator('input[name="name"]').fill('易支付主通道');
    await modal.locator('input[name="method"]').fill('alipay');
    await modal.locator('input[name="gatewayUrl"]').fill('https://pay.example.com/');
    await pick(page, modal.locator('.ant-form-item', { has: page.locator('#epayVersion') }), 'V2 (RSA)');
    await modal.locator('#weight').fill('3');
    await modal.locator('input[name="dailyLimit"]').fill('500.00');
    await pid.fill(creds.pid);
    await key.fill(creds.key);
    await credentials.locator('textarea[name="cred-privateKey"]').fill(creds.privateKey);
    await credentials.locator('textarea[name="cred-platformPublicKey"]').fill(creds.platformPublicKey);
    // The key is masked on screen.
    expect(await key.inputValue()).toBe(creds.key);
    await page.screenshot({ path: screenshotPath('payments-admin-epay-form'), fullPage: true });
    await page
      .locator('.ant-modal:not(.ant-zoom-appear):not(.ant-zoom-enter) .ant-modal-footer .ant-btn-primary')
      .click();
    await modal.waitFor({ state: 'hidden' });

    // Listed: 易支付, weight 3, today's amount against its ¥500.00 limit, credentials set, healthy.
    const row = list.locator('tr[data-row-key="epay-main"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells).toContain('epay');
    expect(cells).toContain('易支付主通道');
    expect(await text(row)).toContain(C.weightShort.replace('{{weight}}', '3'));
    expect(await text(row.getByTestId('channel-daily'))).toBe(
      C.todayOf.replace('{{used}}', '¥0.00').replace('{{limit}}', '¥500.00'),
    );
    expect(await text(row)).toContain(C.credSet);
    expect(await row.getByTestId('channel-state').getAttribute('data-health')).toBe('ok');
    await settled(page);
    await page.screenshot({ path: screenshotPath('payments-admin-epay-listed'), fullPage: true });

    // Stored as typed, the credentials encrypted: none of the secrets in clear in the row.
    const [stored] = await w.env.db.select().from(paymentChannels).where(eq(paymentChannels.id, 'epay-main'));
    expect(stored).toMatchObject({
      provider: 'epay',
      method: 'alipay',
      weight: 3,
      dailyLimit: 50_000,
      settings: { gatewayUrl: 'https://pay.example.com/', version: 'v2', flow: 'mapi' },
    });
    const bytes = Buffer.from(stored!.credentials);
    for (const secret of [creds.key, privateBody, '"privateKey"']) {
      expect(bytes.includes(Buffer.from(secret)), `"${secret.slice(0, 12)}…" in clear`).toBe(false);
    }
    expect(JSON.parse(w.env.box.decryptText(stored!.credentials, channelAad('epay-main')))).toEqual(creds);

    // The API never returns them: not to the browser, not on the list or the channel afterwards.
    const listed = await w.admin.get('/api/admin/payments/channels');
    const bodies = [...(await Promise.all(apiBodies)), listed.body];
    expect(bodies.some((b) => b.includes('epay-main'))).toBe(true);
    for (const body of bodies) {
      expect(body).not.toContain(creds.key);
      expect(body).not.toContain(privateBody);
    }
    const api = await apiChannel('epay-main');
    expect(api).not.toHaveProperty('credentials');
    expect(api.hasCredentials).toBe(true);

    // Editing shows no credential back: the fields are empty, "unchanged".
    await row.getByTestId('channel-edit').click();
    const edit = page.locator('.ant-modal', { has: page.locator('input[name="id"][disabled]') });
    await edit.waitFor();
    expect(await edit.locator('input[name="cred-key"]').inputValue()).toBe('');
    expect(await edit.locator('input[name="cred-key"]').getAttribute('placeholder')).toBe(C.credUnchanged);
    expect(await edit.locator('textarea[name="cred-privateKey"]').inputValue()).toBe('');
    expect(await edit.textContent()).not.toContain(creds.key);
    await page.context().close();
  }, 90_000);

  it('an auto-paused channel shows its last error; the admin resumes it; the anomaly is listed and resolved', async () => {
    const created = await w.admin.post('/api/admin/payments/channels', {
      id: 'flaky',
      name: 'Flaky',
      provider: 'sandbox',
      method: 'flaky',
      // Its own sandbox merchant: the sandbox gateway finds a channel's faults by merchant id.
      credentials: { mchId: 'M20002', key: 'flaky-test-key-0123456789' },
      settings: { gatewayUrl: brokenUrl },
      autoPauseAfter: 2,
      cooldownSeconds: 3600,
    });
    expect(created.statusCode, created.body).toBe(201);
    // Two orders fail to start on its erroring gateway: it pauses itself.
    for (let i = 0; i < 2; i++) {
      const orderId = await insertOrder(w, 800);
      const err = await startPayment(w.env.ctx(), {
        orderId,
        method: 'flaky',
        returnUrl: `${w.base}/result`,
        clientIp: '127.0.0.1',
        device: 'pc',
        baseUrl: w.base,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
    }
    const paused = await apiChannel('flaky');
    expect(paused).toMatchObject({ health: 'auto_paused', consecutiveFailures: 2 });
    expect(paused.lastError).toBeTruthy();

    const page = await newPage('payments-admin-paused');
    await signInAdmin(page);
    await page.goto(`${w.base}/admin/payments`);
    const row = page.locator('[data-testid="admin-payment-channels"] tr[data-row-key="flaky"]');
    const state = row.getByTestId('channel-state');
    await state.waitFor();
    expect(await state.getAttribute('data-health')).toBe('auto_paused');
    expect(await text(state)).toContain(prefix(C.autoPausedUntil));
    const rowText = await text(row);
    expect(rowText).toContain(C.failures.replace('{{count}}', '2'));
    expect(rowText).toContain(paused.lastError!);
    const toggle = row.getByTestId('channel-toggle');
    expect(await text(toggle)).toBe(C.resumeNow);
    await settled(page);
    await page.screenshot({ path: screenshotPath('payments-admin-channel-paused'), fullPage: true });

    // The anomaly page has it, open, with its own resume button.
    await page.getByTestId('payments-tab-anomalies').click();
    const anomaly = page.locator('[data-testid="admin-anomalies"] tr', {
      has: page.locator('[data-testid="anomaly-type"][data-type="channel_paused"]'),
      hasText: 'flaky',
    });
    await anomaly.waitFor();
    expect(await text(anomaly.getByTestId('anomaly-type'))).toBe(t.payments.anomalies.types.channel_paused);
    expect(await text(anomaly)).toContain(paused.lastError!);
    expect(await text(anomaly)).toContain(prefix(t.payments.anomalies.pausedUntil));
    expect(await anomaly.getByTestId('anomaly-resume-channel').count()).toBe(1);

    // Resumed from the channel list: healthy, the failure count and error gone.
    await page.getByTestId('payments-tab-channels').click();
    await toggle.click();
    await expect.poll(() => state.getAttribute('data-health')).toBe('ok');
    expect(await text(state)).toBe(C.health.ok);
    expect(await text(toggle)).toBe(C.pause);
    expect(await text(row)).not.toContain(prefix(C.failures));
    await settled(page);
    await page.screenshot({ path: screenshotPath('payments-admin-channel-resumed'), fullPage: true });
    const [stored] = await w.env.db.select().from(paymentChannels).where(eq(paymentChannels.id, 'flaky'));
    expect(stored).toMatchObject({ consecutiveFailures: 0, pausedUntil: null, enabled: true });

    // The anomaly stays listed, resolved (the API says so), without the resume button: on the tab the
    // admin switches to right after resuming …
    const api = await w.admin.get('/api/admin/payments/anomalies');
    const incident = api
      .json<{ items: PaymentAnomaly[] }>()
      .items.find((x) => x.type === 'channel_paused' && x.channelId === 'flaky')?.incident;
    expect(incident?.resolvedAt).toBeTruthy();
    const resolvedLabel = prefix(t.payments.anomalies.resolved);
    await page.getByTestId('payments-tab-anomalies').click();
    await anomaly.waitFor();
    const resolvedOnTab = await expect
      .poll(() => text(anomaly), { timeout: 3_000 })
      .toContain(resolvedLabel)
      .then(
        () => true,
        () => false,
      );
    expect
      .soft(
        resolvedOnTab,
        'the anomalies tab, opened right after a resume from the channel list, shows it resolved',
      )
      .toBe(true);
    // … and after a reload.
    await page.reload();
    await anomaly.waitFor();
    await expect.poll(() => text(anomaly)).toContain(resolvedLabel);
    expect(await anomaly.getByTestId('anomaly-resume-channel').count()).toBe(0);
    await settled(page);
    await page.screenshot({ path: screenshotPath('payments-admin-anomaly-resolved'), fullPage: true });
    await page.context().close();
  }, 90_000);

  it("a merchant finds its order's amount mismatch and opens the order; another merchant sees none", async () => {
    const owner = async (name: string) => {
      const m = await registeredMerchant(w.env, name);
      const skuId = await insertSku(w.env, m.merchantId, { deliveryMode: 'manual' });
      const [sku] = await w.env.db.select({ productId: skus.productId }).from(skus).where(eq(skus.id, skuId));
      return { email: m.email, world: { ...w, merchantId: m.merchantId, skuId, productId: sku!.productId } };
    };
    const a = await owner('异常小铺');
    const b = await owner('清白小铺');
    // The sandbox gateway notifies 1 fen less than asked for A's ¥12.34 order: rejected as a mismatch.
    await setFaults(w, { corrupt: 'amount' });
    const orderId = await insertOrder(a.world);
    const p = await startSandbox(a.world, orderId, 'sbx-1');
    await pressCashier(w, String(p.action.url), 'pay');
    await eventually(async () =>
      (await notifiesOf(w, { orderId })).some((n) => n.reason === 'amount_mismatch'),
    );
    await setFaults(w, {});
    await stopSandboxRetries(w);
    // Closed, so the worker's scheduled query cannot heal it while the test runs.
    await w.env.db
      .update(paymentAttempts)
      .set({ status: 'closed' })
      .where(inArray(paymentAttempts.id, [p.attemptId]));
    const [order] = await w.env.db
      .select({ orderNo: orders.orderNo })
      .from(orders)
      .where(eq(orders.id, orderId));

    const page = await newPage('payments-merchant-anomalies');
    await signIn(page, a.email);
    await page.waitForSelector('[data-testid="merchant-layout"]');
    await page.goto(`${w.base}/merchant/orders/anomalies`);
    await page.getByTestId('merchant-anomalies').waitFor();
    const rows = page.locator('[data-testid="anomaly-row"]');
    await rows.first().waitFor();
    // Only this order's mismatch (the gateway may have re-sent the rejected notify: one row per delivery).
    const types = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-type')));
    expect(new Set(types)).toEqual(new Set(['amount_mismatch']));
    const row = rows.first();
    expect(await row.getAttribute('data-type')).toBe('amount_mismatch');
    expect(await text(row.getByTestId('anomaly-type'))).toBe(t.payments.anomalies.types.amount_mismatch);
    expect(await text(row.getByTestId('anomaly-order'))).toBe(order!.orderNo);
    // The reason in words, its code on hover.
    expect(await text(row.getByTitle('amount_mismatch'))).toBe(t.payments.reasons.amount_mismatch);
    // The notify as received, showing the amount the gateway claimed.
    await row.locator('.ant-table-row-expand-icon').click();
    expect(await text(page.getByTestId('anomaly-raw'))).toContain('12.33');
    await settled(page);
    await page.screenshot({ path: screenshotPath('payments-merchant-anomalies'), fullPage: true });

    await row.getByTestId('anomaly-open-order').click();
    await page.waitForURL(`${w.base}/merchant/orders/${orderId}`);
    await page.locator(`[data-testid="merchant-order-detail"][data-order-id="${orderId}"]`).waitFor();
    expect(await text(page.getByTestId('merchant-order-detail'))).toContain(order!.orderNo);
    await settled(page);
    await page.screenshot({ path: screenshotPath('payments-merchant-anomaly-order'), fullPage: true });
    await page.context().close();

    // B has none: the empty state, once its list has loaded.
    const other = await newPage('payments-merchant-anomalies-empty');
    await signIn(other, b.email);
    await other.waitForSelector('[data-testid="merchant-layout"]');
    const loaded = other.waitForResponse(
      (r) => r.url().includes('/api/merchant/payment-anomalies') && r.status() === 200,
    );
    await other.goto(`${w.base}/merchant/orders/anomalies`);
    await loaded;
    const anomalies = other.getByTestId('merchant-anomalies');
    await anomalies.locator('.ant-empty').waitFor();
    await anomalies.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    expect(await text(anomalies.locator('.ant-empty-description'))).toBe(t.payments.merchantAnomalies.empty);
    expect(await other.locator('[data-testid="anomaly-row"]').count()).toBe(0);
    expect(await text(anomalies)).not.toContain(order!.orderNo);
    await settled(other);
    await other.screenshot({ path: screenshotPath('payments-merchant-anomalies-empty'), fullPage: true });
    await other.context().close();
  }, 90_000);
});
