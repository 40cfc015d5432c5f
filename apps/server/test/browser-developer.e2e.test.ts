import { createServer, type Server } from 'node:http';
import { isKamengApiError, KamengClient, signRequest, verifyWebhook } from '@kameng/sdk';
import { errorMessage, type ApiStats, type ErrorCode } from '@kameng/shared';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../web/src/i18n/zh-CN';
import { createUser } from '../src/modules/accounts/create-user';
import { Agent, totpNow } from './agent';
import {
  browserAvailable,
  launchBrowser,
  modalsSettled,
  openPage,
  screenshotPath,
  signIn as signInWith,
} from './browser';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, signedInAdmin, uniqueEmail } from './fixtures';

const t = zhCN;
let env: TestEnv;
let browser: Browser;
let base: string;
/** A loopback webhook receiver that answers 200 and keeps what it got. */
let receiver: Server;
let receiverUrl: string;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

const text = async (l: Locator) => (await l.textContent())?.trim() ?? '';
/** Resolves once no antd modal is in its zoom animation (a click during it can miss the button). */

describe.skipIf(!browserAvailable)('developer console in the browser', () => {
  beforeAll(async () => {
    env = await createTestEnv();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/kameng/hook`;
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await browser?.close();
    await env?.close();
  });

  it('a reseller docks end to end: access, a key shown once, calls and charts, webhooks, gray release, rotation', async () => {
    const admin = await signedInAdmin(env);
    // A user the platform made a reseller (预存款 account) — not yet allowed to dock.
    const email = uniqueEmail('dev');
    await createUser(env.ctx(), { email, password: PASSWORD, displayName: 'Dev' });
    const created = await admin.agent.post('/api/admin/finance/resellers', { email, name: '对接小铺' });
    expect(created.statusCode, created.body).toBe(201);

    // The reseller opens the developer console from the storefront header and asks for API access.
    const page = await openPage(browser, 'developer-reseller');
    await signInWith(page, base, email, PASSWORD);
    await page.getByTestId('nav-developer').click();
    const overview = page.getByTestId('developer-overview');
    await overview.waitFor();
    expect(await overview.getAttribute('data-api-status')).toBe('none');
    expect(await text(page.getByTestId('base-url'))).toBe(`${base}/api/v1`);
    await page.getByTestId('request-access').click();
    await page.locator('[data-testid="developer-overview"][data-api-status="pending"]').waitFor();
    expect(await text(overview.getByTestId('api-status'))).toBe(t.developer.apiStatus.pending);
    await page.screenshot({ path: screenshotPath('developer-overview-pending'), fullPage: true });

    // The admin approves it from the docking page (confirmation modal).
    const adminPage = await openPage(browser, 'developer-admin');
    await signInWith(adminPage, base, admin.email, PASSWORD);
    await adminPage.waitForSelector('[data-testid="mfa-step"]');
    await adminPage.fill('[data-testid="mfa-step"] input[name="code"]', totpNow(admin.secret, 1));
    await adminPage.click('[data-testid="mfa-step"] button[type="submit"]');
    await adminPage.waitForSelector('[data-testid="admin-layout"]');
    await adminPage.click(`[data-testid="admin-layout"] .ant-menu >> text=${t.adminDocking.menu}`);
    const row = adminPage.locator('[data-testid="docking-reseller-row"]', { hasText: '对接小铺' });
    await row.waitFor();
    expect(await row.getAttribute('data-api-status')).toBe('pending');
    await row.getByTestId('access-approve').click();
    const accessModal = adminPage.getByTestId('access-modal');
    await accessModal.waitFor();
    await accessModal.locator('textarea[name="note"]').fill('资料齐全');
    await modalsSettled(adminPage);
    await accessModal.getByTestId('access-confirm').click();
    await accessModal.waitFor({ state: 'hidden' });
    await adminPage
      .locator('[data-testid="docking-reseller-row"][data-api-status="approved"]', { hasText: '对接小铺' })
      .waitFor();
    await adminPage.screenshot({ path: screenshotPath('developer-admin-approved'), fullPage: true });

    // Back in the console: approved; a sandbox credential is created and its secret shown once.
    await page.reload();
    await page.locator('[data-testid="developer-overview"][data-api-status="approved"]').waitFor();
    await page.click(`[data-testid="developer-layout"] .ant-menu >> text=${t.developer.menu.credentials}`);
    const list = page.getByTestId('credential-list');
    await list.waitFor();
    await list.getByTestId('credential-add').click();
    const form = page.getByTestId('credential-modal');
    await form.waitFor();
    await form.locator('input[name="name"]').fill('沙箱联调');
    // The IP allow-list refuses typos before the server sees them.
    await form.locator('textarea[name="ipAllowList"]').fill('not-an-ip');
    await form.getByTestId('credential-submit').click();
    await form.locator('.ant-form-item-explain-error', { hasText: 'not-an-ip' }).waitFor();
    await form.locator('textarea[name="ipAllowList"]').fill('');
    await form.getByTestId('credential-submit').click();
    const secretModal = page.getByTestId('secret-modal');
    await secretModal.waitFor();
    const appKey = await text(secretModal.getByTestId('secret-app-key'));
    const appSecret = await text(secretModal.getByTestId('app-secret'));
    expect(appKey).not.toBe('');
    expect(appSecret.length).toBeGreaterThanOrEqual(32);
    await page.screenshot({
      path: screenshotPath('developer-secret-once'),
      fullPage: true,
      animations: 'disabled',
    });
    await modalsSettled(page);
    await secretModal.getByTestId('secret-done').click();
    await secretModal.waitFor({ state: 'detached' });
    // Gone for good: not in the page, not in the list.
    expect(await page.content()).not.toContain(appSecret);
    const credRow = list.locator('[data-testid="credential-row"]');
    await expect.poll(() => credRow.count()).toBe(1);
    expect(await text(credRow.getByTestId('credential-app-key'))).toBe(appKey);
    expect(await credRow.getByTestId('credential-mode-tag').getAttribute('data-mode')).toBe('sandbox');
    expect(await credRow.getAttribute('data-state')).toBe('active');
    await page.screenshot({ path: screenshotPath('developer-credentials'), fullPage: true });

    // Calls through the SDK: two good ones and one with a wrong secret (refused, logged as an error).
    const client = new KamengClient({ baseUrl: base, appKey, appSecret, maxRetries: 0 });
    await client.ping();
    await client.ping();
    const wrong = new KamengClient({ baseUrl: base, appKey, appSecret: appSecret + 'x', maxRetries: 0 });
    const refused = await wrong.ping().then(
      () => null,
      (err: unknown) => err,
    );
    expect(isKamengApiError(refused)).toBe(true);
    // The call log is written after the answer: wait until all three are counted.
    const reseller = new Agent(env.app);
    expect((await reseller.post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
    await expect
      .poll(
        async () => (await reseller.get('/api/developer/stats?range=24h')).json<ApiStats>().totals.calls,
        {
          timeout: 10_000,
        },
      )
      .toBeGreaterThanOrEqual(3);

    // The call log names the refusal with the catalogue's message.
    await page.click(`[data-testid="developer-layout"] .ant-menu >> text=${t.developer.menu.calls}`);
    await page.getByTestId('call-log').waitFor();
    await expect.poll(() => page.locator('[data-testid="call-row"]').count()).toBeGreaterThanOrEqual(3);
    const errorCell = page.locator('[data-testid="call-error"]').first();
    const code = (await errorCell.getAttribute('data-code'))!;
    expect(code).toMatch(/^API_/);
    expect(await text(errorCell)).toContain(errorMessage(code as ErrorCode, 'zh-CN'));

    // The dashboard draws its charts (recharts renders SVG) with the totals.
    await page.click(`[data-testid="developer-layout"] .ant-menu >> text=${t.developer.menu.dashboard}`);
    const charts = page.getByTestId('stats-charts');
    await charts.waitFor();
    await charts.locator('[data-testid="chart-calls"] svg.recharts-surface').first().waitFor();
    await charts.locator('[data-testid="chart-latency"] svg.recharts-surface').first().waitFor();
    expect(Number(await text(page.getByTestId('stats-total-calls')))).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('[data-testid="stats-key-row"]').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: screenshotPath('developer-dashboard'), fullPage: true });

    // The signature debugger: a request signed with the right secret matches and shows the same
    // canonical string the SDK signed; one signed with another secret is explained as a mismatch.
    const signed = await signRequest({
      appKey,
      appSecret,
      method: 'GET',
      path: '/api/v1/products',
      query: 'limit=10&category_id=abc',
      timestamp: Math.floor(Date.now() / 1000),
      nonce: 'debugger-nonce-0001',
    });
    await page.click(`[data-testid="developer-layout"] .ant-menu >> text=${t.developer.menu.signature}`);
    const debug = page.getByTestId('signature-debugger');
    await debug.waitFor();
    await debug.locator('input[name="path"]').fill('/api/v1/products?limit=10&category_id=abc');
    await debug.locator('textarea[name="authorization"]').fill(signed.authorization);
    await debug.getByTestId('debug-submit').click();
    const result = page.locator('[data-testid="debug-result"][data-matches="true"]');
    await result.waitFor();
    expect(await text(result.getByTestId('debug-canonical'))).toBe(signed.canonicalString);
    expect(await text(result.getByTestId('debug-expected'))).toBe(signed.signature);
    const forged = await signRequest({
      ...signed,
      appKey,
      appSecret: 'not-the-secret',
      method: 'GET',
      path: '/api/v1/products',
      query: 'limit=10&category_id=abc',
    });
    await debug.locator('textarea[name="authorization"]').fill(forged.authorization);
    await debug.getByTestId('debug-submit').click();
    const mismatch = page.locator('[data-testid="debug-result"][data-matches="false"]');
    await mismatch.waitFor();
    expect(await mismatch.locator('[data-problem]').getAttribute('data-problem')).toBe('signature_mismatch');
    expect(await text(mismatch.getByTestId('debug-problems'))).toContain(
      t.developer.signature.problems.signature_mismatch.slice(0, 6),
    );
    await page.screenshot({ path: screenshotPath('developer-signature-debugger'), fullPage: true });

    // The admin sees every account's figures with the same charts.
    await adminPage.getByTestId('docking-tab-stats').click();
    await adminPage.locator('[data-testid="docking-stats"] svg.recharts-surface').first().waitFor();
    expect(Number(await text(adminPage.getByTestId('stats-total-calls')))).toBeGreaterThanOrEqual(3);
    await adminPage.screenshot({ path: screenshotPath('developer-admin-stats'), fullPage: true });

    // Webhooks: loopback targets are refused until the admin allows private targets (with a confirm).
    await page.click(`[data-testid="developer-layout"] .ant-menu >> text=${t.developer.menu.webhooks}`);
    await page.getByTestId('webhook-endpoints').waitFor();
    await page.getByTestId('webhook-add').click();
    const hookForm = page.getByTestId('webhook-modal');
    await hookForm.waitFor();
    await hookForm.locator('input[name="url"]').fill(receiverUrl);
    await hookForm.locator('button[type="submit"]').click();
    await hookForm.locator('[data-testid="error-alert"][data-code="WEBHOOK_URL_FORBIDDEN"]').waitFor();
    await adminPage.getByTestId('docking-tab-webhooks').click();
    await adminPage.getByTestId('allow-private-targets').click();
    await modalsSettled(adminPage);
    await adminPage.locator('.ant-modal-confirm .ant-btn-dangerous').click();
    await adminPage.locator('[data-testid="allow-private-targets"][aria-checked="true"]').waitFor();
    await hookForm.locator('button[type="submit"]').click();
    const hookSecretModal = page.getByTestId('secret-modal');
    await hookSecretModal.waitFor();
    const hookSecret = await text(hookSecretModal.getByTestId('webhook-secret'));
    expect(hookSecret).not.toBe('');
    await modalsSettled(page);
    await hookSecretModal.getByTestId('secret-done').click();
    await hookSecretModal.waitFor({ state: 'detached' });
    const hookRow = page.locator('[data-testid="webhook-row"]');
    await expect.poll(() => hookRow.count()).toBe(1);

    // "Send test event" reaches the receiver, signed with the endpoint's secret; the delivery log shows
    // the attempt with its status code.
    await hookRow.getByTestId('webhook-test').click();
    await expect.poll(() => received.length).toBe(1);
    const got = received[0]!;
    const event = await verifyWebhook({
      payload: got.body,
      header: String(got.headers['kameng-signature']),
      secret: hookSecret,
    });
    expect(event.id).toBe(got.headers['kameng-event-id']);
    await page.getByTestId('webhooks-tab-deliveries').click();
    const delivery = page.locator('[data-testid="delivery-row"][data-status="succeeded"]');
    await delivery.waitFor();
    await delivery.locator('.ant-table-row-expand-icon').click();
    const attempt = page.locator('[data-testid="delivery-attempt"]').first();
    await attempt.waitFor();
    expect(await attempt.getAttribute('data-status')).toBe('200');
    await page.screenshot({ path: screenshotPath('developer-webhook-deliveries'), fullPage: true });

    // Gray release: the admin puts the reseller on the allow-list; the console then says 1.1 is served.
    await adminPage.getByTestId('docking-tab-rollout').click();
    const rollout = adminPage.getByTestId('docking-rollout');
    await rollout.waitFor();
    await rollout.getByTestId('rollout-allow-list').click();
    await adminPage.locator('.ant-select-item-option', { hasText: '对接小铺' }).click();
    await rollout.getByTestId('rollout-save').click();
    const resellerId = created.json<{ id: string }>().id;
    await expect
      .poll(
        async () =>
          (await admin.agent.get('/api/admin/docking/rollout')).json<{ allowList: string[] }>().allowList,
      )
      .toContain(resellerId);
    await adminPage.screenshot({ path: screenshotPath('developer-admin-rollout'), fullPage: true });
    await page.click(`[data-testid="developer-layout"] .ant-menu >> text=${t.developer.menu.overview}`);
    await page.reload();
    await expect.poll(() => text(page.getByTestId('served-version'))).toBe('1.1');

    // Levels: the admin adds one (5 % off) and puts the reseller on it.
    await adminPage.getByTestId('docking-tab-levels').click();
    await adminPage.getByTestId('level-add').click();
    const levelModal = adminPage.getByTestId('level-modal');
    await levelModal.waitFor();
    await levelModal.locator('input[name="name"]').fill('金牌');
    await levelModal.locator('input[name="discount"]').fill('5');
    await modalsSettled(adminPage);
    await levelModal.locator('button[type="submit"]').click();
    await levelModal.waitFor({ state: 'hidden' });
    await adminPage.locator('[data-testid="level-row"]', { hasText: '金牌' }).waitFor();
    await adminPage.getByTestId('docking-tab-resellers').click();
    await row.getByTestId('level-select').click();
    await adminPage.locator('.ant-select-item-option', { hasText: '金牌' }).click();
    await expect.poll(() => text(row.getByTestId('level-select'))).toBe('金牌');
    await page.reload();
    await expect.poll(() => text(page.getByTestId('developer-overview'))).toContain('金牌');

    // The admin sees the reseller's keys (no secrets) and lowers one key's rate limit; the API enforces it.
    await row.getByTestId('reseller-credentials').click();
    const keysModal = adminPage.getByTestId('reseller-credentials-modal');
    const keyRow = keysModal.locator('[data-testid="admin-credential-row"]', { hasText: appKey });
    await keyRow.waitFor();
    expect(await text(keysModal)).not.toContain(appSecret);
    await modalsSettled(adminPage);
    await keyRow
      .locator('input[data-testid="rate-limit-input"], [data-testid="rate-limit-input"] input')
      .first()
      .fill('2');
    await keyRow.getByTestId('rate-limit-save').click();
    await expect.poll(() => keyRow.getByTestId('rate-limit-save').isDisabled()).toBe(true);
    const limited = new KamengClient({ baseUrl: base, appKey, appSecret, maxRetries: 0 });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(
        await limited.ping().then(
          () => 'ok',
          (e: unknown) => (isKamengApiError(e) ? e.code : String(e)),
        ),
      );
    }
    expect(codes.filter((c) => c === 'API_RATE_LIMITED').length).toBeGreaterThan(0);
    await keyRow
      .locator('input[data-testid="rate-limit-input"], [data-testid="rate-limit-input"] input')
      .first()
      .fill('600');
    await keyRow.getByTestId('rate-limit-save').click();
    await expect.poll(() => keyRow.getByTestId('rate-limit-save').isDisabled()).toBe(true);
    await adminPage.screenshot({ path: screenshotPath('developer-admin-keys'), fullPage: true });
    await keysModal.locator('.ant-modal-close').click();
    await keysModal.waitFor({ state: 'hidden' });

    // Rotation: a new secret, shown once; the old one keeps working during the 24 h overlap.
    await page.click(`[data-testid="developer-layout"] .ant-menu >> text=${t.developer.menu.credentials}`);
    await credRow.getByTestId('credential-rotate').click();
    const rotateModal = page.getByTestId('rotate-modal');
    await rotateModal.waitFor();
    expect(await rotateModal.locator('input[name="overlapHours"]').inputValue()).toBe('24');
    await modalsSettled(page);
    await rotateModal.locator('button[type="submit"]').click();
    await secretModal.waitFor();
    const newSecret = await text(secretModal.getByTestId('app-secret'));
    expect(newSecret).not.toBe(appSecret);
    await modalsSettled(page);
    await secretModal.getByTestId('secret-done').click();
    await secretModal.waitFor({ state: 'detached' });
    await new KamengClient({ baseUrl: base, appKey, appSecret: newSecret, maxRetries: 0 }).ping();
    await client.ping();

    // Revocation asks first, then takes effect at once.
    await credRow.getByTestId('credential-revoke').click();
    await modalsSettled(page);
    await page.getByTestId('revoke-confirm').click();
    await page.locator('[data-testid="credential-row"][data-state="revoked"]').waitFor();
    const afterRevoke = await client.ping().then(
      () => null,
      (err: unknown) => err,
    );
    expect(isKamengApiError(afterRevoke) && afterRevoke.code).toBe('API_KEY_REVOKED');
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await page.screenshot({
      path: screenshotPath('developer-credential-revoked'),
      fullPage: true,
      animations: 'disabled',
    });
    // One long journey through the whole console: about 20 s on a quiet two-core machine.
  }, 120_000);

  it('signed-out visitors go to sign-in; a user without a reseller account is told how to get one', async () => {
    const page = await openPage(browser, 'developer-not-reseller');
    await page.goto(`${base}/developer/credentials`);
    await page.waitForURL(/\/login\?next=%2Fdeveloper%2Fcredentials/);
    const email = uniqueEmail('buyer');
    await createUser(env.ctx(), { email, password: PASSWORD, displayName: 'Buyer' });
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    // Back where they were headed, with an explanation instead of a bare 403 (and in English too).
    await page.getByTestId('developer-not-reseller').waitFor();
    expect(await text(page.getByTestId('developer-not-reseller'))).toContain(t.developer.notReseller.title);
    await page.getByTestId('lang-switch').click();
    await expect
      .poll(() => text(page.getByTestId('developer-not-reseller')))
      .toContain('No active reseller account');
    await page.screenshot({ path: screenshotPath('developer-not-reseller'), fullPage: true });
  }, 60_000);
});
