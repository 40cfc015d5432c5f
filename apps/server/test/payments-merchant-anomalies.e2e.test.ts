import type { MerchantAnomalyList, PaymentAnomaly } from '@kameng/shared';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skus } from '../src/modules/catalog/schema';
import { recordRefundFailure } from '../src/modules/payments/channel-health';
import { queryAttemptById } from '../src/modules/payments/query-payment';
import { recordNotify } from '../src/modules/payments/record-notify';
import { paymentAttempts, paymentIncidents } from '../src/modules/payments/schema';
import type { Agent } from './agent';
import { registeredMerchant, signedInStaff } from './fixtures';
import { insertSku } from './inventory-fixtures';
import {
  createPayWorld,
  eventually,
  insertOrder,
  notifiesOf,
  orderState,
  pressCashier,
  setFaults,
  startSandbox,
  type PayWorld,
  stopSandboxRetries,
} from './payments-fixtures';

let w: PayWorld;
/** Merchant A and B: their owners, and a world whose orders are theirs. */
let a: { agent: Agent; world: PayWorld };
let b: { agent: Agent; world: PayWorld };
/** A's orders, one per anomaly. */
const A = {} as Record<
  'mismatch' | 'healed' | 'orderless' | 'twice' | 'secret' | 'refund' | 'paused',
  string
>;
let bOrder: string;

/** A world whose inserted orders belong to a fresh merchant of its own. */
async function merchantWorld(name: string) {
  const m = await registeredMerchant(w.env, name);
  const skuId = await insertSku(w.env, m.merchantId, { deliveryMode: 'manual' });
  const [sku] = await w.env.db.select({ productId: skus.productId }).from(skus).where(eq(skus.id, skuId));
  return { agent: m.agent, world: { ...w, merchantId: m.merchantId, skuId, productId: sku!.productId } };
}

/** Pays a fresh order of `world` on the sandbox cashier with `faults`. */
async function payWithFaults(world: PayWorld, faults: Record<string, unknown>) {
  await setFaults(w, faults);
  const orderId = await insertOrder(world);
  const p = await startSandbox(world, orderId);
  await pressCashier(w, String(p.action.url), 'pay');
  return { orderId, ...p };
}

async function list(agent: Agent, query = ''): Promise<MerchantAnomalyList> {
  const res = await agent.get(`/api/merchant/payment-anomalies${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<MerchantAnomalyList>();
}

const ofOrder = (items: PaymentAnomaly[], orderId: string) => items.filter((x) => x.orderId === orderId);

beforeAll(async () => {
  w = await createPayWorld();
  a = await merchantWorld('Merchant A');
  b = await merchantWorld('Merchant B');

  // Amount mismatch: the gateway notifies 1 fen less than asked.
  const mismatch = await payWithFaults(a.world, { corrupt: 'amount' });
  A.mismatch = mismatch.orderId;
  await eventually(async () =>
    (await notifiesOf(w, { orderId: A.mismatch })).some((n) => n.reason === 'amount_mismatch'),
  );
  // A lost notify, healed by the active query.
  const healed = await payWithFaults(a.world, { drop: true });
  A.healed = healed.orderId;
  await queryAttemptById(w.env.ctx(), healed.attemptId);
  expect((await orderState(w, A.healed)).status).not.toBe('pending_payment');
  // A notify naming an unknown trade: rejected without an order (the platform's to look at).
  const orderless = await payWithFaults(a.world, { corrupt: 'trade' });
  A.orderless = orderless.orderId;
  await eventually(async () =>
    (await notifiesOf(w, { channelId: 'sbx-1' })).some(
      (n) => n.reason === 'trade_unknown' && n.raw.includes(orderless.providerTradeNo),
    ),
  );
  await setFaults(w, {});
  // One logged delivery each: the gateway's retries of the rejected notifies are stopped.
  await stopSandboxRetries(w);
  // Closed, so the worker's scheduled queries cannot heal these two while the tests run.
  await w.env.db
    .update(paymentAttempts)
    .set({ status: 'closed' })
    .where(inArray(paymentAttempts.id, [mismatch.attemptId, orderless.attemptId]));

  // Paid twice: the buyer paid in two cashier tabs; the platform refunds the second payment.
  A.twice = await insertOrder(a.world);
  const first = await startSandbox(a.world, A.twice);
  const second = await startSandbox(a.world, A.twice);
  await pressCashier(w, String(first.action.url), 'pay');
  await eventually(async () => (await orderState(w, A.twice)).status !== 'pending_payment');
  await pressCashier(w, String(second.action.url), 'pay');
  await eventually(async () =>
    (await notifiesOf(w, { orderId: A.twice })).some((n) => n.reason === 'order_already_paid'),
  );

  // A rejected notify of A's order carrying a secret-looking field: stored (and shown) redacted.
  A.secret = await insertOrder(a.world);
  await recordNotify(w.env.ctx(), {
    channelId: 'sbx-1',
    orderId: A.secret,
    attemptId: null,
    method: 'POST',
    raw: { out_trade_no: 'K-secret', api_key: 'sk_live_TOPSECRET', amount: '12.34' },
    verdict: 'rejected',
    reason: 'provider_trade_mismatch',
  });
  // A failed channel refund of A's order.
  A.refund = await insertOrder(a.world);
  await recordRefundFailure(w.env.ctx(), {
    orderId: A.refund,
    channelId: 'sbx-1',
    attemptId: healed.attemptId,
    amount: 500,
    err: new Error('gateway said no'),
  });
  // A channel pause, the platform's: never a merchant's anomaly, even when a row names an order.
  A.paused = await insertOrder(a.world);
  await w.env.db.insert(paymentIncidents).values([
    {
      type: 'channel_paused',
      channelId: 'sbx-1',
      error: 'timeout',
      pausedUntil: new Date(Date.now() + 60_000),
    },
    { type: 'channel_paused', channelId: 'sbx-1', orderId: A.paused, error: 'timeout' },
  ]);

  // Merchant B: an amount mismatch of its own.
  bOrder = await insertOrder(b.world);
  await recordNotify(w.env.ctx(), {
    channelId: 'sbx-1',
    orderId: bOrder,
    attemptId: null,
    method: 'POST',
    raw: { out_trade_no: 'K-b', amount: '0.01' },
    verdict: 'rejected',
    reason: 'amount_mismatch',
  });
}, 90_000);
afterAll(async () => {
  await w?.close();
});

describe("the merchant's payment anomaly view", () => {
  it("shows A the amount mismatch of its own order with the raw notify and the order's number", async () => {
    const { items } = await list(a.agent);
    const [m] = ofOrder(items, A.mismatch);
    const [stored] = (await notifiesOf(w, { orderId: A.mismatch })).filter(
      (n) => n.reason === 'amount_mismatch',
    );
    expect(m).toMatchObject({ type: 'amount_mismatch', reason: 'amount_mismatch', raw: stored!.raw });
    expect(m!.raw).toContain('12.33');
    const detail = await a.agent.get(`/api/merchant/orders/${A.mismatch}`);
    expect(m!.orderNo).toBe(detail.json<{ orderNo: string }>().orderNo);
  });

  it('shows the raw notify redacted, never the secret', async () => {
    const { items } = await list(a.agent);
    const [s] = ofOrder(items, A.secret);
    expect(s).toMatchObject({ type: 'notify_rejected', reason: 'provider_trade_mismatch' });
    expect(s!.raw).toContain('[redacted]');
    expect(JSON.stringify(items)).not.toContain('TOPSECRET');
  });

  it('shows the order healed by query and the failed refund', async () => {
    const { items } = await list(a.agent);
    expect(ofOrder(items, A.healed)).toEqual([
      expect.objectContaining({ type: 'healed_by_query', reason: 'healed_by_query' }),
    ]);
    expect(ofOrder(items, A.refund)).toEqual([
      expect.objectContaining({
        type: 'refund_failed',
        reason: 'Error: gateway said no',
        incident: expect.objectContaining({ amount: 500 }),
      }),
    ]);
  });

  it('shows the order paid twice with the refund state of the second payment', async () => {
    const { items } = await list(a.agent, '?type=paid_twice');
    const [d] = ofOrder(items, A.twice);
    expect(d).toMatchObject({ type: 'paid_twice', reason: 'order_already_paid' });
    expect(d!.attemptId).toBeTruthy();
    expect(d!.duplicateRefund).toMatchObject({ attemptId: d!.attemptId, amount: 1234 });
    expect(['pending', 'refunding', 'refunded']).toContain(d!.duplicateRefund!.status);
  });

  it('never shows channel pauses or notifies without an order (the platform sees them)', async () => {
    const { items, total } = await list(a.agent);
    expect(items.some((x) => x.type === 'channel_paused')).toBe(false);
    expect(items.every((x) => x.orderId && x.orderNo)).toBe(true);
    expect(ofOrder(items, A.paused)).toEqual([]);
    expect(ofOrder(items, A.orderless)).toEqual([]);
    // A: mismatch, healed, paid twice, secret, refund failed — nothing else.
    expect(total).toBe(5);
    const admin = (await w.admin.get('/api/admin/payments/anomalies')).json<{ items: PaymentAnomaly[] }>();
    expect(admin.items.some((x) => x.type === 'channel_paused')).toBe(true);
    expect(admin.items.some((x) => x.reason === 'trade_unknown' && x.orderId === null)).toBe(true);
  });

  it('lists newest first, one page at a time', async () => {
    const all = await list(a.agent);
    const ats = all.items.map((x) => x.at);
    expect(ats).toEqual([...ats].sort().reverse());
    const p1 = await list(a.agent, '?pageSize=3');
    const p2 = await list(a.agent, '?pageSize=3&page=2');
    expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 3 });
    // Compared by identity: the duplicate refund's state may move on between the calls.
    const key = (x: PaymentAnomaly) => `${x.type}:${x.orderId}:${x.at}`;
    expect([...p1.items, ...p2.items].map(key)).toEqual(all.items.map(key));
    expect((await a.agent.get('/api/merchant/payment-anomalies?pageSize=1000')).statusCode).toBe(400);
  });

  it('filters by type', async () => {
    const only = async (type: string) =>
      (await list(a.agent, `?type=${type}`)).items.map((x) => [x.type, x.orderId]);
    expect(await only('amount_mismatch')).toEqual([['amount_mismatch', A.mismatch]]);
    expect(await only('healed_by_query')).toEqual([['healed_by_query', A.healed]]);
    expect(await only('notify_rejected')).toEqual([['notify_rejected', A.secret]]);
    expect(await only('refund_failed')).toEqual([['refund_failed', A.refund]]);
    expect(await only('paid_twice')).toEqual([['paid_twice', A.twice]]);
    const paused = await a.agent.get('/api/merchant/payment-anomalies?type=channel_paused');
    expect(paused.statusCode).toBe(400);
    expect(paused.json().code).toBe('VALIDATION_FAILED');
  });

  it("is tenant-isolated: B sees its own anomaly and none of A's; staff need orders.read", async () => {
    const mine = await list(b.agent);
    expect(mine.items.map((x) => [x.type, x.orderId])).toEqual([['amount_mismatch', bOrder]]);
    expect(mine.total).toBe(1);
    const reader = await signedInStaff(w.env, b.agent, ['orders.read']);
    expect((await list(reader.agent)).items.map((x) => x.orderId)).toEqual([bOrder]);
    const clerk = await signedInStaff(w.env, b.agent, ['aftersales.handle']);
    const refused = await clerk.agent.get('/api/merchant/payment-anomalies');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AUTH_FORBIDDEN');
    const aItems = (await list(a.agent)).items;
    expect(ofOrder(aItems, bOrder)).toEqual([]);
  });
});
