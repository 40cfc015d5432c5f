import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/modules/accounts/create-user';
import { skus } from '../src/modules/catalog/schema';
import { financeSettlementItems } from '../src/modules/finance/schema';
import { cardKeys } from '../src/modules/inventory/schema';
import { getBalance } from '../src/modules/ledger/balances';
import { ledgerEntries, ledgerHolds } from '../src/modules/ledger/schema';
import { expireOrders } from '../src/modules/orders/expire-orders';
import { orderEvents } from '../src/modules/orders/schema';
import { acceptPayment } from '../src/modules/payments/accept-payment';
import { paymentAttempts } from '../src/modules/payments/schema';
import { getResellerBalance } from '../src/modules/resellers/reseller-dto';
import { Agent } from './agent';
import { PASSWORD, uniqueEmail } from './fixtures';
import { expectLedgerBalanced } from './ledger-assert';
import { activeShop, orderByNo, placeOrder, saleSku } from './orders-fixtures';
import { createPayWorld, eventually, setFaults, type PayWorld } from './payments-fixtures';

let w: PayWorld;
let shop: Awaited<ReturnType<typeof activeShop>>;
let sku: Awaited<ReturnType<typeof saleSku>>;

beforeAll(async () => {
  w = await createPayWorld();
  await setFaults(w, {});
  shop = await activeShop(w.env, w.admin);
  sku = await saleSku(shop, { keys: 40 }); // 1 000 fen a key
}, 60_000);
afterAll(async () => {
  if (w) await expectLedgerBalanced(w.env);
  await w?.close();
});

/** A signed-in user made a reseller by the admin, topped up with `balance` fen. */
async function reseller(balance: number) {
  const email = uniqueEmail('reseller');
  await createUser(w.env.ctx(), { email, password: PASSWORD, displayName: 'Reseller' });
  const agent = new Agent(w.env.app);
  expect((await agent.post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
  const created = await w.admin.post('/api/admin/finance/resellers', { email, name: 'R ' + email });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  if (balance > 0) {
    const top = await w.admin.post(`/api/admin/finance/resellers/${id}/top-ups`, {
      amount: balance,
      note: 'bank',
    });
    expect(top.statusCode, top.body).toBe(201);
  }
  return { agent, id, email };
}

/** An order placed through the storefront by `agent` (signed in: the order records the user). */
async function orderAs(agent: Agent, quantity = 1) {
  const res = await agent.post('/api/store/orders', {
    skuId: sku.skuId,
    quantity,
    contact: `b${randomUUID().slice(0, 8)}@example.com`,
    input: {},
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ orderNo: string; accessToken: string; total: number }>();
}

/** POST …/pay-balance as `agent`, with the Host of the listening server so notify URLs reach it. */
const payBalance = (agent: Agent, orderNo: string, body: Record<string, unknown>) =>
  agent.request('POST', `/api/store/orders/${orderNo}/pay-balance`, body, { host: new URL(w.base).host });

const available = async (resellerId: string) => getResellerBalance(w.env.db, resellerId);
const merchantPending = async () =>
  (await getBalance(w.env.db, { type: 'merchant_pending', ownerId: shop.merchantId })).posted;
const entryCount = async () =>
  (await w.env.db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries))[0]!.n;
const availableKeys = async () =>
  (
    await w.env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(cardKeys)
      .where(and(eq(cardKeys.skuId, sku.skuId), eq(cardKeys.status, 'available')))
  )[0]!.n;

describe('paying the whole order from a reseller balance', () => {
  it('debits the balance, credits the merchant (commission, no channel fee) and delivers at once', async () => {
    const r = await reseller(5000);
    const { orderNo, accessToken } = await orderAs(r.agent, 2);
    const pendingBefore = await merchantPending();
    const res = await payBalance(r.agent, orderNo, {
      accessToken,
      useBalance: 'all',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ paid: boolean; order: { status: string; delivery: { keys: string[] } } }>();
    expect(body.paid).toBe(true);
    expect(body.order.status).toBe('delivered');
    expect(body.order.delivery.keys).toHaveLength(2);
    expect(await available(r.id)).toMatchObject({ posted: 3000, pending: 0, available: 3000 });
    const order = await orderByNo(w.env, orderNo);
    expect(order.paymentChannelId).toBe('_balance');
    const [item] = await w.env.db
      .select()
      .from(financeSettlementItems)
      .where(eq(financeSettlementItems.orderId, order.id));
    expect(item).toMatchObject({ channelId: '_balance', grossAmount: 2000 });
    expect(await merchantPending()).toBe(pendingBefore + item!.netAmount);
    // Paid from the balance, refunded to the balance (not to a channel).
    const refund = await shop.agent.post(`/api/merchant/orders/${order.id}/refund`, {
      amount: 2000,
      reason: 'test',
      toChannel: false,
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect((await available(r.id)).available).toBe(5000);
  });

  it('refuses an insufficient balance with a typed error and writes nothing', async () => {
    const r = await reseller(500);
    const { orderNo, accessToken } = await orderAs(r.agent, 1);
    const entries = await entryCount();
    const en = new Agent(w.env.app, 'en');
    en.cookies = r.agent.cookies;
    en.csrf = r.agent.csrf;
    const res = await payBalance(en, orderNo, { accessToken, useBalance: 1000 });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'BALANCE_INSUFFICIENT',
      message: expect.stringMatching(/balance/i),
    });
    expect(await entryCount()).toBe(entries);
    const order = await orderByNo(w.env, orderNo);
    expect(order.status).toBe('pending_payment');
    expect(await available(r.id)).toMatchObject({ posted: 500, pending: 0 });
    // More than the order costs is a bad request, not a payment.
    const over = await payBalance(r.agent, orderNo, { accessToken, useBalance: 1001 });
    expect(over.statusCode).toBe(400);
  });

  it('pays once under a double click (two concurrent requests)', async () => {
    const r = await reseller(10_000);
    const { orderNo, accessToken } = await orderAs(r.agent, 1);
    const [a, b] = await Promise.all([
      payBalance(r.agent, orderNo, { accessToken, useBalance: 'all' }),
      payBalance(r.agent, orderNo, { accessToken, useBalance: 'all' }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(await available(r.id)).toMatchObject({ posted: 9000, available: 9000 });
    const order = await orderByNo(w.env, orderNo);
    const paid = await w.env.db
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.type, 'order.paid')));
    expect(paid).toHaveLength(1);
    // A third try on the paid order answers the same, and a cancel is refused.
    const again = await payBalance(r.agent, orderNo, { accessToken, useBalance: 'all' });
    expect(again.json()).toMatchObject({ paid: true, order: { status: 'delivered' } });
    expect(await available(r.id)).toMatchObject({ posted: 9000 });
  });

  it('two orders racing for one balance: one is paid, the other is refused, never overdrawn', async () => {
    const r = await reseller(1500);
    const a = await orderAs(r.agent, 1);
    const b = await orderAs(r.agent, 1);
    const res = await Promise.all([
      payBalance(r.agent, a.orderNo, { accessToken: a.accessToken, useBalance: 'all' }),
      payBalance(r.agent, b.orderNo, { accessToken: b.accessToken, useBalance: 'all' }),
    ]);
    expect(res.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(res.find((x) => x.statusCode === 409)!.json()).toMatchObject({ code: 'BALANCE_INSUFFICIENT' });
    expect(await available(r.id)).toMatchObject({ posted: 500, pending: 0, available: 500 });
    const statuses = [await statusOf(a.orderNo), await statusOf(b.orderNo)].sort();
    expect(statuses).toEqual(['delivered', 'pending_payment']);
  });

  it('only the signed-in user who placed the order may pay it from their balance', async () => {
    const owner = await reseller(5000);
    const other = await reseller(5000);
    const { orderNo, accessToken } = await orderAs(owner.agent, 1);
    // Only the buyer who placed it is offered the balance on the cashier.
    const view = (agent: Agent) =>
      agent.get(`/api/store/orders/${orderNo}?token=${encodeURIComponent(accessToken)}`);
    expect((await view(owner.agent)).json()).toMatchObject({ placedByViewer: true });
    expect((await view(other.agent)).json()).toMatchObject({ placedByViewer: false });
    const res = await payBalance(other.agent, orderNo, {
      accessToken,
      useBalance: 'all',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'BALANCE_NOT_ALLOWED' });
    // A guest's order cannot be paid from anyone's balance either.
    const guest = await placeOrder(w.env, { skuId: sku.skuId, quantity: 1 });
    const g = guest.json<{ orderNo: string; accessToken: string }>();
    const res2 = await payBalance(owner.agent, g.orderNo, {
      accessToken: g.accessToken,
      useBalance: 'all',
    });
    expect(res2.json()).toMatchObject({ code: 'BALANCE_NOT_ALLOWED' });
    // And a guest (no session) is asked to sign in.
    const anon = await w.env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${orderNo}/pay-balance`,
      payload: { accessToken, useBalance: 'all' },
    });
    expect(anon.statusCode).toBe(401);
    // A signed-in user without a reseller account is refused.
    const email = uniqueEmail('plain');
    await createUser(w.env.ctx(), { email, password: PASSWORD, displayName: 'Plain' });
    const plain = new Agent(w.env.app);
    await plain.post('/api/auth/login', { email, password: PASSWORD });
    const res3 = await payBalance(plain, orderNo, { accessToken, useBalance: 'all' });
    expect(res3.statusCode).toBe(403);
    expect((await orderByNo(w.env, orderNo)).status).toBe('pending_payment');
    expect((await available(owner.id)).available).toBe(5000);
    expect((await available(other.id)).available).toBe(5000);
  });
});

/** Starts a balance + online payment and returns the cashier URL and the attempt's trade. */
async function payMixed(agent: Agent, orderNo: string, accessToken: string, useBalance: number) {
  const res = await payBalance(agent, orderNo, { accessToken, useBalance });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json<{
    paid: false;
    balanceHeld: number;
    payment: { attemptId: string; action: { url: string } };
  }>();
  expect(body.paid).toBe(false);
  expect(body.balanceHeld).toBe(useBalance);
  const [attempt] = await w.env.db
    .select()
    .from(paymentAttempts)
    .where(eq(paymentAttempts.id, body.payment.attemptId));
  return { url: body.payment.action.url, attempt: attempt! };
}

const pressPay = async (url: string) =>
  expect((await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(303);

const statusOf = async (orderNo: string) => (await orderByNo(w.env, orderNo)).status;

describe('balance + online', () => {
  it('holds the balance part, charges the rest online and posts both when the notify arrives', async () => {
    const r = await reseller(3000);
    const { orderNo, accessToken } = await orderAs(r.agent, 2); // 2 000
    const { url, attempt } = await payMixed(r.agent, orderNo, accessToken, 500);
    expect(attempt.amount).toBe(1500);
    expect(await available(r.id)).toMatchObject({ posted: 3000, pending: 500, available: 2500 });
    // Strict amounts: the whole total (or anything but the online part) for this attempt is refused.
    for (const amount of [2000, 1499]) {
      const forged = await acceptPayment(
        w.env.ctx(),
        { channelId: 'sbx-1', tradeNo: attempt.tradeNo, providerTradeNo: attempt.providerTradeNo!, amount },
        { method: 'TEST', raw: {}, remoteIp: null },
      );
      expect(forged).toMatchObject({ verdict: 'rejected', reason: 'amount_mismatch' });
    }
    const cashBefore = (await getBalance(w.env.db, { type: 'platform_cash', ownerId: 'sbx-1' })).posted;
    await pressPay(url);
    await eventually(async () => (await statusOf(orderNo)) === 'delivered');
    expect(await available(r.id)).toMatchObject({ posted: 2500, pending: 0, available: 2500 });
    const cashAfter = (await getBalance(w.env.db, { type: 'platform_cash', ownerId: 'sbx-1' })).posted;
    expect(cashAfter - cashBefore).toBeLessThanOrEqual(1500); // the online part, less any channel fee
    const order = await orderByNo(w.env, orderNo);
    const [item] = await w.env.db
      .select()
      .from(financeSettlementItems)
      .where(eq(financeSettlementItems.orderId, order.id));
    expect(item).toMatchObject({ channelId: 'sbx-1', grossAmount: 2000 });
    const holds = await w.env.db.select().from(ledgerHolds).where(eq(ledgerHolds.referenceId, order.id));
    expect(holds.map((h) => h.status)).toEqual(['posted']);
  });

  it('a new attempt replaces the old one’s hold; the balance is never held twice', async () => {
    const r = await reseller(1000);
    const { orderNo, accessToken } = await orderAs(r.agent, 1);
    await payMixed(r.agent, orderNo, accessToken, 400);
    expect(await available(r.id)).toMatchObject({ pending: 400, available: 600 });
    // 900 > 600 free, but the 400 the first attempt holds is released for the second.
    await payMixed(r.agent, orderNo, accessToken, 900);
    expect(await available(r.id)).toMatchObject({ pending: 900, available: 100 });
    const cancel = await w.env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${orderNo}/cancel`,
      payload: { accessToken },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await available(r.id)).toMatchObject({ pending: 0, available: 1000 });
  });

  it('expiry releases the hold; the online part paid late takes the balance again and delivers', async () => {
    const r = await reseller(3000);
    const { orderNo, accessToken } = await orderAs(r.agent, 1);
    const { url } = await payMixed(r.agent, orderNo, accessToken, 300);
    expect((await available(r.id)).pending).toBe(300);
    await expireOrders(w.env.ctx(), new Date(Date.now() + 3600_000));
    expect(await statusOf(orderNo)).toBe('expired');
    expect(await available(r.id)).toMatchObject({ posted: 3000, pending: 0, available: 3000 });
    await pressPay(url);
    await eventually(async () => (await statusOf(orderNo)) === 'delivered');
    expect(await available(r.id)).toMatchObject({ posted: 2700, pending: 0 });
  });

  it('paid late when the balance is gone: the online part is booked and a person decides (balance_short)', async () => {
    const r = await reseller(1300);
    const first = await orderAs(r.agent, 1);
    const { url } = await payMixed(r.agent, first.orderNo, first.accessToken, 300);
    await expireOrders(w.env.ctx(), new Date(Date.now() + 3600_000));
    // The released balance is spent on another order before the late notify arrives.
    const second = await orderAs(r.agent, 1);
    const paid = await payBalance(r.agent, second.orderNo, {
      accessToken: second.accessToken,
      useBalance: 'all',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect((await available(r.id)).available).toBe(300);
    // … and the rest is held by a third order's online attempt.
    const third = await orderAs(r.agent, 1);
    await payMixed(r.agent, third.orderNo, third.accessToken, 300);
    expect((await available(r.id)).available).toBe(0);
    await pressPay(url);
    await eventually(async () => (await statusOf(first.orderNo)) === 'manual');
    const order = await orderByNo(w.env, first.orderNo);
    expect(order.manualReason).toBe('balance_short');
    const [item] = await w.env.db
      .select()
      .from(financeSettlementItems)
      .where(eq(financeSettlementItems.orderId, order.id));
    expect(item!.grossAmount).toBe(700);
    expect(await available(r.id)).toMatchObject({ posted: 300, pending: 300 });
  });
});

describe('cancelling an unpaid order', () => {
  it('releases the keys, and refuses a second cancel, a paid order and a wrong token', async () => {
    const before = await availableKeys();
    const created = await placeOrder(w.env, { skuId: sku.skuId, quantity: 3 });
    const { orderNo, accessToken } = created.json<{ orderNo: string; accessToken: string }>();
    expect(await availableKeys()).toBe(before - 3);
    const cancel = (token: string) =>
      w.env.app.inject({
        method: 'POST',
        url: `/api/store/orders/${orderNo}/cancel`,
        payload: { accessToken: token },
      });
    expect((await cancel('z'.repeat(32))).statusCode).toBe(404);
    const res = await cancel(accessToken);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', delivery: null });
    expect(await availableKeys()).toBe(before);
    const again = await cancel(accessToken);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ORDER_STATE' });

    const r = await reseller(2000);
    const o = await orderAs(r.agent, 1);
    await payBalance(r.agent, o.orderNo, {
      accessToken: o.accessToken,
      useBalance: 'all',
    });
    const paid = await w.env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${o.orderNo}/cancel`,
      payload: { accessToken: o.accessToken },
    });
    expect(paid.statusCode).toBe(409);
    expect(paid.json()).toMatchObject({ code: 'ORDER_STATE' });
  });

  it('restores a manual SKU’s virtual stock cap', async () => {
    const manual = await saleSku(shop, { sku: { deliveryMode: 'manual', manualStockCap: 3 } });
    const cap = async () =>
      (await w.env.db.select({ c: skus.manualStockCap }).from(skus).where(eq(skus.id, manual.skuId)))[0]!.c;
    const created = await placeOrder(w.env, { skuId: manual.skuId, quantity: 2 });
    const { orderNo, accessToken } = created.json<{ orderNo: string; accessToken: string }>();
    expect(await cap()).toBe(1);
    const res = await w.env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${orderNo}/cancel`,
      payload: { accessToken },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await cap()).toBe(3);
  });

  it('a payment arriving after the cancel is honoured as paid late', async () => {
    const created = await placeOrder(w.env, { skuId: sku.skuId, quantity: 1 });
    const { orderNo, accessToken } = created.json<{ orderNo: string; accessToken: string }>();
    const pay = await w.env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${orderNo}/pay`,
      headers: { host: new URL(w.base).host },
      payload: { accessToken },
    });
    expect(pay.statusCode, pay.body).toBe(200);
    const { action } = pay.json<{ action: { url: string } }>();
    const res = await w.env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${orderNo}/cancel`,
      payload: { accessToken },
    });
    expect(res.statusCode).toBe(200);
    await pressPay(action.url);
    await eventually(async () => (await statusOf(orderNo)) === 'delivered');
  });
});
