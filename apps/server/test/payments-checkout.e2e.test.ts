import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../src/lib/app-error';
import { refundPayment } from '../src/modules/payments/refund-payment';
import { sandboxTrades } from '../src/modules/payments/sandbox/schema';
import { startPayment } from '../src/modules/payments/start-payment';
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
}, 60_000);
afterAll(async () => {
  await w?.close();
});

interface View {
  status: string;
  delivery: { keys: string[] } | null;
}

/** Creates an order through the storefront and starts paying it on the sandbox. */
async function checkout(skuId: string, quantity = 2) {
  const created = await placeOrder(w.env, { skuId, quantity });
  expect(created.statusCode, created.body).toBe(201);
  const { orderNo, accessToken } = created.json<{ orderNo: string; accessToken: string }>();
  // Over real HTTP: the notify URL is built on the base URL the request came from.
  const pay = await fetch(`${w.base}/api/store/orders/${orderNo}/pay`, {
    method: 'POST',
    headers: { 'user-agent': 'Mozilla/5.0 (iPhone; Mobile)', 'content-type': 'application/json' },
    body: JSON.stringify({ accessToken }),
  });
  const text = await pay.text();
  expect(pay.status, text).toBe(200);
  const action = (JSON.parse(text) as { action: { type: string; url: string } }).action;
  return { orderNo, accessToken, action };
}

describe('checkout through the sandbox gateway, end to end', () => {
  let shop: Awaited<ReturnType<typeof activeShop>>;
  let sku: Awaited<ReturnType<typeof saleSku>>;
  beforeAll(async () => {
    shop = await activeShop(w.env, w.admin);
    sku = await saleSku(shop, { keys: 6 });
  });

  it('order → cashier (zh page, Pay) → asynchronous notify → keys delivered, once', async () => {
    await setFaults(w, {});
    const { orderNo, accessToken, action } = await checkout(sku.skuId);
    expect(action.type).toBe('redirect');
    const page = await fetch(action.url, { headers: { 'accept-language': 'zh-CN' } });
    const html = await page.text();
    expect(html).toContain('沙盒收银台');
    expect(html).toContain('¥20.00');
    const pressed = await fetch(`${action.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get('location')).toContain(`/orders/${orderNo}`);
    const view = await eventually(async () => {
      const r = await w.env.app.inject({
        method: 'GET',
        url: `/api/store/orders/${orderNo}?token=${encodeURIComponent(accessToken)}`,
      });
      const v = r.json<View>();
      return v.status === 'delivered' && v;
    });
    expect(view.delivery?.keys).toHaveLength(2);
    for (const k of view.delivery!.keys) expect(sku.lines).toContain(k);
    const order = await orderByNo(w.env, orderNo);
    expect((await orderState(w, order.id)).paidEvents).toBe(1);
    // Pressing Pay again does nothing: the trade is final.
    expect((await fetch(`${action.url}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(409);
  });

  it('the buyer coming back heals a lost notify at once (active query on return)', async () => {
    await setFaults(w, { drop: true });
    const { orderNo, accessToken, action } = await checkout(sku.skuId, 1);
    await fetch(`${action.url}/pay`, { method: 'POST', redirect: 'manual' });
    const back = await w.env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${orderNo}/return`,
      payload: { token: accessToken },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json<View>().status).toBe('delivered');
    const order = await orderByNo(w.env, orderNo);
    const rows = await notifiesOf(w, { orderId: order.id });
    expect(rows.map((r) => r.reason)).toEqual(['healed_by_query']);
  });

  it('refunds through the sandbox gateway, bounded by what was paid', async () => {
    await setFaults(w, { drop: true });
    const { orderNo, action } = await checkout(sku.skuId, 1);
    await fetch(`${action.url}/pay`, { method: 'POST', redirect: 'manual' });
    const order = await orderByNo(w.env, orderNo);
    await eventually(async () => {
      await w.env.app.inject({
        method: 'POST',
        url: `/api/store/orders/${orderNo}/return`,
        payload: { token: 'x'.repeat(43) },
      });
      const { queryOrderPayment } = await import('../src/modules/payments/query-payment');
      return queryOrderPayment(w.env.ctx(), order.id);
    });
    const r = await refundPayment(w.env.ctx(), {
      orderId: order.id,
      amount: 400,
      reason: 'test',
      refundedBefore: 0,
    });
    expect(r).toEqual({ refunded: true, offline: false });
    const tradeNo = new URL(action.url).pathname.split('/').at(-1)!;
    const [trade] = await w.env.db.select().from(sandboxTrades).where(eq(sandboxTrades.tradeNo, tradeNo));
    expect(trade!.refunded).toBe(400);
    // 400 + 700 > 1000 paid: the channel refuses.
    await expect(
      refundPayment(w.env.ctx(), { orderId: order.id, amount: 700, reason: 'x', refundedBefore: 400 }),
    ).rejects.toSatisfy((e) => isAppError(e, 'REFUND_FAILED'));
    // An order with no channel payment is refunded offline.
    expect(
      await refundPayment(w.env.ctx(), {
        orderId: await insertOrder(w),
        amount: 1,
        reason: 'x',
        refundedBefore: 0,
      }),
    ).toEqual({
      refunded: true,
      offline: true,
    });
  });
});

describe('admin: channels, failover, pause, test, logs', () => {
  it('never returns credentials; tests a channel; fails over to the next channel; pause/resume', async () => {
    const list = await w.admin.get('/api/admin/payments/channels');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(SANDBOX_CREDS.key);
    expect(list.body).not.toContain(SANDBOX_CREDS.mchId);

    const test = await w.admin.post('/api/admin/payments/channels/sbx-1/test');
    expect(test.json<{ ok: boolean; providerTradeNo: string }>().ok).toBe(true);

    // A higher-priority channel whose gateway is down (connection refused): creating fails, sbx-1 takes over.
    const bad = await w.admin.post('/api/admin/payments/channels', {
      id: 'sbx-bad',
      name: 'Broken',
      provider: 'sandbox',
      method: 'sandbox',
      priority: 10,
      credentials: { mchId: 'M-DOWN', key: 'k' },
      settings: { gatewayUrl: 'http://127.0.0.1:9/sandbox-gateway' },
    });
    expect(bad.statusCode).toBe(201);
    const badTest = await w.admin.post('/api/admin/payments/channels/sbx-bad/test');
    expect(badTest.json<{ ok: boolean; error: string }>()).toMatchObject({ ok: false });
    const orderId = await insertOrder(w);
    const started = await startSandbox(w, orderId);
    expect(started.channelId).toBe('sbx-1');

    // Paused channels take no new payments; resumed ones do.
    expect(
      (await w.admin.post('/api/admin/payments/channels/sbx-1/pause')).json<{ enabled: boolean }>().enabled,
    ).toBe(false);
    await expect(
      startPayment(w.env.ctx(), {
        orderId: await insertOrder(w),
        channelId: 'sbx-1',
        returnUrl: w.base,
        clientIp: '127.0.0.1',
        device: 'pc',
        baseUrl: w.base,
      }),
    ).rejects.toSatisfy((e) => isAppError(e, 'PAYMENT_CHANNEL_UNAVAILABLE'));
    // …but the money of a payment started before the pause is still taken when its notify comes.
    await setFaults(w, {}); // earlier tests may have left the gateway dropping notifies
    await pressCashier(w, (started.action as { url: string }).url, 'pay');
    await eventually(async () => (await orderState(w, orderId)).status !== 'pending_payment');
    expect((await orderState(w, orderId)).paidEvents).toBe(1);
    expect((await notifiesOf(w, { orderId })).map((n) => n.verdict)).toContain('accepted');
    expect((await w.admin.post('/api/admin/payments/channels/sbx-1/resume')).statusCode).toBe(200);
    await w.admin.post('/api/admin/payments/channels/sbx-bad/pause');

    const notifies = await w.admin.get('/api/admin/payments/notifies?channelId=sbx-1&verdict=accepted');
    expect(notifies.statusCode).toBe(200);
    for (const n of notifies.json<{ items: { verdict: string; channelId: string }[] }>().items) {
      expect(n).toMatchObject({ verdict: 'accepted', channelId: 'sbx-1' });
    }
    // Not for merchants or guests.
    expect((await w.env.app.inject({ method: 'GET', url: '/api/admin/payments/channels' })).statusCode).toBe(
      401,
    );
  });
});
