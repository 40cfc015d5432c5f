import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOrderPayment } from '../src/modules/finance/record-order-payment';
import { settleDue } from '../src/modules/finance/settle-due';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInAdmin, signedInStaff } from './fixtures';
import { expectLedgerBalanced } from './ledger-assert';

let env: TestEnv;
let admin: Agent;
let owner: Agent;
let merchantId: string;
let accountId: string;
const F = '/api/merchant/finance';
const A = '/api/admin/finance';

/** Gives the merchant `amount` fen of available balance through a paid and settled order (no fees). */
async function earn(mId: string, amount: number) {
  await recordOrderPayment(env.ctx(), {
    orderId: randomUUID(),
    merchantId: mId,
    channelId: 'test',
    amount,
    paidAt: new Date('2030-01-01T04:00:00Z'),
  });
  await settleDue(env.ctx(), new Date('2030-01-09T00:00:00Z'));
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = (await signedInAdmin(env)).agent;
  ({ agent: owner, merchantId } = await registeredMerchant(env, 'Shop A'));
  expect(
    (await admin.put(`${A}/merchants/${merchantId}/terms`, { settlementDays: 0, commissionBps: 0 }))
      .statusCode,
  ).toBe(200);
  expect(
    (await admin.put(`${A}/settings`, { withdrawalMinimum: 5_000, withdrawalFee: 200 })).json(),
  ).toMatchObject({ withdrawalMinimum: 5_000, withdrawalFee: 200, timezone: 'Asia/Shanghai' });
  await earn(merchantId, 100_000);
});
afterAll(async () => {
  await expectLedgerBalanced(env);
  await env.close();
});

describe('payout accounts', () => {
  it('stores the number encrypted and returns it masked', async () => {
    const res = await owner.post(`${F}/payout-accounts`, {
      kind: 'bank',
      holderName: '张三',
      accountNumber: '6222 0212 3456 7890 123',
      bankName: '工商银行',
    });
    expect(res.statusCode).toBe(201);
    accountId = res.json<{ id: string }>().id;
    expect(res.json()).toMatchObject({ accountMasked: '6222 **** **** 0123' });
    expect(res.body).not.toContain('02123456');
    const bad = await owner.post(`${F}/payout-accounts`, {
      kind: 'alipay',
      holderName: 'x',
      accountNumber: 'nope nope',
    });
    expect(bad.json()).toMatchObject({ code: 'PAYOUT_ACCOUNT_INVALID' });
    expect((await owner.get(`${F}/payout-accounts`)).json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});

describe('withdrawals', () => {
  const request = (amount: unknown, agent = owner, payoutAccountId = accountId) =>
    agent.post(`${F}/withdrawals`, { payoutAccountId, amount });

  it('holds at once, is approved and paid; the fee is platform revenue', async () => {
    const res = await request(30_000);
    expect(res.statusCode).toBe(201);
    const w = res.json<{ id: string; status: string; fee: number; netAmount: number }>();
    expect(w).toMatchObject({ status: 'requested', fee: 200, netAmount: 29_800 });
    expect((await owner.get(`${F}/balance`)).json()).toMatchObject({
      available: 70_000,
      withdrawing: 30_000,
    });
    expect(
      (await admin.get(`${A}/withdrawals?status=requested`)).json<{ items: unknown[] }>().items,
    ).toHaveLength(1);
    expect((await admin.post(`${A}/withdrawals/${w.id}/approve`)).json()).toMatchObject({
      status: 'approved',
    });
    const again = await admin.post(`${A}/withdrawals/${w.id}/approve`);
    expect([again.statusCode, again.json<{ code: string }>().code]).toEqual([409, 'WITHDRAWAL_STATE']);
    const paid = await admin.post(`${A}/withdrawals/${w.id}/paid`, { payoutReference: 'BANK-0001' });
    expect(paid.json()).toMatchObject({ status: 'paid', payoutReference: 'BANK-0001' });
    expect((await owner.get(`${F}/balance`)).json()).toMatchObject({ available: 70_000, withdrawing: 0 });
    const overview = (await admin.get(`${A}/overview`)).json<{
      platformFeeRevenue: number;
      cashByChannel: { channelId: string; amount: number }[];
    }>();
    expect(overview.platformFeeRevenue).toBe(200);
    expect(overview.cashByChannel).toContainEqual({ channelId: 'payout', amount: -29_800 });
    const failedAfterPaid = await admin.post(`${A}/withdrawals/${w.id}/failed`, { reason: 'late' });
    expect(failedAfterPaid.json()).toMatchObject({ code: 'WITHDRAWAL_STATE' });
  });

  it('reject and fail release the hold', async () => {
    const a = (await request(10_000)).json<{ id: string }>();
    const rej = await admin.post(`${A}/withdrawals/${a.id}/reject`, { reason: '账户信息不符' });
    expect(rej.json()).toMatchObject({ status: 'rejected', reason: '账户信息不符' });
    const b = (await request(10_000)).json<{ id: string }>();
    await admin.post(`${A}/withdrawals/${b.id}/approve`);
    expect(
      (await admin.post(`${A}/withdrawals/${b.id}/failed`, { reason: 'bank bounced' })).json(),
    ).toMatchObject({
      status: 'failed',
    });
    expect((await owner.get(`${F}/balance`)).json()).toMatchObject({ available: 70_000, withdrawing: 0 });
  });

  it('refuses bad amounts with codes and holds nothing', async () => {
    expect((await request(70_001)).json()).toMatchObject({ code: 'LEDGER_INSUFFICIENT_FUNDS' });
    expect((await request(4_999)).json()).toMatchObject({ code: 'WITHDRAWAL_BELOW_MINIMUM' });
    for (const amount of [-100, 0, 100.5, '100'])
      expect((await request(amount)).json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await owner.get(`${F}/balance`)).json()).toMatchObject({ available: 70_000, withdrawing: 0 });
    const curr = await admin.post(`${A}/adjustments`, {
      merchantId,
      account: 'available',
      direction: 'credit',
      amount: 100,
      reason: 'unknown currency',
      currency: 'XYZ',
    });
    expect(curr.json()).toMatchObject({ code: 'LEDGER_UNKNOWN_CURRENCY' });
  });

  it('staff without finance.withdraw are refused; another merchant finds nothing', async () => {
    const reader = (await signedInStaff(env, owner, ['finance.read'])).agent;
    expect((await reader.get(`${F}/balance`)).statusCode).toBe(200);
    expect((await request(10_000, reader)).statusCode).toBe(403);
    const b = await registeredMerchant(env, 'Shop B');
    const mine = (await owner.get(`${F}/withdrawals`)).json<{ items: { id: string }[] }>().items[0]!;
    expect((await b.agent.get(`${F}/withdrawals/${mine.id}`)).statusCode).toBe(404);
    expect((await request(10_000, b.agent)).statusCode).toBe(404);
    expect((await b.agent.patch(`${F}/payout-accounts/${accountId}`, { label: 'x' })).statusCode).toBe(404);
    expect((await b.agent.delete(`${F}/payout-accounts/${accountId}`)).statusCode).toBe(404);
    expect((await b.agent.get(`${F}/payout-accounts`)).json()).toEqual({ items: [] });
  });
});

describe('adjustments, statements, resellers', () => {
  it('adjusts with a reason, audited, and exports the statement as CSV', async () => {
    const res = await admin.post(`${A}/adjustments`, {
      merchantId,
      account: 'available',
      direction: 'credit',
      amount: 1_234,
      reason: '补偿, "promo"',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ balance: { available: 71_234 } });
    const audit = (await admin.get('/api/admin/audit?action=finance.adjustment')).json<{
      items: unknown[];
    }>();
    expect(audit.items).toHaveLength(1);
    const page = (await owner.get(`${F}/statement?account=available&limit=2`)).json<{
      items: { kind: string }[];
      nextBefore: number;
    }>();
    expect(page.items[0]!.kind).toBe('adjustment');
    expect(page.nextBefore).toBeTypeOf('number');
    const csv = await owner.get(`${F}/statement.csv?account=available`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^created_at,kind,direction,amount_yuan,amount_fen/);
    expect(lines[1]).toContain(',adjustment,in,12.34,1234,712.34,71234,"补偿, ""promo""",adjustment,');
    expect(lines.some((l) => l.includes(',withdrawal.posted,out,-300.00,-30000,'))).toBe(true);
    const filtered = await owner.get(`${F}/statement.csv?account=available&kind=adjustment`);
    expect(filtered.body.trim().split('\n')).toHaveLength(2);
    const adminView = (await admin.get(`${A}/merchants/${merchantId}`)).json<{
      balance: { available: number };
    }>();
    expect(adminView.balance.available).toBe(71_234);
  });

  it('admin tops up a reseller, audited; the reseller sees balance and statement', async () => {
    const user = await registeredMerchant(env, 'Shop R'); // any existing user can become a reseller
    expect((await user.agent.get('/api/reseller/balance')).statusCode).toBe(403);
    const created = await admin.post(`${A}/resellers`, { email: user.email, name: '分销商 R' });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await admin.post(`${A}/resellers`, { email: user.email, name: 'again' })).statusCode).toBe(409);
    const top = await admin.post(`${A}/resellers/${id}/top-ups`, { amount: 50_000, note: '线下转账 #88' });
    expect(top.json()).toMatchObject({ balance: { available: 50_000 } });
    const audit = (await admin.get('/api/admin/audit?action=reseller.topup')).json<{
      items: { data: object }[];
    }>();
    expect(audit.items[0]!.data).toMatchObject({ amount: 50_000, note: '线下转账 #88' });
    expect((await user.agent.get('/api/reseller/balance')).json()).toMatchObject({ available: 50_000 });
    const st = (await user.agent.get('/api/reseller/statement')).json<{ items: object[] }>();
    expect(st.items[0]).toMatchObject({
      kind: 'reseller.topup',
      memo: '线下转账 #88',
      direction: 'in',
      amount: 50_000,
    });
    expect((await owner.get('/api/reseller/balance')).statusCode).toBe(403);
  });
});
