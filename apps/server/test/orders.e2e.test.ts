import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKeyStock } from '../src/modules/inventory/get-stock';
import { expireOrders } from '../src/modules/orders/expire-orders';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { expectLedgerBalanced } from './ledger-assert';
import {
  activeShop,
  adminAgent,
  orderByNo,
  pay,
  placeOrder,
  saleSku,
  setOrderSettings,
} from './orders-fixtures';

let env: TestEnv;
let admin: Agent;
let shop: Awaited<ReturnType<typeof activeShop>>;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await adminAgent(env);
  shop = await activeShop(env, admin, '星辰卡铺');
});
const getStock = async (db: TestEnv['db'], skuId: string) => (await getKeyStock(db, [skuId])).get(skuId)!;

afterAll(async () => {
  await expectLedgerBalanced(env);
  await env.close();
});

const view = (orderNo: string, token?: string) =>
  env.app.inject({
    url: `/api/store/orders/${orderNo}${token ? `?token=${encodeURIComponent(token)}` : ''}`,
  });

describe('checkout', () => {
  it('prices on the server, reserves keys and delivers them once paid', async () => {
    const { skuId, lines } = await saleSku(shop, {
      sku: {
        price: 1000,
        pricing: { tiers: [{ minQty: 3, unitPrice: 900 }], buyNGetM: null, limited: null },
      },
      keys: 10,
    });
    // A client price is refused outright (strict body), never used.
    const forged = await placeOrder(env, { skuId, quantity: 3, total: 1 });
    expect(forged.statusCode).toBe(400);

    const res = await placeOrder(env, { skuId, quantity: 3 });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ orderNo: string; accessToken: string; total: number; status: string }>();
    expect(created.total).toBe(2700);
    expect(created.status).toBe('pending_payment');
    expect(created.orderNo).toMatch(/^K[A-Z2-7]{16}$/);
    expect((await getStock(env.db, skuId)).reserved).toBe(3);

    const before = (await view(created.orderNo, created.accessToken)).json<{ delivery: unknown }>();
    expect(before.delivery).toBeNull();

    expect(await pay(env, created.orderNo)).toEqual({ outcome: 'delivered' });
    expect(await pay(env, created.orderNo)).toEqual({ outcome: 'already_paid' });
    const stock = await getStock(env.db, skuId);
    expect(stock).toMatchObject({ reserved: 0, sold: 3, available: 7 });

    const seen = (await view(created.orderNo, created.accessToken)).json<{
      status: string;
      delivery: { keys: string[]; usageGuide: string } | null;
    }>();
    expect(seen.status).toBe('delivered');
    expect(seen.delivery!.keys).toEqual(lines.slice(0, 3));
    expect(seen.delivery!.usageGuide).toBe('Redeem at example.com');
    // Without the token (or with a wrong one): the status, never the keys.
    expect((await view(created.orderNo)).json<{ delivery: unknown }>().delivery).toBeNull();
    expect((await view(created.orderNo, 'x'.repeat(32))).json<{ delivery: unknown }>().delivery).toBeNull();

    const o = await orderByNo(env, created.orderNo);
    const timeline = await shop.agent.get(`/api/merchant/orders/${o.id}`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect(timeline.json<{ timeline: { type: string }[] }>().timeline.map((e) => e.type)).toEqual([
      'order.created',
      'order.paid',
      'order.delivered',
    ]);
  });

  it('validates buyer input, contact, quantity and coupons', async () => {
    const { skuId } = await saleSku(shop, {
      product: {
        minQty: 1,
        maxQty: 5,
        inputFields: [
          { name: 'account', label: '游戏账号', type: 'text', required: true, regex: '[0-9]{5,12}' },
          { name: 'server', label: '区服', type: 'text', required: false },
        ],
      },
      keys: 3,
    });
    const code = async (body: Record<string, unknown>) => {
      const r = await placeOrder(env, { skuId, quantity: 1, ...body });
      return [r.statusCode, r.json<{ code?: string }>().code];
    };
    expect(await code({ input: {} })).toEqual([400, 'ORDER_INPUT_INVALID']);
    expect(await code({ input: { account: 'abc' } })).toEqual([400, 'ORDER_INPUT_INVALID']);
    expect(await code({ input: { account: '12345', bogus: 'x' } })).toEqual([400, 'ORDER_INPUT_INVALID']);
    expect(await code({ input: { account: '12345' }, contact: 'not-an-email' })).toEqual([
      400,
      'ORDER_INPUT_INVALID',
    ]);
    expect(await code({ input: { account: '12345' }, quantity: 6 })).toEqual([400, 'QUANTITY_OUT_OF_RANGE']);
    expect(await code({ input: { account: '12345' }, coupon: 'NOPE' })).toEqual([400, 'ORDER_INPUT_INVALID']);
    expect(await code({ input: { account: '12345' }, quantity: 4 })).toEqual([409, 'INSUFFICIENT_STOCK']);
    expect(await code({ input: { account: '12345' }, contactKind: 'qq', contact: '123456' })).toEqual([
      201,
      undefined,
    ]);

    const c = await shop.agent.post('/api/merchant/coupons', {
      code: 'TENOFF',
      kind: 'percent',
      value: 10,
      scope: 'all',
    });
    expect(c.statusCode, c.body).toBe(201);
    const r = await placeOrder(env, { skuId, quantity: 1, input: { account: '12345' }, coupon: 'tenoff' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json<{ total: number }>().total).toBe(900);
    // Stock left: nothing was reserved by the refused attempts.
    expect((await getStock(env.db, skuId)).reserved).toBe(2);
  });

  it('never runs a stored pattern whose matching time can explode: the order is answered at once', async () => {
    const { skuId, productId } = await saleSku(shop, { keys: 1 });
    // As saved before the catalog refused such patterns (it now answers INPUT_FIELD_REGEX_UNSAFE).
    const fields = [{ name: 'id', label: 'ID', type: 'text', required: true, regex: '(x+x+)+y' }];
    await env.db.execute(
      sql`UPDATE products SET input_fields = ${JSON.stringify(fields)}::jsonb WHERE id = ${productId}`,
    );
    const t0 = Date.now();
    // Run, this answer would take about a minute (each further character doubles it): bounded, should
    // the guard ever break.
    const r = await placeOrder(env, { skuId, quantity: 1, input: { id: `${'x'.repeat(34)}!` } });
    expect(r.statusCode, r.body).toBe(201);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('releases the reservation on expiry and re-reserves a late payment, or queues it', async () => {
    const { skuId } = await saleSku(shop, { keys: 2 });
    const a = (await placeOrder(env, { skuId, quantity: 2 })).json<{ orderNo: string }>();
    expect((await getStock(env.db, skuId)).available).toBe(0);
    expect((await placeOrder(env, { skuId, quantity: 1 })).statusCode).toBe(409);

    env.clock.advance(11 * 60_000);
    expect(await expireOrders(env.ctx(), env.clock.now)).toBeGreaterThanOrEqual(1);
    expect((await orderByNo(env, a.orderNo)).status).toBe('expired');
    expect(await getStock(env.db, skuId)).toMatchObject({ available: 2, reserved: 0 });

    // Paid late while stock is there: re-reserved and delivered.
    expect(await pay(env, a.orderNo)).toEqual({ outcome: 'delivered' });
    expect(await getStock(env.db, skuId)).toMatchObject({ available: 0, sold: 2 });

    // Paid late with the stock gone: the manual queue, never stuck.
    const b = (await placeOrder(env, { skuId: (await saleSku(shop, { keys: 1 })).skuId, quantity: 1 })).json<{
      orderNo: string;
    }>();
    const bo = await orderByNo(env, b.orderNo);
    env.clock.advance(11 * 60_000);
    await expireOrders(env.ctx(), env.clock.now);
    await placeOrder(env, { skuId: bo.skuId, quantity: 1 }); // someone else takes the last key
    expect(await pay(env, b.orderNo)).toEqual({ outcome: 'manual' });
    const queued = await orderByNo(env, b.orderNo);
    expect(queued.status).toBe('manual');
    expect(queued.manualReason).toBe('paid_after_expiry');
    const q = await shop.agent.get('/api/merchant/manual-queue');
    expect(q.json<{ items: { orderNo: string }[] }>().items.map((i) => i.orderNo)).toContain(b.orderNo);
  });

  it('caps unpaid orders per contact and per IP, and enforces the per-buyer limit', async () => {
    await setOrderSettings(env, { maxUnpaidPerContact: 2, maxUnpaidPerIp: 3 });
    const { skuId } = await saleSku(shop, { keys: 20 });
    const contact = 'hoarder@example.com';
    expect((await placeOrder(env, { skuId, quantity: 1, contact }, '10.0.0.1')).statusCode).toBe(201);
    expect((await placeOrder(env, { skuId, quantity: 1, contact }, '10.0.0.2')).statusCode).toBe(201);
    const third = await placeOrder(env, { skuId, quantity: 1, contact }, '10.0.0.3');
    expect([third.statusCode, third.json<{ code: string }>().code]).toEqual([429, 'ORDER_TOO_MANY_UNPAID']);
    for (let i = 0; i < 3; i++)
      expect((await placeOrder(env, { skuId, quantity: 1 }, '10.0.0.9')).statusCode).toBe(201);
    expect((await placeOrder(env, { skuId, quantity: 1 }, '10.0.0.9')).statusCode).toBe(429);
    await setOrderSettings(env, { maxReservedUnitsPerContact: 3 });
    expect((await placeOrder(env, { skuId, quantity: 4 }, '10.0.0.10')).statusCode).toBe(429);
    await setOrderSettings(env, {});

    const limited = await saleSku(shop, { product: { perBuyerLimit: 2 }, keys: 10 });
    const buyer = 'limited@example.com';
    const first = (await placeOrder(env, { skuId: limited.skuId, quantity: 2, contact: buyer })).json<{
      orderNo: string;
    }>();
    await pay(env, first.orderNo);
    const more = await placeOrder(env, { skuId: limited.skuId, quantity: 1, contact: buyer });
    expect([more.statusCode, more.json<{ code: string }>().code]).toEqual([400, 'QUANTITY_OUT_OF_RANGE']);
    expect((await placeOrder(env, { skuId: limited.skuId, quantity: 1 })).statusCode).toBe(201);
  });

  it('sends a paid order whose reservation was lost to the manual queue, never stuck', async () => {
    const { skuId } = await saleSku(shop, { keys: 2 });
    const a = (await placeOrder(env, { skuId, quantity: 2 })).json<{ orderNo: string }>();
    const o = await orderByNo(env, a.orderNo);
    // Forced failure: one reserved key vanishes from under the order.
    await env.db.execute(
      sql`UPDATE card_keys SET status = 'available', order_id = NULL WHERE id = (SELECT min(id) FROM card_keys WHERE order_id = ${o.id})`,
    );
    expect(await pay(env, a.orderNo)).toEqual({ outcome: 'manual' });
    const after = await orderByNo(env, a.orderNo);
    expect([after.status, after.manualReason]).toEqual(['manual', 'reservation_lost']);
    // The savepoint rolled back: no key was sold to a half-delivered order.
    expect(
      (
        await env.db.execute(
          sql`SELECT count(*)::int AS n FROM card_keys WHERE order_id = ${o.id} AND status = 'sold'`,
        )
      ).rows[0],
    ).toEqual({ n: 0 });
    const types = (await shop.agent.get(`/api/merchant/orders/${o.id}`))
      .json<{ timeline: { type: string }[] }>()
      .timeline.map((e) => e.type);
    expect(types).toEqual(['order.created', 'order.paid', 'order.delivery_failed', 'order.manual']);
  });

  it('never sells a key twice under concurrent checkouts', async () => {
    const { skuId } = await saleSku(shop, { keys: 10 });
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => placeOrder(env, { skuId, quantity: 1 }, `10.9.${i}.1`)),
    );
    const ok = results.filter((r) => r.statusCode === 201).map((r) => r.json<{ orderNo: string }>().orderNo);
    expect(ok).toHaveLength(10);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(15);
    const outcomes = await Promise.all(ok.flatMap((no) => [pay(env, no), pay(env, no)]));
    expect(outcomes.filter((x) => x.outcome === 'delivered')).toHaveLength(10);
    expect(outcomes.filter((x) => x.outcome === 'already_paid')).toHaveLength(10);
    const dup = await env.db.execute(
      sql`SELECT count(*)::int AS n, count(DISTINCT order_id)::int AS orders FROM card_keys WHERE sku_id = ${skuId} AND status = 'sold'`,
    );
    expect(dup.rows[0]).toEqual({ n: 10, orders: 10 });
  });
});
