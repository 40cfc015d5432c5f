import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { skus } from '../src/modules/catalog/schema';
import { getKeyStock } from '../src/modules/inventory/get-stock';
import { expireOrders } from '../src/modules/orders/expire-orders';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { signedInStaff } from './fixtures';
import { expectLedgerBalanced } from './ledger-assert';
import { activeShop, adminAgent, orderByNo, pay, placeOrder, saleSku } from './orders-fixtures';

let env: TestEnv;
let admin: Agent;
let shop: Awaited<ReturnType<typeof activeShop>>;
let other: Awaited<ReturnType<typeof activeShop>>;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await adminAgent(env);
  shop = await activeShop(env, admin, 'Shop A');
  other = await activeShop(env, admin, 'Shop B');
});
afterAll(async () => {
  await expectLedgerBalanced(env);
  await env.close();
});

const cap = async (skuId: string) =>
  (await env.db.select({ c: skus.manualStockCap }).from(skus).where(eq(skus.id, skuId)))[0]!.c;
const stock = async (skuId: string) => (await getKeyStock(env.db, [skuId])).get(skuId)!;
const view = (orderNo: string, token: string) =>
  env.app.inject({ url: `/api/store/orders/${orderNo}?token=${encodeURIComponent(token)}` });

describe('manual delivery and shared text', () => {
  it('reserves the virtual cap, queues the paid order and delivers it by hand', async () => {
    const { skuId } = await saleSku(shop, { sku: { deliveryMode: 'manual', manualStockCap: 3 } });
    const a = (await placeOrder(env, { skuId, quantity: 2 })).json<{
      orderNo: string;
      accessToken: string;
    }>();
    expect(await cap(skuId)).toBe(1);
    expect((await placeOrder(env, { skuId, quantity: 2 })).json<{ code: string }>().code).toBe(
      'INSUFFICIENT_STOCK',
    );

    const b = (await placeOrder(env, { skuId, quantity: 1 })).json<{ orderNo: string }>();
    env.clock.advance(11 * 60_000);
    await expireOrders(env.ctx(), env.clock.now);
    expect(await cap(skuId)).toBe(3); // both reservations returned
    expect((await orderByNo(env, b.orderNo)).status).toBe('expired');

    // a was paid late: manual SKU → the queue with its reason, the cap taken again.
    expect(await pay(env, a.orderNo)).toEqual({ outcome: 'manual' });
    expect(await cap(skuId)).toBe(1);
    const o = await orderByNo(env, a.orderNo);
    expect([o.status, o.manualReason]).toEqual(['manual', 'manual_sku']);

    const q = (await shop.agent.get('/api/merchant/manual-queue')).json<{
      items: { id: string; ageSeconds: number }[];
    }>();
    expect(q.items.map((i) => i.id)).toEqual([o.id]);
    expect(q.items[0]!.ageSeconds).toBeGreaterThanOrEqual(0);

    const d = await shop.agent.post(`/api/merchant/orders/${o.id}/deliver`, { text: '账号: abc 密码: 123' });
    expect(d.statusCode, d.body).toBe(200);
    const seen = (await view(a.orderNo, a.accessToken)).json<{
      status: string;
      delivery: { manualText: string };
    }>();
    expect(seen.status).toBe('delivered');
    expect(seen.delivery.manualText).toBe('账号: abc 密码: 123');
    expect((await shop.agent.get('/api/merchant/manual-queue')).json<{ items: unknown[] }>().items).toEqual(
      [],
    );
  });

  it('attaches the shared text on payment', async () => {
    const { skuId } = await saleSku(shop, {
      sku: { deliveryMode: 'shared_text', sharedText: 'https://dl.example/x' },
    });
    const a = (await placeOrder(env, { skuId, quantity: 1 })).json<{
      orderNo: string;
      accessToken: string;
    }>();
    expect(await pay(env, a.orderNo)).toEqual({ outcome: 'delivered' });
    const seen = (await view(a.orderNo, a.accessToken)).json<{
      delivery: { sharedText: string; keys: string[] };
    }>();
    expect(seen.delivery).toMatchObject({ sharedText: 'https://dl.example/x', keys: [] });
  });

  it('sends replacement keys to a delivered order', async () => {
    const { skuId, lines } = await saleSku(shop, { keys: 3 });
    const a = (await placeOrder(env, { skuId, quantity: 1 })).json<{
      orderNo: string;
      accessToken: string;
    }>();
    await pay(env, a.orderNo);
    const o = await orderByNo(env, a.orderNo);
    const r = await shop.agent.post(`/api/merchant/orders/${o.id}/replace-keys`, {
      count: 1,
      reason: 'invalid key',
    });
    expect(r.statusCode, r.body).toBe(200);
    const seen = (await view(a.orderNo, a.accessToken)).json<{ delivery: { keys: string[] } }>();
    expect(seen.delivery.keys).toEqual(lines.slice(0, 2));
    expect(await stock(skuId)).toMatchObject({ sold: 2, available: 1, reserved: 0 });
  });
});

describe('lookup', () => {
  it('finds the order by contact or password and answers the same for a missing order', async () => {
    const { skuId } = await saleSku(shop, { keys: 2 });
    const a = (
      await placeOrder(env, {
        skuId,
        quantity: 1,
        contact: 'Find.Me@example.com',
        lookupPassword: 'secret-pw',
      })
    ).json<{ orderNo: string }>();
    const lookup = (body: Record<string, unknown>, ip = '10.1.0.1') =>
      env.app.inject({ method: 'POST', url: '/api/store/orders/lookup', payload: body, remoteAddress: ip });

    const ok = await lookup({ orderNo: a.orderNo, contact: 'find.me@example.com' });
    expect(ok.statusCode, ok.body).toBe(200);
    const { token } = ok.json<{ token: string }>();
    expect((await view(a.orderNo, token)).json<{ orderNo: string }>().orderNo).toBe(a.orderNo);
    expect((await lookup({ orderNo: a.orderNo, lookupPassword: 'secret-pw' })).statusCode).toBe(200);

    const wrong = await lookup({ orderNo: a.orderNo, contact: 'other@example.com' });
    const missing = await lookup({ orderNo: 'KAAAAAAAAAAAAAAAA', contact: 'find.me@example.com' });
    const badPw = await lookup({ orderNo: a.orderNo, lookupPassword: 'nope' });
    for (const r of [wrong, missing, badPw]) {
      expect(r.statusCode).toBe(404);
      expect(r.json<{ code: string; message: string }>()).toMatchObject({
        code: 'ORDER_NOT_FOUND',
        message: missing.json<{ message: string }>().message,
      });
    }
    // Per order number: a guesser from many IPs is stopped too.
    let last = 0;
    for (let i = 0; i < 8; i++)
      last = (await lookup({ orderNo: a.orderNo, contact: 'x@y.zz' }, `10.2.0.${i}`)).statusCode;
    expect(last).toBe(429);
    // Per IP.
    let ipLast = 0;
    for (let i = 0; i < 21; i++)
      ipLast = (await lookup({ orderNo: `KBBBBBBBBBBBBBB${i}`, contact: 'x@y.zz' }, '10.3.0.1')).statusCode;
    expect(ipLast).toBe(429);
  });
});

describe('refunds and tenancy', () => {
  it('refunds partially then fully: keys voided, ledger reversed, audited', async () => {
    const { skuId } = await saleSku(shop, { keys: 4 });
    const a = (await placeOrder(env, { skuId, quantity: 2 })).json<{
      orderNo: string;
      accessToken: string;
    }>();
    await pay(env, a.orderNo);
    const o = await orderByNo(env, a.orderNo);
    const refund = (body: Record<string, unknown>) =>
      shop.agent.post(`/api/merchant/orders/${o.id}/refund`, body);

    const p = await refund({ amount: 500, reason: 'one key bad', toChannel: false });
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json()).toEqual({ status: 'partially_refunded', refundedAmount: 500, offline: true });
    const over = await refund({ amount: 1501, reason: 'too much', toChannel: false });
    expect(over.json<{ code: string }>().code).toBe('REFUND_EXCEEDS_PAID');

    const f = await refund({ amount: 1500, reason: 'rest', toChannel: false });
    expect(f.json()).toMatchObject({ status: 'refunded', refundedAmount: 2000 });
    expect(await stock(skuId)).toMatchObject({ sold: 0, void: 2, available: 2 });
    const seen = (await view(a.orderNo, a.accessToken)).json<{ status: string; delivery: unknown }>();
    expect(seen).toMatchObject({ status: 'refunded', delivery: null });
    expect(
      (await refund({ amount: 1, reason: 'again', toChannel: false })).json<{ code: string }>().code,
    ).toBe('ORDER_STATE');
    await expectLedgerBalanced(env);
  });

  it("hides one merchant's orders from another and refuses staff without orders.manage", async () => {
    const { skuId } = await saleSku(shop, { keys: 1 });
    const a = (await placeOrder(env, { skuId, quantity: 1 })).json<{ orderNo: string }>();
    await pay(env, a.orderNo);
    const o = await orderByNo(env, a.orderNo);
    for (const [method, url, body] of [
      ['GET', `/api/merchant/orders/${o.id}`, undefined],
      ['POST', `/api/merchant/orders/${o.id}/refund`, { amount: 1, reason: 'x', toChannel: false }],
      ['POST', `/api/merchant/orders/${o.id}/deliver`, { text: 'x' }],
      ['POST', `/api/merchant/orders/${o.id}/replace-keys`, { count: 1, reason: 'x' }],
    ] as const) {
      const r = await other.agent.request(method, url, body);
      expect(r.statusCode, url).toBe(404);
    }
    const list = (await other.agent.get('/api/merchant/orders')).json<{ items: unknown[] }>();
    expect(list.items).toEqual([]);
    const mine = (await shop.agent.get(`/api/merchant/orders?q=${a.orderNo}`)).json<{
      items: { id: string }[];
    }>();
    expect(mine.items.map((i) => i.id)).toEqual([o.id]);

    const staff = await signedInStaff(env, shop.agent, ['orders.read']);
    expect((await staff.agent.get(`/api/merchant/orders/${o.id}`)).statusCode).toBe(200);
    const refused = await staff.agent.post(`/api/merchant/orders/${o.id}/refund`, {
      amount: 1,
      reason: 'x',
      toChannel: false,
    });
    expect(refused.statusCode).toBe(403);
    const none = await signedInStaff(env, shop.agent, ['catalog.read']);
    expect((await none.agent.get('/api/merchant/orders')).statusCode).toBe(403);
  });
});
