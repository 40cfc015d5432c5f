import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AlipayError } from '../src/modules/payments/alipay/alipay-client';
import { alipayProvider } from '../src/modules/payments/alipay/alipay-provider';
import type { ChannelConfig, CreatePaymentRequest } from '../src/modules/payments/provider';
import { queryAttemptById } from '../src/modules/payments/query-payment';
import { startPayment } from '../src/modules/payments/start-payment';
import { FakeAlipayGateway } from './fakes/alipay-gateway';
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
  type Trade,
  sendNotify,
} from './provider-contract';

/** An RSA key pair as the Alipay key tool gives it: PEM and bare base64 (PKCS#1 / PKCS#8 / SPKI). */
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (type: 'pkcs1' | 'pkcs8') => privateKey.export({ format: 'pem', type }).toString();
  const bare = (s: string) => s.replace(/-----[^-]+-----|\s/g, '');
  const publicPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return {
    privatePem: pem('pkcs8'),
    privateBarePkcs1: bare(pem('pkcs1')),
    publicPem,
    publicBare: bare(publicPem),
  };
}

const alipayKeys = keyPair();
const forgerKeys = keyPair();
const good = { appId: '2021000000000001', keys: keyPair() };
const other = { appId: '2021000000000002', keys: keyPair() };
// Bare base64 PKCS#1 for one channel and PEM PKCS#8 for the other: both forms must work.
const goodCreds = {
  appId: good.appId,
  privateKey: good.keys.privateBarePkcs1,
  alipayPublicKey: alipayKeys.publicBare,
};
const otherCreds = {
  appId: other.appId,
  privateKey: other.keys.privatePem,
  alipayPublicKey: alipayKeys.publicPem,
};

let w: PayWorld;
let fake: FakeAlipayGateway;

const form = (fields: Record<string, string>): NotifyHttp => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: new URLSearchParams(fields).toString(),
});
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

async function createChannel(
  id: string,
  credentials: Record<string, string>,
  settings: Record<string, unknown> = {},
) {
  const res = await w.admin.post('/api/admin/payments/channels', {
    id,
    name: id,
    provider: 'alipay',
    method: 'alipay',
    credentials,
    settings: { gatewayUrl: fake.url, ...settings },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const harness: ProviderHarness = {
  name: 'alipay',
  channelId: 'ali-c',
  otherChannelId: 'ali-o',
  emptyKeyChannelId: 'ali-e',
  successReply: { status: 200, body: 'success' },
  secrets: [good.keys.privateBarePkcs1, other.keys.privatePem, good.keys.privatePem],
  async setup(world) {
    w = world;
    fake = await FakeAlipayGateway.start({
      alipayPrivateKey: alipayKeys.privatePem,
      apps: { [good.appId]: good.keys.publicPem, [other.appId]: other.keys.publicPem },
    });
    await createChannel('ali-c', goodCreds);
    await createChannel('ali-o', otherCreds);
    await createChannel('ali-e', { ...goodCreds, alipayPublicKey: '' });
    await createChannel('ali-p', goodCreds, { product: 'page' });
  },
  async pay(t, { notify }) {
    fake.pay(t.tradeNo, { notify: notify === 'send' });
  },
  buildNotify(t: Trade, tamper, target) {
    const fields = (overrides?: Record<string, string>, key?: string) =>
      fake.notifyFields(t.tradeNo, { overrides, key });
    switch (tamper) {
      case null:
        return form(fields());
      case 'forged_signature':
        return form(fields(undefined, forgerKeys.privatePem));
      case 'empty_key':
        // Alipay's own valid notify, to the channel that has no Alipay public key: nothing verifies.
        return form(fields());
      case 'wrong_amount': {
        const a = yuan(t.amount + 100);
        return form(fields({ total_amount: a, receipt_amount: a, buyer_pay_amount: a, invoice_amount: a }));
      }
      case 'wrong_merchant':
        return form(fields({ app_id: other.appId, auth_app_id: other.appId }));
      case 'not_success':
        return form(fields({ trade_status: 'TRADE_CLOSED' }));
      case 'array_field': {
        const n = form(fields());
        return { ...n, body: `${n.body}&out_trade_no=${encodeURIComponent(`${t.tradeNo}X`)}` };
      }
      case 'type_confusion':
        return {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...fields(), sign: true, total_amount: t.amount / 100 }),
        };
      case 'other_order':
        return form({ ...fields(), out_trade_no: target!.tradeNo });
    }
  },
  refunds: async (t) => fake.refundsOf(t.tradeNo),
  close: async () => {
    await fake?.close();
  },
};

describeProviderContract(() => harness);

/** Starts a payment of `total` fen on a channel for a device; returns what the cashier got. */
const start = (channelId: string, device: 'pc' | 'mobile' | 'wechat', total = 1234) =>
  startTrade(w, { channelId, device, total });

const send = (channelId: string, n: NotifyHttp) => sendNotify(w, channelId, n);

describe('alipay: creating payments', () => {
  it('a desktop buyer gets the 当面付 QR the gateway issued, for the exact amount and notify URL', async () => {
    const s = await start('ali-c', 'pc', 1001);
    const t = fake.trade(s.tradeNo);
    expect(s.action).toEqual({ type: 'qr', qr: t.qrCode });
    expect(t.qrCode).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(t).toMatchObject({
      method: 'alipay.trade.precreate',
      appId: good.appId,
      totalAmount: '10.01',
      notifyUrl: `${w.base}/api/pay/notify/ali-c`,
    });
  });

  it('inside WeChat (where Alipay cannot open) the buyer gets the QR too', async () => {
    const s = await start('ali-c', 'wechat');
    expect(s.action.type).toBe('qr');
    expect(fake.trade(s.tradeNo).method).toBe('alipay.trade.precreate');
  });

  it('a phone gets the signed wap pay link; the gateway accepts it, and the paid notify pays the order', async () => {
    const s = await start('ali-c', 'mobile', 990);
    expect(s.action.type).toBe('redirect');
    const url = new URL(s.action.url!);
    expect(`${url.origin}${url.pathname}`).toBe(fake.url);
    expect(url.searchParams.get('method')).toBe('alipay.trade.wap.pay');
    expect(() => fake.trade(s.tradeNo)).toThrow(); // the trade exists once the buyer opens the link
    const page = await fetch(url);
    expect(page.status, await page.text()).toBe(200);
    expect(fake.trade(s.tradeNo)).toMatchObject({
      productCode: 'QUICK_WAP_WAY',
      totalAmount: '9.90',
      returnUrl: `${w.base}/result`,
      notifyUrl: `${w.base}/api/pay/notify/ali-c`,
    });
    fake.pay(s.tradeNo);
    expect(
      await eventually(async () => (await orderState(w, s.orderId)).paidEvents > 0 && true, 15_000),
    ).toBe(true);
    await eventually(async () =>
      fake.deliveries.some((d) => d.outTradeNo === s.tradeNo && d.body === 'success'),
    );
  });

  it('the gateway refuses a wap link whose amount was altered after signing', async () => {
    const s = await start('ali-c', 'mobile', 990);
    const url = new URL(s.action.url!);
    const biz = JSON.parse(url.searchParams.get('biz_content')!) as Record<string, string>;
    url.searchParams.set('biz_content', JSON.stringify({ ...biz, total_amount: '0.01' }));
    const page = await fetch(url);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('isv.invalid-signature');
    expect(() => fake.trade(s.tradeNo)).toThrow();
  });

  it("the 'page' product gives the desktop website pay link", async () => {
    const s = await start('ali-p', 'pc');
    const url = new URL(s.action.url!);
    expect(s.action.type).toBe('redirect');
    expect(url.searchParams.get('method')).toBe('alipay.trade.page.pay');
    expect((await fetch(url)).status).toBe(200);
    expect(fake.trade(s.tradeNo).productCode).toBe('FAST_INSTANT_TRADE_PAY');
  });

  describe('gateway errors make createPayment throw (and the checkout fails over, here to nothing)', () => {
    const channel: ChannelConfig = {
      id: 'ali-c',
      provider: 'alipay',
      method: 'alipay',
      credentials: goodCreds,
      settings: {},
    };
    const req = (): CreatePaymentRequest => ({
      tradeNo: `K${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      amount: 500,
      currency: 'CNY',
      subject: 'test',
      notifyUrl: `${w.base}/api/pay/notify/ali-c`,
      returnUrl: `${w.base}/result`,
      clientIp: '127.0.0.1',
      device: 'pc',
      baseUrl: w.base,
    });
    const cases = [
      ['a business error (sub_code)', 'sub_code', /ACQ\.ACCESS_FORBIDDEN/],
      ['HTTP 500', 'http500', /500/],
      ['an answer whose signature does not verify', 'bad_sign', /验签失败/],
    ] as const;
    for (const [what, fault, message] of cases) {
      it(`on ${what}`, async () => {
        const c = { ...channel, settings: { gatewayUrl: fake.url } };
        fake.failNext(fault);
        const err = await alipayProvider.createPayment(c, req()).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AlipayError);
        expect((err as Error).message).toMatch(message);
        // The same request then works: the failure was the gateway's.
        await expect(alipayProvider.createPayment(c, req())).resolves.toMatchObject({
          action: { type: 'qr' },
        });
        // Through the checkout: the only channel failed, so paying fails with a typed error.
        fake.failNext(fault);
        const orderId = await insertOrder(w, 500);
        await expect(
          startPayment(w.env.ctx(), {
            orderId,
            channelId: 'ali-c',
            returnUrl: `${w.base}/result`,
            clientIp: '127.0.0.1',
            device: 'pc',
            baseUrl: w.base,
          }),
        ).rejects.toMatchObject({ code: 'PAYMENT_CREATE_FAILED' });
      });
    }

    it('a channel without the Alipay public key never calls the gateway', async () => {
      const before = fake.calls.length;
      const err = await alipayProvider
        .createPayment({ ...channel, credentials: { ...goodCreds, alipayPublicKey: '' } }, req())
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'alipay_config' });
      expect(fake.calls.length).toBe(before);
    });
  });
});

describe('alipay: notifies and queries', () => {
  it('a notify signed with the right key but with a field changed afterwards is rejected', async () => {
    const s = await start('ali-c', 'pc');
    fake.pay(s.tradeNo, { notify: false });
    const fields = fake.notifyFields(s.tradeNo);
    const reply = await send('ali-c', form({ ...fields, subject: `${fields.subject} (changed)` }));
    expect(reply).toEqual({ status: 200, body: 'fail' });
    const logged = await notifiesOf(w, { channelId: 'ali-c' });
    expect(logged.at(-1)).toMatchObject({ verdict: 'rejected', reason: 'signature_invalid' });
    expect((await orderState(w, s.orderId)).status).toBe('pending_payment');
    // The untouched notify pays it: the rejection was about the change.
    expect(await send('ali-c', form(fields))).toEqual({ status: 200, body: 'success' });
    expect((await orderState(w, s.orderId)).paidEvents).toBe(1);
  });

  it('a notify without a sign, or with sign_type RSA, is rejected', async () => {
    const s = await start('ali-c', 'pc');
    fake.pay(s.tradeNo, { notify: false });
    const { sign: _sign, ...unsigned } = fake.notifyFields(s.tradeNo);
    expect(await send('ali-c', form(unsigned))).toEqual({ status: 200, body: 'fail' });
    expect(await send('ali-c', form({ ...unsigned, sign: '' }))).toEqual({ status: 200, body: 'fail' });
    const rsa = fake.notifyFields(s.tradeNo, { overrides: { sign_type: 'RSA' } });
    expect(await send('ali-c', form(rsa))).toEqual({ status: 200, body: 'fail' });
    const reasons = (await notifiesOf(w, { channelId: 'ali-c' })).slice(-3).map((n) => n.reason);
    expect(reasons).toEqual(['signature_missing', 'signature_missing', 'sign_type']);
    expect((await orderState(w, s.orderId)).status).toBe('pending_payment');
  });

  it('the empty-key channel logs why it refused', async () => {
    const s = await start('ali-c', 'pc');
    fake.pay(s.tradeNo, { notify: false });
    expect(await send('ali-e', form(fake.notifyFields(s.tradeNo)))).toEqual({
      status: 200,
      body: 'fail',
    });
    expect((await notifiesOf(w, { channelId: 'ali-e' })).at(-1)?.reason).toBe('key_empty');
  });

  it('TRADE_FINISHED counts as paid (notify sent by the gateway)', async () => {
    const s = await start('ali-c', 'pc', 4321);
    fake.pay(s.tradeNo, { status: 'TRADE_FINISHED' });
    await eventually(async () => (await orderState(w, s.orderId)).paidEvents > 0, 15_000);
    expect((await orderState(w, s.orderId)).paidEvents).toBe(1);
  });

  it('TRADE_FINISHED found by the query heals the order too', async () => {
    const s = await start('ali-c', 'pc', 4321);
    fake.pay(s.tradeNo, { status: 'TRADE_FINISHED', notify: false });
    await queryAttemptById(w.env.ctx(), s.attemptId);
    expect((await orderState(w, s.orderId)).paidEvents).toBe(1);
  });

  it('a scanned but unpaid trade (WAIT_BUYER_PAY) stays unpaid when queried', async () => {
    const s = await start('ali-c', 'pc');
    fake.scan(s.tradeNo);
    const callsBefore = fake.calls.length;
    await queryAttemptById(w.env.ctx(), s.attemptId);
    expect(fake.calls.slice(callsBefore).map((c) => c.method)).toEqual(['alipay.trade.query']);
    expect((await orderState(w, s.orderId)).status).toBe('pending_payment');
  });
});

describe('alipay: test connection', () => {
  it('reports ok with the QR of a 0.01 precreate on the fake gateway', async () => {
    const res = await w.admin.post('/api/admin/payments/channels/ali-c/test');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ ok: boolean; action: { type: string; qr: string }; error: string | null }>();
    expect(body).toMatchObject({ ok: true, error: null, action: { type: 'qr' } });
    const t = [...fake.trades.values()].find((x) => x.qrCode === body.action.qr);
    expect(t?.totalAmount).toBe('0.01');
  });

  it('reports the problem on the channel without an Alipay public key', async () => {
    const res = await w.admin.post('/api/admin/payments/channels/ali-e/test');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, error: expect.stringMatching(/alipayPublicKey/) });
  });
});
