import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../web/src/i18n/zh-CN';
import { recordOrderPayment } from '../src/modules/finance/record-order-payment';
import { settleDue } from '../src/modules/finance/settle-due';
import { totpNow } from './agent';
import {
  browserAvailable,
  launchBrowser,
  modalsSettled,
  openPage,
  screenshotPath,
  signIn as signInWith,
} from './browser';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, registeredMerchant, signedInAdmin } from './fixtures';
import { expectLedgerBalanced } from './ledger-assert';

let env: TestEnv;
let browser: Browser;
let base: string;
const t = zhCN;
const A = '/api/admin/finance';

describe.skipIf(!browserAvailable)('finance in the browser', () => {
  beforeAll(async () => {
    env = await createTestEnv();
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (env) await expectLedgerBalanced(env);
    await env?.close();
  });

  async function newPage(name: string): Promise<Page> {
    return openPage(browser, name);
  }

  const signIn = (page: Page, email: string) => signInWith(page, base, email, PASSWORD);

  const text = async (l: Locator) => (await l.textContent())?.trim();

  it('a merchant withdraws its earnings; the platform approves and pays; the ledger stays balanced', async () => {
    const { email, merchantId } = await registeredMerchant(env, '财务小铺');
    const admin = await signedInAdmin(env);
    expect(
      (
        await admin.agent.post(`/api/admin/merchants/${merchantId}/status`, {
          status: 'active',
          reason: 'ok',
        })
      ).statusCode,
    ).toBe(200);
    // Round numbers: no commission, ¥50 minimum, ¥2 fee per withdrawal.
    expect(
      (await admin.agent.put(`${A}/merchants/${merchantId}/terms`, { settlementDays: 1, commissionBps: 0 }))
        .statusCode,
    ).toBe(200);
    expect(
      (await admin.agent.put(`${A}/settings`, { withdrawalMinimum: 5_000, withdrawalFee: 200 })).statusCode,
    ).toBe(200);

    // ¥1000.00 paid and settled (available); ¥50.00 paid just now (pending until tomorrow).
    await recordOrderPayment(env.ctx(), {
      orderId: randomUUID(),
      merchantId,
      channelId: 'test',
      amount: 100_000,
      paidAt: new Date('2030-01-01T04:00:00Z'),
    });
    await settleDue(env.ctx(), new Date('2030-01-09T00:00:00Z'));
    await recordOrderPayment(env.ctx(), {
      orderId: randomUUID(),
      merchantId,
      channelId: 'test',
      amount: 5_000,
      paidAt: env.clock.now,
    });

    // The merchant sees its balance cards.
    const page = await newPage('finance-merchant');
    await signIn(page, email);
    await page.waitForSelector('[data-testid="merchant-layout"]');
    await page.click(`[data-testid="merchant-layout"] .ant-menu >> text=${t.console.menu.finance}`);
    await page.waitForSelector('[data-testid="merchant-finance"]');
    const available = page.getByTestId('balance-available');
    const pending = page.getByTestId('balance-pending');
    const withdrawing = page.getByTestId('balance-withdrawing');
    await expect.poll(() => text(available)).toBe('¥1000.00');
    expect(await text(pending)).toBe('¥50.00');
    expect(await text(withdrawing)).toBe('¥0.00');
    expect(await page.getByTestId('balance-receivable').count()).toBe(0);
    // The statement shows the settlement on the available account.
    await expect.poll(() => page.locator('[data-testid="statement-amount"]').count()).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="statement-table"]')).toContain(
      t.finance.kinds.order_settled,
    );
    await page.screenshot({ path: screenshotPath('finance-merchant-balance'), fullPage: true });
    // CSV export of the same filters.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="statement-export"]'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    // Adds an Alipay payout account.
    await page.click('[data-testid="finance-tab-payout-accounts"]');
    await page.click('[data-testid="payout-add"]');
    const modal = page.getByTestId('payout-modal');
    await modal.waitFor();
    await modal.getByTestId('payout-kind-alipay').click();
    await modal.locator('input[name="holderName"]').fill('张三');
    await modal.locator('input[name="accountNumber"]').fill('13800138000');
    await modalsSettled(page);
    await modal.locator('button[type="submit"]').click();
    await modal.waitFor({ state: 'hidden' });
    const payoutRows = page.locator('[data-testid="payout-row"]');
    await expect.poll(() => payoutRows.count()).toBe(1);
    expect(await text(payoutRows.getByTestId('payout-masked'))).toBe('138****8000');
    await page.screenshot({ path: screenshotPath('finance-payout-accounts'), fullPage: true });

    // Requests a withdrawal of ¥300.00: minimum and fee shown, net ¥298.00.
    await page.click('[data-testid="finance-tab-withdrawals"]');
    const form = page.getByTestId('withdraw-form');
    await form.locator('input[name="amount"]').waitFor();
    expect(await text(form.getByTestId('withdraw-minimum'))).toContain('¥50.00');
    expect(await text(form.getByTestId('withdraw-fee'))).toContain('¥2.00');
    await form.locator('input[name="amount"]').fill('300');
    await expect.poll(() => text(form.getByTestId('withdraw-net'))).toContain('¥298.00');
    await form.getByTestId('withdraw-submit').click();
    const myRow = page.locator('[data-testid="withdrawal-history"] [data-testid="withdrawal-row"]');
    await expect.poll(() => myRow.count()).toBe(1);
    expect(await myRow.getAttribute('data-status')).toBe('requested');
    expect(await text(myRow.getByTestId('withdrawal-status'))).toBe(t.finance.withdrawalStatus.requested);
    const withdrawalId = (await myRow.getAttribute('data-id'))!;
    await expect.poll(() => text(withdrawing)).toBe('¥300.00');
    expect(await text(available)).toBe('¥700.00');
    await page.screenshot({ path: screenshotPath('finance-withdrawal-requested'), fullPage: true });

    // The admin signs in with a TOTP code and opens the merchant's ledger from the merchants table.
    const adminPage = await newPage('finance-admin');
    await signIn(adminPage, admin.email);
    await adminPage.waitForSelector('[data-testid="mfa-step"]');
    await adminPage.fill('[data-testid="mfa-step"] input[name="code"]', totpNow(admin.secret, 1));
    await adminPage.click('[data-testid="mfa-step"] button[type="submit"]');
    await adminPage.waitForSelector('[data-testid="admin-layout"]');
    await adminPage.click(`[data-testid="admin-layout"] .ant-menu >> text=${t.console.menu.merchants}`);
    await adminPage.waitForSelector('[data-testid="admin-merchants"]');
    await adminPage.locator('tr', { hasText: '财务小铺' }).getByTestId('merchant-finance').click();
    const ledger = adminPage.locator(`[data-testid="merchant-ledger"][data-merchant-id="${merchantId}"]`);
    await ledger.waitFor();
    await expect.poll(() => text(ledger.getByTestId('balance-withdrawing'))).toBe('¥300.00');
    await adminPage.screenshot({ path: screenshotPath('finance-admin-merchant-ledger'), fullPage: true });

    // A manual adjustment from the ledger view: +¥10.00 available, with a reason, confirmed.
    await ledger.getByTestId('merchant-ledger-adjust').click();
    const adjust = adminPage.getByTestId('adjustment-form');
    await adjust.waitFor();
    expect(await text(adjust.getByTestId('adjust-merchant'))).toContain('财务小铺');
    await adjust.locator('input[name="amount"]').fill('10');
    await adjust.locator('textarea[name="reason"]').fill('补偿测试');
    await adjust.getByTestId('adjust-submit').click();
    // The confirm dialog zooms in, and a click during that animation is lost: click once it has settled.
    const confirm = adminPage.locator('.ant-modal-confirm');
    await adminPage.locator('.ant-modal-confirm:not(.ant-zoom-appear):not(.ant-zoom-enter)').waitFor();
    await confirm.locator('.ant-btn-primary').click();
    await confirm.waitFor({ state: 'hidden' });
    const adjusted = adjust.getByTestId('adjust-result');
    await adjusted.waitFor({ timeout: 30_000 });
    expect(await text(adjusted.getByTestId('balance-available'))).toBe('¥710.00');
    await adminPage.screenshot({ path: screenshotPath('finance-admin-adjustment'), fullPage: true });

    // Review queue: approve, then mark paid with the payout reference.
    await adminPage.click('[data-testid="finance-tab-withdrawals"]');
    const queueRow = adminPage.locator(
      `[data-testid="withdrawal-queue"] [data-testid="withdrawal-row"][data-id="${withdrawalId}"]`,
    );
    await queueRow.waitFor();
    expect(await queueRow.getAttribute('data-status')).toBe('requested');
    await adminPage.screenshot({ path: screenshotPath('finance-admin-review-queue'), fullPage: true });
    await queueRow.getByTestId('withdrawal-approve').click();
    const action = adminPage.getByTestId('withdrawal-action-modal');
    await action.waitFor();
    expect(await action.getAttribute('data-action')).toBe('approve');
    await modalsSettled(adminPage);
    await action.locator('button[type="submit"]').click();
    await action.waitFor({ state: 'hidden' });
    await expect.poll(() => queueRow.getAttribute('data-status')).toBe('approved');

    await queueRow.getByTestId('withdrawal-paid').click();
    await action.waitFor();
    const reference = action.locator('input[name="payoutReference"]');
    await reference.fill('ALIPAY-20300109-0001');
    // Enter submits the form the input belongs to; a click on the footer button could land while the
    // modal is still animating in and be lost on a loaded machine.
    await reference.press('Enter');
    await action.waitFor({ state: 'hidden', timeout: 30_000 });
    // Paid withdrawals leave the open queue.
    await expect.poll(() => queueRow.count()).toBe(0);

    // The ledger check on the overview is clean.
    await adminPage.click('[data-testid="finance-tab-finance"]');
    await adminPage.click('[data-testid="ledger-check"]');
    const check = adminPage.getByTestId('ledger-check-result');
    await check.waitFor();
    expect(await check.getAttribute('data-ok')).toBe('true');
    expect(await text(adminPage.getByTestId('overview-pending-withdrawals'))).toBe('0');
    await adminPage.screenshot({ path: screenshotPath('finance-admin-overview'), fullPage: true });

    // Fee settings show the values set through the API; the reseller list starts empty.
    await adminPage.click('[data-testid="finance-tab-fees"]');
    const settings = adminPage.getByTestId('finance-settings');
    await expect.poll(() => settings.locator('input[name="withdrawalFee"]').inputValue()).toBe('2.00');
    expect(await settings.locator('input[name="withdrawalMinimum"]').inputValue()).toBe('50.00');
    await adminPage.screenshot({ path: screenshotPath('finance-admin-fees'), fullPage: true });
    await adminPage.click('[data-testid="finance-tab-resellers"]');
    await adminPage.getByTestId('reseller-list').locator('.ant-empty').waitFor();
    await adminPage.context().close();

    // Back on the merchant's screen: paid, nothing withdrawing any more.
    await page.reload();
    await page.waitForSelector('[data-testid="withdrawal-history"]');
    await expect.poll(() => myRow.getAttribute('data-status')).toBe('paid');
    expect(await text(myRow)).toContain('ALIPAY-20300109-0001');
    await expect.poll(() => text(withdrawing)).toBe('¥0.00');
    expect(await text(available)).toBe('¥710.00');
    expect(await text(pending)).toBe('¥50.00');
    await page.screenshot({ path: screenshotPath('finance-withdrawal-paid'), fullPage: true });
    await page.context().close();
  }, 120_000);
});
