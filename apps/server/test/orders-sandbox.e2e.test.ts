import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerBalanced } from './ledger-assert';
import { activeShop, orderByNo, placeOrder, saleSku } from './orders-fixtures';
import { createPayWorld, eventually, setFaults, type PayWorld } from './payments-fixtures';

let w: PayWorld;
beforeAll(async () => {
  w = await createPayWorld();
}, 60_000);
afterAll(async () => {
  if (w) await expectLedgerBalanced(w.env);
  await w?.close();
});

describe('an order through the sandbox channel, refunded to the channel by the merchant', () => {
  it('pays, delivers, shows the notify on the timeline and refunds through the gateway', async () => {
    await setFaults(w, {});
    const shop = await activeShop(w.env, w.admin);
    const sku = await saleSku(shop, { keys: 3 });
    const created = await placeOrder(w.env, { skuId: sku.skuId, quantity: 2 });
    expect(created.statusCode, created.body).toBe(201);
    const { orderNo, accessToken } = created.json<{ orderNo: string; accessToken: string }>();
    // Paying needs the token: a wrong one is the same 404 as a missing order.
    const denied = await fetch(`${w.base}/api/store/orders/${orderNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: 'y'.repeat(32) }),
    });
    expect(denied.status).toBe(404);
    const pay = await fetch(`${w.base}/api/store/orders/${orderNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken }),
    });
    expect(pay.status).toBe(200);
    const { action } = (await pay.json()) as { action: { url: string } };
    expect((await fetch(`${action.url}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(303);
    const view = await eventually(async () => {
      const r = await w.env.app.inject({ url: `/api/store/orders/${orderNo}?token=${accessToken}` });
      const v = r.json<{ status: string; delivery: { keys: string[] } | null }>();
      return v.status === 'delivered' && v;
    });
    expect(view.delivery!.keys).toEqual(sku.lines.slice(0, 2));

    const order = await orderByNo(w.env, orderNo);
    const detail = (await shop.agent.get(`/api/merchant/orders/${order.id}`)).json<{
      timeline: { type: string }[];
      notifies: { verdict: string }[];
    }>();
    expect(detail.timeline.map((e) => e.type)).toEqual(['order.created', 'order.paid', 'order.delivered']);
    expect(detail.notifies.some((n) => n.verdict === 'accepted')).toBe(true);

    const refund = await shop.agent.post(`/api/merchant/orders/${order.id}/refund`, {
      amount: order.total,
      reason: 'buyer asked',
      toChannel: true,
    });
    expect(refund.statusCode, refund.body).toBe(200);
    expect(refund.json()).toEqual({ status: 'refunded', refundedAmount: order.total, offline: false });
    const after = (
      await w.env.app.inject({ url: `/api/store/orders/${orderNo}?token=${accessToken}` })
    ).json<{
      status: string;
      delivery: unknown;
    }>();
    expect(after).toMatchObject({ status: 'refunded', delivery: null });
  });
});

describe("the result page's long poll", () => {
  it('answers the moment the keys exist, at the timeout when nothing happens, and never waits without the token', async () => {
    await setFaults(w, {});
    const shop = await activeShop(w.env, w.admin);
    const sku = await saleSku(shop, { keys: 2 });
    const created = await placeOrder(w.env, { skuId: sku.skuId, quantity: 1 });
    const { orderNo, accessToken } = created.json<{ orderNo: string; accessToken: string }>();
    const timed = async (query: string) => {
      const t0 = Date.now();
      const r = await fetch(`${w.base}/api/store/orders/${orderNo}?${query}`);
      const body = (await r.json()) as { status: string; delivery: { keys: string[] } | null };
      return { body, ms: Date.now() - t0 };
    };

    // Nothing happens: answered at the timeout (1 s), still unpaid; without the token at once.
    const idle = await timed(`token=${accessToken}&wait=1`);
    expect(idle.body.status).toBe('pending_payment');
    expect(idle.ms).toBeGreaterThanOrEqual(900);
    const anonymous = await timed('wait=20');
    expect(anonymous.body).toMatchObject({ status: 'pending_payment', delivery: null });
    expect(anonymous.ms).toBeLessThan(5000);

    // A buyer waits (up to 20 s) while the gateway is paid: the answer carries the keys long before.
    const waiting = timed(`token=${accessToken}&wait=20`);
    await new Promise((r) => setTimeout(r, 200));
    const pay = await fetch(`${w.base}/api/store/orders/${orderNo}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken }),
    });
    const { action } = (await pay.json()) as { action: { url: string } };
    await fetch(`${action.url}/pay`, { method: 'POST', redirect: 'manual' });
    const woke = await waiting;
    expect(woke.body.status).toBe('delivered');
    expect(woke.body.delivery!.keys).toEqual(sku.lines.slice(0, 1));
    expect(woke.ms).toBeLessThan(10_000);
  });
});
