import type { PaymentAnomaly } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog } from '../src/modules/audit/schema';
import { ledgerAccounts, ledgerEntries } from '../src/modules/ledger/schema';
import { refundDuplicateJob } from '../src/modules/payments/jobs/refund-duplicate-job';
import { refundDuplicatePayment } from '../src/modules/payments/refund-duplicate-payment';
import { sandboxProvider } from '../src/modules/payments/sandbox/sandbox-provider';
import { sandboxTrades } from '../src/modules/payments/sandbox/schema';
import { paymentAttempts } from '../src/modules/payments/schema';
import { expectLedgerBalanced } from './ledger-assert';
import { activeShop, orderByNo, placeOrder, saleSku } from './orders-fixtures';
import {
  SANDBOX_CREDS,
  createPayWorld,
  eventually,
  insertOrder,
  notifiesOf,
  orderState,
  pressCashier,
  setFaults,
  startSandbox,
  type PayWorld,
} from './payments-fixtures';

let w: PayWorld;
beforeAll(async () => {
  w = await createPayWorld();
  await setFaults(w, {});
}, 60_000);
afterAll(async () => {
  if (w) await expectLedgerBalanced(w.env);
  await w?.close();
});

const attemptOf = async (id: string) => {
  const [a] = await w.env.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, id));
  return a!;
};
const tradeOf = async (tradeNo: string) => {
  const [t] = await w.env.db.select().from(sandboxTrades).where(eq(sandboxTrades.tradeNo, tradeNo));
  return t!;
};
/** buyer_refunds_payable (CNY): what the platform still owes buyers. */
const payable = async () => {
  const [a] = await w.env.db
    .select()
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.code, 'buyer_refunds_payable:CNY'));
  return a ? a.creditsPosted - a.debitsPosted : 0;
};
const entry = async (key: string) => {
  const [e] = await w.env.db.select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, key));
  return e;
};
/** The anomaly of a duplicate attempt, as the admin API shows it. */
const anomalyOf = async (attemptId: string) => {
  const res = await w.admin.get('/api/admin/payments/anomalies');
  expect(res.statusCode, res.body).toBe(200);
  const items = res.json<{ items: PaymentAnomaly[] }>().items;
  return items.find((i) => i.type === 'paid_twice' && i.attemptId === attemptId);
};

/** Starts a payment of a store order through POST /pay and returns its attempt. */
async function startStorePay(orderNo: string, accessToken: string) {
  const res = await fetch(`${w.base}/api/store/orders/${orderNo}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessToken }),
  });
  expect(res.status).toBe(200);
  const { attemptId, action } = (await res.json()) as { attemptId: string; action: { url: string } };
  return { attempt: await attemptOf(attemptId), url: action.url };
}

describe('an order paid by two sandbox trades', () => {
  it('delivers once; the second trade is booked, refunded at the gateway and the books close', async () => {
    const shop = await activeShop(w.env, w.admin);
    const sku = await saleSku(shop, { keys: 2 });
    const created = await placeOrder(w.env, { skuId: sku.skuId, quantity: 1 });
    expect(created.statusCode, created.body).toBe(201);
    const { orderNo, accessToken } = created.json<{ orderNo: string; accessToken: string }>();
    // The buyer opens the cashier twice (two tabs) and pays in both.
    const first = await startStorePay(orderNo, accessToken);
    const second = await startStorePay(orderNo, accessToken);
    expect(second.attempt.providerTradeNo).not.toBe(first.attempt.providerTradeNo);
    const order = await orderByNo(w.env, orderNo);

    await pressCashier(w, first.url, 'pay');
    await eventually(async () => (await orderState(w, order.id)).status === 'delivered');
    await pressCashier(w, second.url, 'pay');
    const done = await eventually(async () => {
      const a = await attemptOf(second.attempt.id);
      return a.duplicateRefund === 'refunded' && a;
    });

    // Delivered once; the second notify was accepted as "paid twice".
    const s = await orderState(w, order.id);
    expect(s).toEqual({ status: 'delivered', paidEvents: 1 });
    const notifies = await notifiesOf(w, { orderId: order.id });
    expect(notifies.filter((n) => n.reason === 'order_already_paid')).toHaveLength(1);
    // Refunded at the gateway: the second trade in full, the first untouched; asked once.
    expect(done.duplicateRefundTries).toBe(1);
    expect(done.duplicateRefundRef).toMatch(/^SBR/);
    expect((await tradeOf(second.attempt.providerTradeNo!)).refunded).toBe(order.total);
    expect((await tradeOf(first.attempt.providerTradeNo!)).refunded).toBe(0);
    // Booked in and out; nothing left owed to the buyer.
    expect(await entry(`payment:${second.attempt.id}:duplicate`)).toMatchObject({
      kind: 'payment.duplicate',
    });
    expect(await entry(`payment:${second.attempt.id}:duplicate_refund`)).toMatchObject({
      kind: 'payment.duplicate_refund',
    });
    expect(await payable()).toBe(0);
    // The anomaly view shows the order number and the refund state.
    expect(await anomalyOf(second.attempt.id)).toMatchObject({
      orderNo,
      duplicateRefund: { status: 'refunded', amount: order.total },
    });

    // The job running again (twice) does nothing: the channel is not asked again.
    const refund = vi.spyOn(sandboxProvider, 'refund');
    await refundDuplicateJob.handler(w.env.ctx(), { attemptId: second.attempt.id });
    await refundDuplicateJob.handler(w.env.ctx(), { attemptId: second.attempt.id });
    expect(refund).not.toHaveBeenCalled();
    refund.mockRestore();
    expect((await tradeOf(second.attempt.providerTradeNo!)).refunded).toBe(order.total);
    expect((await attemptOf(second.attempt.id)).duplicateRefundTries).toBe(1);

    // The merchant's refund of the order goes to the trade that paid it, not the duplicate.
    const res = await shop.agent.post(`/api/merchant/orders/${order.id}/refund`, {
      amount: order.total,
      reason: 'buyer asked',
      toChannel: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await tradeOf(first.attempt.providerTradeNo!)).refunded).toBe(order.total);
    expect(await payable()).toBe(0);
    await expectLedgerBalanced(w.env);
  });

  it('concurrent runs of the job ask the channel once', async () => {
    const orderId = await insertOrder(w, 2500);
    const a = await startSandbox(w, orderId);
    const b = await startSandbox(w, orderId);
    await pressCashier(w, String(a.action.url), 'pay');
    await eventually(async () => (await orderState(w, orderId)).status !== 'pending_payment');
    const refund = vi.spyOn(sandboxProvider, 'refund');
    await pressCashier(w, String(b.action.url), 'pay');
    await eventually(async () => (await attemptOf(b.attemptId)).duplicateRefund !== null);
    // Race the worker's run with five more.
    const runs = await Promise.allSettled(
      Array.from({ length: 5 }, () => refundDuplicatePayment(w.env.ctx(), b.attemptId)),
    );
    for (const r of runs) {
      if (r.status === 'rejected') expect(String(r.reason)).toContain('in progress');
    }
    await eventually(async () => (await attemptOf(b.attemptId)).duplicateRefund === 'refunded');
    expect(refund).toHaveBeenCalledTimes(1);
    refund.mockRestore();
    expect((await tradeOf(b.providerTradeNo)).refunded).toBe(2500);
    expect((await attemptOf(b.attemptId)).duplicateRefundTries).toBe(1);
    expect(await payable()).toBe(0);
  });

  it('a claim whose outcome is unknown (process died mid-refund) is left to a person, never asked twice', async () => {
    const orderId = await insertOrder(w, 700);
    const a = await startSandbox(w, orderId);
    const b = await startSandbox(w, orderId);
    await pressCashier(w, String(a.action.url), 'pay');
    await eventually(async () => (await orderState(w, orderId)).status !== 'pending_payment');
    // Pretend a run claimed the refund an hour ago and died before booking the answer.
    const refund = vi.spyOn(sandboxProvider, 'refund').mockRejectedValue(new Error('must not be called'));
    await pressCashier(w, String(b.action.url), 'pay');
    // Wait for the worker's first run to fail and give the claim back.
    await eventually(async () => {
      const x = await attemptOf(b.attemptId);
      return x.duplicateRefund === 'pending' && x.duplicateRefundTries === 1;
    });
    refund.mockClear();
    // While a run is asking the channel, nobody may record a refund by hand.
    await w.env.db
      .update(paymentAttempts)
      .set({ duplicateRefund: 'refunding', duplicateRefundAt: new Date() })
      .where(eq(paymentAttempts.id, b.attemptId));
    const busy = await w.admin.post(`/api/admin/payments/attempts/${b.attemptId}/refunded-offline`, {
      note: 'too early',
    });
    expect(busy.statusCode).toBe(409);
    expect((await anomalyOf(b.attemptId))?.duplicateRefund).toMatchObject({
      status: 'refunding',
      canMarkOffline: false,
    });
    await w.env.db
      .update(paymentAttempts)
      .set({ duplicateRefund: 'refunding', duplicateRefundAt: new Date(Date.now() - 3_600_000) })
      .where(eq(paymentAttempts.id, b.attemptId));
    expect(await refundDuplicatePayment(w.env.ctx(), b.attemptId)).toBe('manual');
    expect(refund).not.toHaveBeenCalled();
    refund.mockRestore();
    expect((await attemptOf(b.attemptId)).duplicateRefundError).toMatch(/unknown/);
    const res = await w.admin.post(`/api/admin/payments/attempts/${b.attemptId}/refunded-offline`, {
      note: 'checked at the gateway: not refunded; paid back by bank transfer',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await payable()).toBe(0);
  });
});

describe('a channel whose refund fails', () => {
  it('flags the attempt "refund by hand"; the admin marks it refunded offline, booked and audited', async () => {
    const created = await w.admin.post('/api/admin/payments/channels', {
      id: 'sbx-norefund',
      name: 'Sandbox (refund down)',
      provider: 'sandbox',
      method: 'sandbox_nr',
      credentials: SANDBOX_CREDS,
      settings: { gatewayUrl: `${w.base}/sandbox-gateway` },
    });
    expect(created.statusCode, created.body).toBe(201);
    const orderId = await insertOrder(w, 1999);
    const a = await startSandbox(w, orderId, 'sbx-norefund');
    const b = await startSandbox(w, orderId, 'sbx-norefund');
    await pressCashier(w, String(a.action.url), 'pay');
    await eventually(async () => (await orderState(w, orderId)).status !== 'pending_payment');
    // The gateway's refund API becomes unreachable for this channel (payments already made still notify).
    const down = await w.admin.patch('/api/admin/payments/channels/sbx-norefund', {
      settings: { gatewayUrl: 'http://127.0.0.1:9/sandbox-gateway' },
    });
    expect(down.statusCode, down.body).toBe(200);
    await pressCashier(w, String(b.action.url), 'pay');
    await eventually(async () => (await attemptOf(b.attemptId)).duplicateRefund !== null);
    expect(await payable()).toBe(1999);

    // Retried (the worker backs off; the test drives the remaining tries) until a person is asked.
    await eventually(async () => {
      await refundDuplicatePayment(w.env.ctx(), b.attemptId).catch(() => undefined);
      return (await attemptOf(b.attemptId)).duplicateRefund === 'manual';
    }, 30_000);
    const flagged = await attemptOf(b.attemptId);
    expect(flagged.duplicateRefundTries).toBe(10);
    expect(flagged.duplicateRefundError).toBeTruthy();
    expect((await tradeOf(b.providerTradeNo)).refunded).toBe(0);
    expect(await anomalyOf(b.attemptId)).toMatchObject({
      duplicateRefund: { status: 'manual', amount: 1999 },
    });
    expect(await refundDuplicatePayment(w.env.ctx(), b.attemptId)).toBe('skipped');

    const note = 'paid back by bank transfer, ref 20261123-1';
    const res = await w.admin.post(`/api/admin/payments/attempts/${b.attemptId}/refunded-offline`, { note });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'refunded_offline', amount: 1999, ref: note });
    const again = await w.admin.post(`/api/admin/payments/attempts/${b.attemptId}/refunded-offline`, {
      note,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE_REFUND_STATE' });
    const notDuplicate = await w.admin.post(`/api/admin/payments/attempts/${a.attemptId}/refunded-offline`, {
      note,
    });
    expect(notDuplicate.statusCode).toBe(404);

    expect(await entry(`payment:${b.attemptId}:duplicate_refund`)).toMatchObject({
      kind: 'payment.duplicate_refund',
    });
    expect(await payable()).toBe(0);
    expect((await anomalyOf(b.attemptId))?.duplicateRefund?.status).toBe('refunded_offline');
    const audit = await w.env.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'payments.duplicate.refunded_offline'), eq(auditLog.targetId, b.attemptId)),
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ orderId, channelId: 'sbx-norefund', amount: 1999, note });
    await expectLedgerBalanced(w.env);
  });
});
