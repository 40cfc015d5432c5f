import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../src/lib/app-error';
import { orders } from '../src/modules/orders/schema';
import { queryAttemptById } from '../src/modules/payments/query-payment';
import { refundPayment } from '../src/modules/payments/refund-payment';
import { paymentAttempts } from '../src/modules/payments/schema';
import { startPayment } from '../src/modules/payments/start-payment';
import { startFakeStripe, type FakeStripe } from './fakes/stripe-api';
import {
  eventually,
  insertOrder,
  notifiesOf,
  orderState,
  type PayWorld,
  startTrade as startTradeOn,
} from './payments-fixtures';
import {
  describeProviderContract,
  type NotifyHttp,
  type ProviderHarness,
  type Trade,
  sendNotify,
} from './provider-contract';

const good = {
  secretKey: 'sk_test_kameng_good_0123456789abcdef',
  webhookSecret: 'whsec_kameng_good_0123456789abcd',
};
const other = {
  secretKey: 'sk_test_kameng_other_0123456789abcde',
  webhookSecret: 'whsec_kameng_other_0123456789abc',
};

let w: PayWorld;
let fake: FakeStripe;

const SUCCESS = { status: 200, body: '{"received":true}' };

/** A webhook request exactly as Stripe sends it: the JSON event and its signature header. */
function webhook(payload: string, signature: string): NotifyHttp {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
    body: payload,
  };
}

/** A validly signed event (good account's webhook secret) for the trade's session, the session patched. */
function signedEvent(
  t: Trade,
  type = 'checkout.session.completed',
  patch: Record<string, unknown> = {},
  at?: number,
) {
  const payload = fake.eventJson(t.providerTradeNo!, type, patch);
  return webhook(payload, fake.sign(payload, good.webhookSecret, at));
}

const send = (channelId: string, n: NotifyHttp) => sendNotify(w, channelId, n);

const startTrade = (total = 1234, channelId = 'stripe-c') => startTradeOn(w, { channelId, total });

async function status(orderId: string) {
  const [o] = await w.env.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  return o!.status;
}

/** The reasons logged for the channel since `before` (rejected notifies with no order still show here). */
async function newReasons(before: number): Promise<(string | null)[]> {
  const rows = await notifiesOf(w, { channelId: 'stripe-c' });
  return rows
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(before)
    .map((r) => r.reason);
}

const channelCount = async () => (await notifiesOf(w, { channelId: 'stripe-c' })).length;

const harness: ProviderHarness = {
  name: 'stripe',
  channelId: 'stripe-c',
  otherChannelId: 'stripe-o',
  emptyKeyChannelId: 'stripe-e',
  successReply: SUCCESS,
  secrets: [good.secretKey, good.webhookSecret, other.secretKey, other.webhookSecret],
  async setup(world) {
    w = world;
    fake = await startFakeStripe();
    fake.addAccount(good);
    fake.addAccount(other);
    for (const [id, credentials] of [
      ['stripe-c', good],
      ['stripe-o', other],
      ['stripe-e', { secretKey: good.secretKey, webhookSecret: '' }],
      ['stripe-k', { secretKey: 'sk_test_revoked_key_000000000000', webhookSecret: good.webhookSecret }],
    ] as const) {
      const res = await w.admin.post('/api/admin/payments/channels', {
        id,
        name: id,
        provider: 'stripe',
        method: 'card',
        credentials,
        settings: { apiBase: fake.url, paymentMethodTypes: ['card'] },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // The webhook endpoints configured in each account's Dashboard.
    fake.setEndpoint(good.secretKey, `${w.base}/api/pay/notify/stripe-c`);
    fake.setEndpoint(other.secretKey, `${w.base}/api/pay/notify/stripe-o`);
  },
  async pay(t, { notify }) {
    await fake.pay(t.providerTradeNo!, { notify: notify === 'send' });
  },
  buildNotify(t, tamper, target): NotifyHttp {
    const payload = fake.eventJson(t.providerTradeNo!, 'checkout.session.completed');
    const session = fake.session(t.providerTradeNo!);
    const signed = (patch: Record<string, unknown>, type = 'checkout.session.completed') =>
      signedEvent(t, type, patch);
    switch (tamper) {
      case null:
        return webhook(payload, fake.sign(payload, good.webhookSecret));
      case 'forged_signature':
        return webhook(payload, fake.sign(payload, 'whsec_not_the_endpoint_secret'));
      case 'empty_key':
        return webhook(payload, fake.sign(payload, ''));
      case 'wrong_amount':
        return signed({ amount_total: t.amount + 100, amount_subtotal: t.amount + 100 });
      case 'wrong_merchant':
        // A session of the other channel (its metadata), validly signed with this channel's secret.
        return signed({ metadata: { ...session.metadata, kameng_channel: 'stripe-o' } });
      case 'not_success':
        return signed({ status: 'expired', payment_status: 'unpaid' }, 'checkout.session.expired');
      case 'array_field':
        return signed({ client_reference_id: [t.tradeNo, 'x'] });
      case 'type_confusion':
        return signed({ amount_total: String(t.amount) });
      case 'other_order': {
        // Re-labelled with the other trade's number, the signature left as it was.
        const header = fake.sign(payload, good.webhookSecret);
        return webhook(payload.replaceAll(t.tradeNo, target!.tradeNo), header);
      }
    }
  },
  refunds: async (t) => fake.refunds(t.providerTradeNo!),
  close: async () => {
    await fake?.close();
  },
};

describeProviderContract(() => harness);

describe('stripe: protocol specifics', () => {
  it('creates a Checkout Session as Stripe expects it (form fields, idempotency key, redirect)', async () => {
    const t = await startTrade(1999);
    expect(t.providerTradeNo).toMatch(/^cs_test_/);
    expect(t.action).toEqual({ type: 'redirect', url: `${fake.url}/c/pay/${t.providerTradeNo}` });
    const req = fake.requests.findLast((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')!;
    expect(req.headers['idempotency-key']).toBe(t.tradeNo);
    expect(req.headers['stripe-version']).toBe('2026-10-28.endive');
    expect(req.form).toMatchObject({
      mode: 'payment',
      client_reference_id: t.tradeNo,
      line_items: [{ price_data: { currency: 'cny', unit_amount: '1999' }, quantity: '1' }],
      metadata: { kameng_trade_no: t.tradeNo, kameng_channel: 'stripe-c', kameng_currency: 'cny' },
      payment_intent_data: { metadata: { kameng_trade_no: t.tradeNo, kameng_channel: 'stripe-c' } },
      success_url: `${w.base}/result`,
      allowed_payment_method_types: ['card'],
    });
  });

  it('each tampered notify of the contract is refused for its own reason', async () => {
    const cases = [
      ['forged_signature', 'stripe-c', 'signature_invalid'],
      ['empty_key', 'stripe-e', 'key_empty'],
      ['wrong_amount', 'stripe-c', 'amount_mismatch'],
      ['wrong_merchant', 'stripe-c', 'merchant_mismatch'],
      ['not_success', 'stripe-c', 'status_not_success'],
      ['array_field', 'stripe-c', 'trade_missing'],
      ['type_confusion', 'stripe-c', 'amount_malformed'],
      ['other_order', 'stripe-c', 'signature_invalid'],
    ] as const;
    const t = await startTrade(1);
    const target = await startTrade(9900);
    await fake.pay(t.providerTradeNo!, { notify: false });
    for (const [tamper, channelId, reason] of cases) {
      const before = (await notifiesOf(w, { channelId })).length;
      // An authentic event that reports no payment is acknowledged (Stripe would retry it for days).
      expect((await send(channelId, harness.buildNotify(t, tamper, target))).status).toBe(
        tamper === 'not_success' ? 200 : 400,
      );
      const rows = (await notifiesOf(w, { channelId })).sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
      );
      expect([tamper, rows.slice(before).map((r) => r.reason)]).toEqual([tamper, [reason]]);
    }
    // A notify of the other account's channel sent here: its signature is not this endpoint's.
    const o = await startTrade(1234, 'stripe-o');
    await fake.pay(o.providerTradeNo!, { notify: false });
    const payload = fake.eventJson(o.providerTradeNo!, 'checkout.session.completed');
    const before = await channelCount();
    expect((await send('stripe-c', webhook(payload, fake.sign(payload, other.webhookSecret)))).status).toBe(
      400,
    );
    expect(await newReasons(before)).toEqual(['signature_invalid']);
    expect(await status(t.orderId)).toBe('pending_payment');
    expect(await status(target.orderId)).toBe('pending_payment');
  });

  it('rejects a signature older than the 300 s tolerance; the same event freshly signed pays', async () => {
    const t = await startTrade();
    await fake.pay(t.providerTradeNo!, { notify: false });
    const before = await channelCount();
    const old = signedEvent(t, 'checkout.session.completed', {}, Math.floor(Date.now() / 1000) - 301);
    expect((await send('stripe-c', old)).status).toBe(400);
    expect(await newReasons(before)).toEqual(['signature_expired']);
    expect(await status(t.orderId)).toBe('pending_payment');
    expect(await send('stripe-c', signedEvent(t))).toEqual(SUCCESS);
  });

  it('a delayed payment: the unpaid completion is refused, async_payment_succeeded pays', async () => {
    const t = await startTrade();
    const before = await channelCount();
    await fake.pay(t.providerTradeNo!, { async: true });
    const s = await eventually(async () => {
      const st = await orderState(w, t.orderId);
      return st.paidEvents > 0 && st;
    });
    expect(s.paidEvents).toBe(1);
    expect(await newReasons(before)).toEqual(['status_not_success', null]);
  });

  it('a completed session that is not paid yet does not pay the order (acknowledged, so Stripe stops)', async () => {
    const t = await startTrade();
    await fake.pay(t.providerTradeNo!, { notify: false });
    const before = await channelCount();
    const reply = await send(
      'stripe-c',
      signedEvent(t, 'checkout.session.completed', { payment_status: 'unpaid' }),
    );
    expect(reply.status).toBe(200);
    expect(await newReasons(before)).toEqual(['status_not_success']);
    expect(await status(t.orderId)).toBe('pending_payment');
  });

  it('rejects a float amount_total, a boolean trade number and a foreign currency, validly signed', async () => {
    const t = await startTrade();
    await fake.pay(t.providerTradeNo!, { notify: false });
    const before = await channelCount();
    for (const patch of [
      { amount_total: t.amount + 0.5 },
      { amount_total: t.amount / 100 },
      { client_reference_id: true },
      { currency: 'usd' },
      { metadata: true },
    ]) {
      expect((await send('stripe-c', signedEvent(t, 'checkout.session.completed', patch))).status).toBe(400);
    }
    expect(await newReasons(before)).toEqual([
      'amount_malformed',
      'amount_malformed',
      'trade_missing',
      'currency_mismatch',
      'field_types',
    ]);
    expect(await status(t.orderId)).toBe('pending_payment');
  });

  it('rejects a notify without a Stripe-Signature header', async () => {
    const t = await startTrade();
    await fake.pay(t.providerTradeNo!, { notify: false });
    const n = signedEvent(t);
    const before = await channelCount();
    const reply = await send('stripe-c', { ...n, headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(await newReasons(before)).toEqual(['signature_missing']);
  });

  it('an expired session is closed when queried, and stays unpaid', async () => {
    const t = await startTrade();
    fake.expire(t.providerTradeNo!);
    await queryAttemptById(w.env.ctx(), t.attemptId);
    const [a] = await w.env.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, t.attemptId));
    expect(a!.status).toBe('closed');
    expect(await status(t.orderId)).toBe('pending_payment');
  });

  it('a gateway 500 or a refused key (401) makes creating the payment fail', async () => {
    const orderId = await insertOrder(w, 1234);
    const start = (channelId: string) =>
      startPayment(w.env.ctx(), {
        orderId,
        channelId,
        returnUrl: `${w.base}/result`,
        clientIp: '127.0.0.1',
        device: 'pc',
        baseUrl: w.base,
      }).then(
        () => 'created',
        (err: unknown) => (isAppError(err, 'PAYMENT_CREATE_FAILED') ? 'failed' : err),
      );
    fake.failNext(500, 2); // the SDK retries once
    expect(await start('stripe-c')).toBe('failed');
    fake.failNext(401);
    expect(await start('stripe-c')).toBe('failed');
    // A real 401: the channel's key is not one the account knows.
    expect(await start('stripe-k')).toBe('failed');
    const attempts = await w.env.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, orderId));
    expect(attempts).toEqual([]);
    // The gateway answers again: the same order can be paid.
    expect(await start('stripe-c')).toBe('created');
  });

  it('partial refunds of the same amount are two refunds; one above what is left is refused (REFUND_FAILED)', async () => {
    const t = await startTrade(1234);
    await fake.pay(t.providerTradeNo!, { notify: false });
    expect(await send('stripe-c', signedEvent(t))).toEqual(SUCCESS);
    const ctx = w.env.ctx();
    await refundPayment(ctx, { orderId: t.orderId, amount: 500, reason: 'one key', refundedBefore: 0 });
    await refundPayment(ctx, { orderId: t.orderId, amount: 500, reason: 'another key', refundedBefore: 500 });
    // The same refund again (its transaction lost) is replayed by Stripe, not paid twice.
    await refundPayment(ctx, { orderId: t.orderId, amount: 500, reason: 'retried', refundedBefore: 500 });
    const refused = await refundPayment(ctx, {
      orderId: t.orderId,
      amount: 300,
      reason: 'too much',
      refundedBefore: 1000,
    }).catch((err: unknown) => err);
    expect(isAppError(refused, 'REFUND_FAILED')).toBe(true);
    expect(fake.refunds(t.providerTradeNo!)).toEqual([500, 500]);
  });
});
