import type { CashierAction } from '@kameng/shared';
import { createHash, randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Runner } from 'graphile-worker';
import { expect } from 'vitest';
import { startWorker } from '../src/jobs/worker';
import { skus } from '../src/modules/catalog/schema';
import { orderEvents, orders } from '../src/modules/orders/schema';
import { paymentAttempts, paymentNotifies } from '../src/modules/payments/schema';
import { startPayment } from '../src/modules/payments/start-payment';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInAdmin } from './fixtures';
import { insertSku } from './inventory-fixtures';

/** A sandbox world: the app listening on loopback, a worker (notifies, queries), an admin, a merchant SKU. */
export interface PayWorld {
  env: TestEnv;
  base: string;
  worker: Runner;
  admin: Agent;
  merchantId: string;
  skuId: string;
  productId: string;
  close(): Promise<void>;
}

export const SANDBOX_CREDS = { mchId: 'M10001', key: 'sandbox-test-key-0123456789' };

/** Boots the world and creates the sandbox channel `sbx-1` through the admin API. */
export async function createPayWorld(): Promise<PayWorld> {
  const env = await createTestEnv();
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
  const worker = await startWorker({ db: env.db, box: env.box, log: env.log, concurrency: 4 });
  const { agent: admin } = await signedInAdmin(env);
  const { merchantId } = await registeredMerchant(env);
  const skuId = await insertSku(env, merchantId, { deliveryMode: 'manual' });
  const [sku] = await env.db.select({ productId: skus.productId }).from(skus).where(eq(skus.id, skuId));
  const res = await admin.post('/api/admin/payments/channels', {
    id: 'sbx-1',
    name: 'Sandbox',
    provider: 'sandbox',
    method: 'sandbox',
    credentials: SANDBOX_CREDS,
    settings: { gatewayUrl: `${base}/sandbox-gateway` },
  });
  expect(res.statusCode).toBe(201);
  return {
    env,
    base,
    worker,
    admin,
    merchantId,
    skuId,
    productId: sku!.productId,
    close: async () => {
      await worker.stop();
      await env.close();
    },
  };
}

/** Inserts a pending order straight into the orders table (the checkout API is tested elsewhere). */
export async function insertOrder(w: PayWorld, total = 1234, expiresInMs = 10 * 60_000): Promise<string> {
  const [row] = await w.env.db
    .insert(orders)
    .values({
      orderNo: `T${randomBytes(8).toString('hex')}`,
      merchantId: w.merchantId,
      productId: w.productId,
      skuId: w.skuId,
      deliveryMode: 'manual',
      quantity: 1,
      deliveredQuantity: 0,
      unitPrice: total,
      subtotal: total,
      total,
      contact: 'buyer@example.com',
      contactKind: 'email',
      accessTokenHash: createHash('sha256').update(randomBytes(16)).digest(),
      expiresAt: new Date(Date.now() + expiresInMs),
    })
    .returning({ id: orders.id });
  return row!.id;
}

/** Sets the sandbox channel's faults through the admin API. */
export async function setFaults(
  w: PayWorld,
  faults: Record<string, unknown>,
  channelId = 'sbx-1',
): Promise<void> {
  const res = await w.admin.patch(`/api/admin/payments/channels/${channelId}`, {
    settings: { gatewayUrl: `${w.base}/sandbox-gateway`, faults },
  });
  expect(res.statusCode).toBe(200);
}

/** Starts paying an order on the sandbox and returns our trade number and the gateway's. */
export async function startSandbox(w: PayWorld, orderId: string, channelId?: string) {
  const started = await startPayment(w.env.ctx(), {
    orderId,
    channelId,
    returnUrl: `${w.base}/result`,
    clientIp: '127.0.0.1',
    device: 'mobile',
    baseUrl: w.base,
  });
  const [attempt] = await w.env.db
    .select()
    .from(paymentAttempts)
    .where(eq(paymentAttempts.id, started.attemptId));
  return { ...started, tradeNo: attempt!.tradeNo, providerTradeNo: attempt!.providerTradeNo! };
}

/** A trade as both sides know it after a payment was started. */
export interface Trade {
  orderId: string;
  attemptId: string;
  /** Ours (out_trade_no / order_id / client_reference_id …). */
  tradeNo: string;
  /** The gateway's, when it issued one at creation. */
  providerTradeNo: string | null;
  /** Integer fen asked of the channel. */
  amount: number;
  /** What the cashier was told to do (redirect URL, QR content …). */
  action: CashierAction;
}

/**
 * Starts paying a fresh order of `total` fen (default 12.34) on a channel (or a method's channels), as a
 * buyer on `device` (default desktop: QR where the channel has one).
 */
export async function startTrade(
  w: PayWorld,
  o: { channelId?: string; method?: string; total?: number; device?: 'pc' | 'mobile' | 'wechat' },
): Promise<Trade> {
  const orderId = await insertOrder(w, o.total ?? 1234);
  const started = await startPayment(w.env.ctx(), {
    orderId,
    channelId: o.channelId,
    method: o.method,
    returnUrl: `${w.base}/result`,
    clientIp: '127.0.0.1',
    device: o.device ?? 'pc',
    baseUrl: w.base,
  });
  const [a] = await w.env.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, started.attemptId));
  return {
    orderId,
    attemptId: a!.id,
    tradeNo: a!.tradeNo,
    providerTradeNo: a!.providerTradeNo,
    amount: a!.amount,
    action: started.action,
  };
}

/**
 * Stops the sandbox gateway's pending notify retries (a rejected notify is re-sent with backoff, each
 * delivery logged again): for tests that count what the first delivery left.
 */
export async function stopSandboxRetries(w: PayWorld): Promise<void> {
  await w.env.db.execute(
    sql`SELECT graphile_worker.complete_jobs(array(SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'sandbox:notify'))`,
  );
}

/** Presses a cashier button over real HTTP, like the buyer's browser. */
export async function pressCashier(w: PayWorld, cashierUrl: string, outcome: 'pay' | 'fail' | 'cancel') {
  const res = await fetch(`${cashierUrl}/${outcome}`, { method: 'POST', redirect: 'manual' });
  expect([200, 303]).toContain(res.status);
}

/** The order's status and paid events, read from the orders tables. */
export async function orderState(w: PayWorld, orderId: string) {
  const [o] = await w.env.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  const events = await w.env.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId));
  return { status: o!.status, paidEvents: events.filter((e) => e.type === 'order.paid').length };
}

/** The notifies logged for an order or channel, oldest first. */
export async function notifiesOf(w: PayWorld, where: { orderId?: string; channelId?: string }) {
  const rows = await w.env.db
    .select()
    .from(paymentNotifies)
    .where(
      where.orderId
        ? eq(paymentNotifies.orderId, where.orderId)
        : eq(paymentNotifies.channelId, where.channelId!),
    )
    .orderBy(asc(paymentNotifies.createdAt));
  return rows;
}

/** Polls until `check` holds (bounded). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}
