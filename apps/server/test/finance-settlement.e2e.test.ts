import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOrderPayment } from '../src/modules/finance/record-order-payment';
import { recordOrderRefund } from '../src/modules/finance/record-order-refund';
import { holdSettlement, releaseSettlement } from '../src/modules/finance/hold-settlement';
import { settleDue } from '../src/modules/finance/settle-due';
import { getMerchantBalance } from '../src/modules/finance/merchant-balance';
import { putSetting } from '../src/modules/settings/settings';
import {
  financeFeeSchedules,
  financeMerchantTerms,
  financeSettlementItems,
} from '../src/modules/finance/schema';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant } from './fixtures';
import { expectLedgerBalanced } from './ledger-assert';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  // 0.6 % + ¥0.10 borne by the merchant on 'alipay'; the platform bears 'wxpay' fees.
  await env.db.insert(financeFeeSchedules).values([
    { channelId: 'alipay', name: 'Alipay', rateBps: 60, fixedFen: 10, bearer: 'merchant' },
    { channelId: 'wxpay', name: 'WeChat', rateBps: 60, fixedFen: 0, bearer: 'platform' },
  ]);
});
afterAll(async () => {
  await expectLedgerBalanced(env);
  await env.close();
});

async function merchantWithTerms(settlementDays: 0 | 1 | 3 | 7, commissionBps = 500) {
  const { merchantId } = await registeredMerchant(env);
  await env.db.insert(financeMerchantTerms).values({ merchantId, settlementDays, commissionBps });
  return merchantId;
}

const pay = (merchantId: string, paidAt: string, amount = 10_000, channelId = 'wxpay') =>
  recordOrderPayment(env.ctx(), {
    orderId: randomUUID(),
    merchantId,
    channelId,
    amount,
    paidAt: new Date(paidAt),
  });

describe('settlement dates', () => {
  it('T+1 at 23:30 Shanghai on Jan 31 (15:30 UTC) is due Feb 1', async () => {
    const m = await merchantWithTerms(1);
    expect((await pay(m, '2026-01-31T15:30:00Z')).dueOn).toBe('2026-02-01');
  });
  it('T+3 over the end of February', async () => {
    const m = await merchantWithTerms(3);
    expect((await pay(m, '2026-02-27T02:00:00Z')).dueOn).toBe('2026-03-02');
    expect((await pay(m, '2028-02-27T02:00:00Z')).dueOn).toBe('2028-03-01');
  });
  it('a payment after UTC midnight-crossing: 00:30 Shanghai is the previous UTC day', async () => {
    const m = await merchantWithTerms(0);
    expect((await pay(m, '2026-02-28T16:30:00Z')).dueOn).toBe('2026-03-01');
  });
  it('follows the configured platform time zone and defaults T+1 without own terms', async () => {
    const { merchantId } = await registeredMerchant(env);
    await putSetting(env.db, 'finance', { timezone: 'UTC' });
    try {
      expect((await pay(merchantId, '2026-02-28T16:30:00Z')).dueOn).toBe('2026-03-01');
      expect((await pay(merchantId, '2026-02-28T23:59:59Z')).dueOn).toBe('2026-03-01');
      await putSetting(env.db, 'finance', { timezone: 'America/Los_Angeles' });
      expect((await pay(merchantId, '2026-03-01T07:00:00Z')).dueOn).toBe('2026-03-01');
    } finally {
      await putSetting(env.db, 'finance', {});
    }
  });
});

describe('settling', () => {
  it('moves the net from pending to available on the due date, once, even when run twice or concurrently', async () => {
    const m = await merchantWithTerms(1, 500);
    const item = await pay(m, '2030-05-10T04:00:00Z', 10_000, 'alipay');
    // net = 10000 − 500 commission − (60 + 10) merchant-borne channel fee
    expect(item.amount).toBe(9_430);
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ pending: 9_430, available: 0 });
    await settleDue(env.ctx(), new Date('2030-05-10T15:59:00Z')); // still May 10 in Shanghai
    expect((await getMerchantBalance(env.db, m)).available).toBe(0);
    const results = await Promise.all([
      settleDue(env.ctx(), new Date('2030-05-10T16:00:00Z')),
      settleDue(env.ctx(), new Date('2030-05-10T16:00:00Z')),
    ]);
    expect(results.reduce((a, r) => a + r.settled, 0)).toBeGreaterThanOrEqual(1);
    await settleDue(env.ctx(), new Date('2030-05-12T00:00:00Z'));
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ pending: 0, available: 9_430 });
    const [row] = await env.db
      .select()
      .from(financeSettlementItems)
      .where(eq(financeSettlementItems.orderId, item.orderId));
    expect(row!.status).toBe('settled');
    expect(row!.settledEntryId).toBeTruthy();
  });

  it('is idempotent for a repeated payment record', async () => {
    const m = await merchantWithTerms(1);
    const orderId = randomUUID();
    const p = {
      orderId,
      merchantId: m,
      channelId: 'wxpay',
      amount: 5_000,
      paidAt: new Date('2030-01-01T00:00:00Z'),
    };
    const a = await recordOrderPayment(env.ctx(), p);
    const b = await recordOrderPayment(env.ctx(), p);
    expect(b).toEqual(a);
    expect((await getMerchantBalance(env.db, m)).pending).toBe(4_750);
  });

  it('skips held items until released', async () => {
    const m = await merchantWithTerms(0);
    const item = await pay(m, '2030-06-01T04:00:00Z');
    await holdSettlement(env.ctx(), item.orderId, 'dispute opened');
    await settleDue(env.ctx(), new Date('2030-06-03T00:00:00Z'));
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ pending: 9_500, available: 0 });
    await expect(holdSettlement(env.ctx(), item.orderId, 'again')).rejects.toThrow('CONFLICT');
    await releaseSettlement(env.ctx(), item.orderId, 'dispute closed');
    await settleDue(env.ctx(), new Date('2030-06-03T00:00:00Z'));
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ pending: 0, available: 9_500 });
  });
});

describe('refunds', () => {
  it('before settlement: a partial refund shrinks the item, a full one reverses it, nothing settles', async () => {
    const m = await merchantWithTerms(1, 500);
    const item = await pay(m, '2030-07-01T04:00:00Z', 10_000);
    const after = await recordOrderRefund(env.ctx(), {
      orderId: item.orderId,
      refundId: 'r1',
      amount: 4_000,
    });
    // merchant returns 4000 − 200 proportional commission
    expect(after.amount).toBe(9_500 - 3_800);
    expect(after.status).toBe('scheduled');
    // a retried refund changes nothing
    expect(
      await recordOrderRefund(env.ctx(), { orderId: item.orderId, refundId: 'r1', amount: 4_000 }),
    ).toEqual(after);
    const reversed = await recordOrderRefund(env.ctx(), {
      orderId: item.orderId,
      refundId: 'r2',
      amount: 6_000,
    });
    expect(reversed).toMatchObject({ amount: 0, status: 'reversed' });
    await settleDue(env.ctx(), new Date('2030-07-05T00:00:00Z'));
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ pending: 0, available: 0, receivable: 0 });
    await expect(
      recordOrderRefund(env.ctx(), { orderId: item.orderId, refundId: 'r3', amount: 1 }),
    ).rejects.toThrow('LEDGER_INVALID_AMOUNT');
  });

  it('a full refund of an order whose channel fee the merchant bore settles the rest early and leaves a receivable', async () => {
    const m = await merchantWithTerms(1, 500);
    const item = await pay(m, '2030-07-01T04:00:00Z', 10_000, 'alipay'); // net 9430
    const out = await recordOrderRefund(env.ctx(), {
      orderId: item.orderId,
      refundId: 'full',
      amount: 10_000,
    });
    expect(out.status).toBe('reversed');
    // the merchant owes the 70 fen channel fee the channel kept
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ pending: 0, available: 0, receivable: 70 });
  });

  it('after settlement: from available, the shortfall becomes receivable, offset by the next settlement', async () => {
    const m = await merchantWithTerms(0, 0);
    const first = await pay(m, '2030-08-01T04:00:00Z', 10_000);
    await settleDue(env.ctx(), new Date('2030-08-02T00:00:00Z'));
    expect((await getMerchantBalance(env.db, m)).available).toBe(10_000);
    await recordOrderRefund(env.ctx(), { orderId: first.orderId, refundId: 'a', amount: 3_000 });
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ available: 7_000, receivable: 0 });
    // the merchant spends available elsewhere (an adjustment), then a refund exceeds it
    const { adjustMerchantBalance } = await import('../src/modules/finance/adjust-merchant-balance');
    const admin = {
      ...env.ctx(),
      actor: {
        kind: 'user',
        userId: randomUUID(),
        email: 'a@x',
        isPlatformAdmin: true,
        membership: null,
      } as const,
    };
    await adjustMerchantBalance(admin, {
      merchantId: m,
      account: 'available',
      direction: 'debit',
      amount: 6_000,
      reason: 'test debit',
    });
    const refunded = await recordOrderRefund(env.ctx(), {
      orderId: first.orderId,
      refundId: 'b',
      amount: 7_000,
    });
    expect(refunded.status).toBe('reversed');
    // 1000 left in available pays part; 6000 is owed
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ available: 0, receivable: 6_000 });
    await pay(m, '2030-08-03T04:00:00Z', 5_000);
    await settleDue(env.ctx(), new Date('2030-08-04T00:00:00Z'));
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ available: 0, receivable: 1_000 });
    await pay(m, '2030-08-05T04:00:00Z', 3_000);
    await settleDue(env.ctx(), new Date('2030-08-06T00:00:00Z'));
    expect(await getMerchantBalance(env.db, m)).toMatchObject({ available: 2_000, receivable: 0 });
  });
});
