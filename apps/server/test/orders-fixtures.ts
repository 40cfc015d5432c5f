import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Ctx } from '../src/lib/ctx';
import { putSetting } from '../src/modules/settings/settings';
import { markOrderPaid } from '../src/modules/orders/mark-order-paid';
import { orders } from '../src/modules/orders/schema';
import { eq } from 'drizzle-orm';
import type { Agent } from './agent';
import type { TestEnv } from './env';
import { registeredMerchant, signedInAdmin } from './fixtures';
import { ownerCtx, seedKeys } from './inventory-fixtures';

/** An approved merchant with its owner agent and a ctx acting as the owner. */
export async function activeShop(env: TestEnv, admin: Agent, name = 'Shop') {
  const m = await registeredMerchant(env, name);
  const res = await admin.post(`/api/admin/merchants/${m.merchantId}/status`, {
    status: 'active',
    reason: 'ok',
  });
  expect(res.statusCode, res.body).toBe(200);
  return { ...m, ctx: await ownerCtx(env, m.merchantId) };
}

/** A signed-in platform admin agent. */
export async function adminAgent(env: TestEnv): Promise<Agent> {
  return (await signedInAdmin(env)).agent;
}

/** A product on sale with one SKU; returns the SKU id (and seeds `keys` card keys). */
export async function saleSku(
  shop: { agent: Agent; ctx: Ctx },
  opts: { sku?: Record<string, unknown>; product?: Record<string, unknown>; keys?: number } = {},
): Promise<{ skuId: string; productId: string; lines: string[] }> {
  const res = await shop.agent.post('/api/merchant/products', {
    title: 'Game card ' + randomUUID().slice(0, 6),
    status: 'on_sale',
    usageGuide: 'Redeem at example.com',
    skus: [{ name: '10元', price: 1000, deliveryMode: 'card_keys', ...opts.sku }],
    ...opts.product,
  });
  expect(res.statusCode, res.body).toBe(201);
  const p = res.json<{ id: string; skus: { id: string }[] }>();
  const skuId = p.skus[0]!.id;
  const lines = opts.keys ? (await seedKeys(shop.ctx, skuId, opts.keys)).lines : [];
  return { skuId, productId: p.id, lines };
}

/** Places an order through the storefront API as a fresh buyer (optionally from `ip`). */
export async function placeOrder(env: TestEnv, body: Record<string, unknown>, ip?: string) {
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/store/orders',
    payload: { contact: `buyer${randomUUID().slice(0, 8)}@example.com`, input: {}, ...body },
    ...(ip ? { remoteAddress: ip } : {}),
  });
  return res;
}

/** The order row by number. */
export async function orderByNo(env: TestEnv, orderNo: string) {
  const [o] = await env.db.select().from(orders).where(eq(orders.orderNo, orderNo));
  return o!;
}

/** Confirms payment of the order the way payments does after a verified notify. */
export async function pay(env: TestEnv, orderNo: string, channelId = 'test-channel') {
  const o = await orderByNo(env, orderNo);
  return markOrderPaid(env.ctx(), {
    orderId: o.id,
    attemptId: randomUUID(),
    channelId,
    amount: o.total,
    paidAt: env.clock.now,
  });
}

/** Tunes the checkout limits (setting `orders`). */
export async function setOrderSettings(env: TestEnv, value: Record<string, number>) {
  await putSetting(env.db, 'orders', value);
}
