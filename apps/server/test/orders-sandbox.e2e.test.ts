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
