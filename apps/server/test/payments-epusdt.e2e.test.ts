import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../src/lib/app-error';
import { EpusdtError, epusdtProvider } from '../src/modules/payments/epusdt/epusdt-provider';
import type { ChannelConfig } from '../src/modules/payments/provider';
import { queryAttemptById } from '../src/modules/payments/query-payment';
import { paymentAttempts } from '../src/modules/payments/schema';
import { startPayment } from '../src/modules/payments/start-payment';
import { startFakeEpusdt, type FakeEpusdt } from './fakes/epusdt-gateway';
import {
  eventually,
  insertOrder,
  notifiesOf,
  orderState,
  type PayWorld,
  startTrade,
} from './payments-fixtures';
import {
  describeProviderContract,
  type NotifyHttp,
  type ProviderHarness,
  sendNotify,
} from './provider-contract';

/** One Epusdt server has one API token: `usdt-c` holds it, `usdt-o` another server's, `usdt-e` none. */
const GOOD = 'epusdt-token-good-0123456789abcdef';
const OTHER = 'epusdt-token-other-fedcba9876543210';

let w: PayWorld;
let fake: FakeEpusdt;

const post = (body: unknown): NotifyHttp => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const send = (channelId: string, n: NotifyHttp) => sendNotify(w, channelId, n);

/** Starts paying a fresh order of `total` fen on `usdt-c`; returns our trade and the fake's order. */
async function start(total: number) {
  const attempt = await startTrade(w, { channelId: 'usdt-c', total });
  return { orderId: attempt.orderId, attempt, gw: fake.orders.get(attempt.tradeNo)! };
}

const channel = (id: string, token: string): ChannelConfig => ({
  id,
  provider: 'epusdt',
  method: 'usdt',
  credentials: { token },
  settings: { gatewayUrl: fake.url },
});

describeProviderContract((): ProviderHarness => ({
  name: 'epusdt',
  channelId: 'usdt-c',
  otherChannelId: 'usdt-o',
  emptyKeyChannelId: 'usdt-e',
  successReply: { status: 200, body: 'ok' },
  secrets: [GOOD, OTHER],
  async setup(world) {
    w = world;
    fake = await startFakeEpusdt({ token: GOOD, retryDelayMs: 50 });
    for (const [id, token] of [
      ['usdt-c', GOOD],
      ['usdt-o', OTHER],
      ['usdt-e', ''],
    ] as const) {
      const res = await w.admin.post('/api/admin/payments/channels', {
        id,
        name: id,
        provider: 'epusdt',
        method: 'usdt',
        credentials: { token },
        settings: { gatewayUrl: fake.url },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  },
  async pay(t, { notify }) {
    await fake.pay(t.tradeNo, { notify: notify === 'send' });
  },
  buildNotify(t, tamper, target) {
    const paid = fake.callbackBody(t.tradeNo, { status: 2 });
    switch (tamper) {
      case null:
        return post(paid);
      case 'forged_signature':
        return post(fake.callbackBody(t.tradeNo, { status: 2, token: 'not-the-token' }));
      case 'empty_key':
        return post(fake.callbackBody(t.tradeNo, { status: 2, token: '' }));
      case 'wrong_amount':
        return post(fake.callbackBody(t.tradeNo, { status: 2, amount: (t.amount + 100) / 100 }));
      // Epusdt callbacks carry no merchant id: the attack is a callback validly signed with ANOTHER
      // shop's token (what someone holding another Epusdt server's token could produce).
      case 'wrong_merchant':
        return post(fake.callbackBody(t.tradeNo, { status: 2, token: OTHER }));
      case 'not_success':
        return post(fake.callbackBody(t.tradeNo, { status: 1 }));
      case 'array_field':
        return post({ ...paid, order_id: [t.tradeNo] });
      case 'type_confusion':
        return post({ ...paid, signature: true, amount: String(paid.amount) });
      case 'other_order':
        return post({ ...paid, order_id: target!.tradeNo });
    }
  },
  // No `refunds`: Epusdt has no refund API, refunds are recorded offline.
  close: async () => {
    await fake?.close();
  },
}));

describe('epusdt: what the buyer and the operator see', () => {
  it('the cashier shows the USDT amount, wallet address and expiry the gateway issued', async () => {
    const { attempt, gw } = await start(4321);
    // 43.21 CNY at 7.1 → 6.0859 USDT (4 decimals), sent to the server as the JSON number 43.21.
    expect(gw.amount).toBe(43.21);
    expect(fake.creates.at(-1)!.body).toContain('"amount":43.21,');
    expect(attempt.action).toEqual({
      type: 'qr',
      qr: gw.token,
      url: `${fake.url}/pay/checkout-counter/${gw.tradeId}`,
      crypto: {
        amount: '6.0859',
        currency: 'USDT',
        network: 'TRC20',
        address: gw.token,
        expiresAt: new Date(gw.expirationTime * 1000).toISOString(),
      },
    });
    expect(attempt.providerTradeNo).toBe(gw.tradeId);
    // A second waiting order of the same amount gets the next free USDT amount (how Epusdt tells them apart).
    const second = await start(4321);
    expect(second.attempt.action.crypto).toMatchObject({ amount: '6.086', address: gw.token });
  });

  it('whole and one-decimal amounts are sent and signed in Go form (100, 0.1), which the server accepts', async () => {
    const hundred = await start(10000);
    expect(fake.creates.at(-1)).toMatchObject({ statusCode: 200 });
    expect(fake.creates.at(-1)!.body).toContain('"amount":100,');
    expect(hundred.attempt.action.crypto?.amount).toBe('14.0845');
    const dime = await start(10);
    expect(fake.creates.at(-1)!.body).toContain('"amount":0.1,');
    expect(dime.gw.amount).toBe(0.1);
  });

  it('a callback signed the Go way with an empty block_transaction_id pays the order at the first try', async () => {
    fake.settings.emptyBlockTransactionId = true;
    try {
      const { orderId, attempt } = await start(2500);
      const goWay = fake.callbackBody(attempt.tradeNo, { status: 2 });
      await fake.pay(attempt.tradeNo);
      await fake.idle();
      expect(fake.callbacks.filter((c) => c.orderId === attempt.tradeNo)).toEqual([
        { orderId: attempt.tradeNo, try: 1, status: 200, body: 'ok' },
      ]);
      expect((await orderState(w, orderId)).paidEvents).toBe(1);
      // The quirk is real: the Go signature (`block_transaction_id=` kept) differs from the documented one…
      const sent = fake.callbackBody(attempt.tradeNo, { status: 2 });
      const docWay = fake.callbackBody(attempt.tradeNo, { status: 2, keepEmpty: false });
      expect(sent.block_transaction_id).toBe('');
      expect(sent.signature).not.toBe(docWay.signature);
      expect(goWay.block_transaction_id).toBe('');
      // …and a callback signed the documented way verifies too (a duplicate of the paid trade).
      expect(await send('usdt-c', post(docWay))).toEqual({ status: 200, body: 'ok' });
      expect((await orderState(w, orderId)).paidEvents).toBe(1);
    } finally {
      fake.settings.emptyBlockTransactionId = false;
    }
  });

  it('a callback with status 3 (expired) is acknowledged but does not pay; the query closes the attempt', async () => {
    const { orderId, attempt } = await start(1500);
    fake.expire(attempt.tradeNo);
    const reply = await send('usdt-c', post(fake.callbackBody(attempt.tradeNo, { status: 3 })));
    expect(reply).toEqual({ status: 200, body: 'ok' });
    expect((await notifiesOf(w, { channelId: 'usdt-c' })).at(-1)).toMatchObject({
      verdict: 'rejected',
      reason: 'status_not_success',
    });
    await queryAttemptById(w.env.ctx(), attempt.attemptId);
    const [a] = await w.env.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attempt.attemptId));
    expect(a!.status).toBe('closed');
    expect((await orderState(w, orderId)).status).toBe('pending_payment');
  });

  it("gateway refusals make createPayment throw with Epusdt's status code", async () => {
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: unknown) => (e instanceof EpusdtError ? e.statusCode : e),
      );
    const req = {
      tradeNo: 'KREFUSED0001',
      amount: 1234,
      currency: 'CNY',
      subject: 'x',
      notifyUrl: `${w.base}/api/pay/notify/usdt-c`,
      returnUrl: `${w.base}/result`,
      clientIp: '127.0.0.1',
      device: 'pc' as const,
      baseUrl: w.base,
    };
    // Another server's token: the Go middleware answers 401 (bad signature).
    expect(await refused(epusdtProvider.createPayment(channel('usdt-o', OTHER), req))).toBe(401);
    fake.settings.failNextCreate = 10003;
    expect(await refused(epusdtProvider.createPayment(channel('usdt-c', GOOD), req))).toBe(10003);
    expect(await refused(epusdtProvider.createPayment(channel('usdt-c', GOOD), req))).toBe(null);
    // The same order id again: 10002 (duplicate transaction).
    expect(await refused(epusdtProvider.createPayment(channel('usdt-c', GOOD), req))).toBe(10002);
    // An empty token is refused before anything is sent.
    const before = fake.creates.length;
    await expect(epusdtProvider.createPayment(channel('usdt-e', ''), req)).rejects.toThrow(/token/);
    expect(fake.creates.length).toBe(before);
    // Through the checkout: the refusing channel yields PAYMENT_CREATE_FAILED and no attempt.
    const orderId = await insertOrder(w, 1234);
    const err = await startPayment(w.env.ctx(), {
      orderId,
      channelId: 'usdt-o',
      returnUrl: `${w.base}/result`,
      clientIp: '127.0.0.1',
      device: 'pc',
      baseUrl: w.base,
    }).catch((e: unknown) => e);
    expect(isAppError(err, 'PAYMENT_CREATE_FAILED')).toBe(true);
    expect(await w.env.db.select().from(paymentAttempts).where(eq(paymentAttempts.orderId, orderId))).toEqual(
      [],
    );
  });

  it('a callback we refuse is retried by the gateway, at most 5 times', async () => {
    // A trade whose notify URL is another channel's: every try is refused with `fail`.
    const res = await epusdtProvider.createPayment(channel('usdt-c', GOOD), {
      tradeNo: 'KRETRY0001',
      amount: 1234,
      currency: 'CNY',
      subject: 'x',
      notifyUrl: `${w.base}/api/pay/notify/usdt-o`,
      returnUrl: `${w.base}/result`,
      clientIp: '127.0.0.1',
      device: 'pc',
      baseUrl: w.base,
    });
    expect(res.providerTradeNo).toBe(fake.orders.get('KRETRY0001')!.tradeId);
    await fake.pay('KRETRY0001');
    await eventually(async () => fake.callbacks.filter((c) => c.orderId === 'KRETRY0001').length >= 5);
    await fake.idle();
    const tries = fake.callbacks.filter((c) => c.orderId === 'KRETRY0001');
    expect(tries.map((c) => [c.try, c.status, c.body])).toEqual([1, 2, 3, 4, 5].map((i) => [i, 400, 'fail']));
  });
});
