import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { channelConfig, findChannel } from '../src/modules/payments/channels';
import { paymentAttempts } from '../src/modules/payments/schema';
import { startPayment } from '../src/modules/payments/start-payment';
import { wechatpayProvider } from '../src/modules/payments/wechatpay/wechatpay-provider';
import {
  buildWechatNotify,
  rsaPair,
  startFakeWechatpay,
  transactionJson,
  type FakeWechatpay,
  type WechatNotify,
} from './fakes/wechatpay-gateway';
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
  type Tamper,
  type Trade,
} from './provider-contract';

const merchant = (mchId: string, appId: string, serialNo: string) => ({
  mchId,
  appId,
  serialNo,
  keys: rsaPair(),
  apiV3Key: randomBytes(16).toString('hex'),
});
const good = merchant('1900000001', 'wx8888888888888888', '5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
const other = merchant('1900000002', 'wx9999999999999999', '3775B6A45ACD588826D15E583A95F5DD2C1E9B01');
/** A key WeChat Pay never had (forgeries) and an APIv3 key that is not the merchant's. */
const stray = rsaPair();
const strayApiV3Key = randomBytes(16).toString('hex');

let w: PayWorld;
let fake: FakeWechatpay;

const credentialsOf = (m: typeof good, platformPublicKey: string) => ({
  mchId: m.mchId,
  appId: m.appId,
  serialNo: m.serialNo,
  privateKey: m.keys.privatePem,
  apiV3Key: m.apiV3Key,
  platformSerial: fake.platform.serial,
  platformPublicKey,
});

const post = (n: WechatNotify): NotifyHttp => ({ method: 'POST', headers: n.headers, body: n.body });

/** The paid transaction of a trade as the fake holds it, with `patch` applied. */
function paidTx(t: Trade, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...transactionJson(fake.trade(t.tradeNo)!), ...patch };
}

function notify(
  transaction: unknown,
  o: { key?: typeof stray.privateKey; serial?: string; apiV3Key?: string; timestamp?: string } = {},
): WechatNotify {
  return buildWechatNotify({
    transaction,
    apiV3Key: o.apiV3Key ?? good.apiV3Key,
    key: o.key ?? fake.platform.privateKey,
    serial: o.serial ?? fake.platform.serial,
    timestamp: o.timestamp,
  });
}

const harness: ProviderHarness = {
  name: 'wechatpay',
  channelId: 'wx-c',
  otherChannelId: 'wx-o',
  emptyKeyChannelId: 'wx-e',
  successReply: { status: 204, body: '' },
  secrets: [good.keys.privatePem, good.apiV3Key, other.keys.privatePem, other.apiV3Key],
  async setup(world) {
    w = world;
    fake = await startFakeWechatpay();
    for (const m of [good, other]) fake.addMerchant({ ...m, publicKey: m.keys.publicKey });
    for (const [id, credentials] of [
      ['wx-c', credentialsOf(good, fake.platform.publicPem)],
      ['wx-o', credentialsOf(other, fake.platform.publicPem)],
      ['wx-e', credentialsOf(good, '')],
    ] as const) {
      const res = await w.admin.post('/api/admin/payments/channels', {
        id,
        name: id,
        provider: 'wechatpay',
        method: 'wxpay',
        credentials,
        settings: { gatewayUrl: fake.url },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  },
  async pay(t, { notify: n }) {
    fake.pay(t.tradeNo, { notify: n });
  },
  buildNotify(t, tamper, target) {
    const tx = paidTx(t);
    const amount = tx.amount as Record<string, unknown>;
    switch (tamper) {
      case null:
        return post(notify(tx));
      case 'forged_signature':
        return post(notify(tx, { key: stray.privateKey }));
      case 'empty_key': {
        const n = notify(tx);
        return post({ ...n, headers: { ...n.headers, 'wechatpay-signature': '' } });
      }
      case 'wrong_amount':
        return post(notify({ ...tx, amount: { ...amount, total: t.amount + 1, payer_total: t.amount + 1 } }));
      case 'wrong_merchant':
        return post(notify({ ...tx, mchid: other.mchId }));
      case 'not_success':
        return post(notify({ ...tx, trade_state: 'PAYERROR', trade_state_desc: '支付失败' }));
      case 'array_field':
        return post(notify({ ...tx, out_trade_no: [t.tradeNo] }));
      case 'type_confusion':
        return post(notify({ ...tx, amount: { ...amount, total: String(t.amount) } }));
      case 'other_order': {
        // The attacker holds this trade's genuine notify but neither the APIv3 key nor the platform
        // key: all it can do is relabel the plaintext envelope, which the signature covers.
        const n = notify(tx);
        const body = JSON.parse(n.body) as Record<string, unknown>;
        return post({ ...n, body: JSON.stringify({ ...body, out_trade_no: target!.tradeNo }) });
      }
    }
  },
  async refunds(t) {
    return fake.refunds.filter((r) => r.outTradeNo === t.tradeNo).map((r) => r.refund);
  },
  close: async () => {
    await fake?.close();
  },
};

describeProviderContract(() => harness);

/** Starts a payment on wx-c (a phone buyer: Native answers with a QR there too) and returns our trade. */
const start = (total = 1234) => startTrade(w, { channelId: 'wx-c', total, device: 'mobile' });

/** Sends a notify to wx-c; returns our reply and the reasons logged for it. */
async function sendLogged(n: WechatNotify | NotifyHttp, headersOverride?: Record<string, string>) {
  const before = await notifiesOf(w, { channelId: 'wx-c' });
  const res = await fetch(`${w.base}/api/pay/notify/wx-c`, {
    method: 'POST',
    headers: { ...n.headers, ...headersOverride },
    body: n.body,
  });
  const reply = { status: res.status, body: await res.text() };
  const logged = (await notifiesOf(w, { channelId: 'wx-c' })).filter(
    (x) => !before.some((b) => b.id === x.id),
  );
  return { reply, reasons: logged.map((x) => `${x.verdict}:${x.reason ?? ''}`) };
}

const REFUSED = { status: 400, body: JSON.stringify({ code: 'FAIL', message: '失败' }) };

describe('wechatpay: protocol specifics', () => {
  it('each tamper of the contract fails for its own reason', async () => {
    const expected: [Tamper, string, string][] = [
      ['forged_signature', 'wx-c', 'signature_invalid'],
      ['empty_key', 'wx-e', 'key_empty'],
      ['wrong_amount', 'wx-c', 'amount_mismatch'],
      ['wrong_merchant', 'wx-c', 'merchant_mismatch'],
      ['not_success', 'wx-c', 'status_not_success'],
      ['array_field', 'wx-c', 'field_types'],
      ['type_confusion', 'wx-c', 'field_types'],
      ['other_order', 'wx-c', 'signature_invalid'],
    ];
    const t = await start();
    const target = await start(9900);
    fake.pay(t.tradeNo, { notify: 'none' });
    for (const [tamper, channelId, reason] of expected) {
      const before = await notifiesOf(w, { channelId });
      const n = harness.buildNotify(t, tamper, target);
      const res = await fetch(`${w.base}/api/pay/notify/${channelId}`, {
        method: 'POST',
        headers: n.headers,
        body: n.body,
      });
      expect(res.status, tamper).toBe(tamper === 'not_success' ? 204 : 400);
      const logged = (await notifiesOf(w, { channelId })).filter((x) => !before.some((b) => b.id === x.id));
      expect(
        logged.map((x) => x.reason),
        tamper,
      ).toEqual([reason]);
    }
    // A notify to the other merchant's channel cannot even be decrypted there (another APIv3 key).
    const n = harness.buildNotify(t, null);
    const before = await notifiesOf(w, { channelId: 'wx-o' });
    await fetch(`${w.base}/api/pay/notify/wx-o`, { method: 'POST', headers: n.headers, body: n.body });
    const logged = (await notifiesOf(w, { channelId: 'wx-o' })).filter(
      (x) => !before.some((b) => b.id === x.id),
    );
    expect(logged.map((x) => x.reason)).toEqual(['decrypt_failed']);
    expect((await orderState(w, t.orderId)).status).toBe('pending_payment');
    expect((await orderState(w, target.orderId)).status).toBe('pending_payment');
  });

  it('asks WeChat Pay for a Native payment in integer fen and shows its code_url as a QR', async () => {
    const t = await start(1999);
    const trade = fake.trade(t.tradeNo)!;
    expect(trade).toMatchObject({
      mchId: good.mchId,
      appId: good.appId,
      total: 1999,
      notifyUrl: `${w.base}/api/pay/notify/wx-c`,
      state: 'NOTPAY',
    });
    expect(t.action).toEqual({ type: 'qr', qr: trade.codeUrl });
    expect(trade.codeUrl).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=/);
  });

  it('rejects a resource encrypted with another APIv3 key', async () => {
    const t = await start();
    fake.pay(t.tradeNo, { notify: 'none' });
    const r = await sendLogged(notify(paidTx(t), { apiV3Key: strayApiV3Key }));
    expect(r).toEqual({ reply: REFUSED, reasons: ['rejected:decrypt_failed'] });
    expect((await orderState(w, t.orderId)).status).toBe('pending_payment');
  });

  it('rejects a validly signed notify whose timestamp is more than five minutes old', async () => {
    const t = await start();
    fake.pay(t.tradeNo, { notify: 'none' });
    const old = String(Math.floor(Date.now() / 1000) - 301);
    const r = await sendLogged(notify(paidTx(t), { timestamp: old }));
    expect(r).toEqual({ reply: REFUSED, reasons: ['rejected:timestamp_expired'] });
    expect((await orderState(w, t.orderId)).status).toBe('pending_payment');
  });

  it('rejects a notify under the serial of another certificate, whoever signed it', async () => {
    const t = await start();
    fake.pay(t.tradeNo, { notify: 'none' });
    const otherSerial = 'PUB_KEY_ID_0119000000022025OTHER0001';
    const byPlatform = await sendLogged(notify(paidTx(t), { serial: otherSerial }));
    const byStray = await sendLogged(notify(paidTx(t), { serial: otherSerial, key: stray.privateKey }));
    expect(byPlatform).toEqual({ reply: REFUSED, reasons: ['rejected:serial_mismatch'] });
    expect(byStray).toEqual({ reply: REFUSED, reasons: ['rejected:serial_mismatch'] });
    expect((await orderState(w, t.orderId)).status).toBe('pending_payment');
  });

  it('rejects a transaction of another AppID, and a signature header sent twice', async () => {
    const t = await start();
    fake.pay(t.tradeNo, { notify: 'none' });
    const r = await sendLogged(notify(paidTx(t, { appid: other.appId })));
    expect(r).toEqual({ reply: REFUSED, reasons: ['rejected:appid_mismatch'] });
    // Two Wechatpay-Signature lines (node joins them): never a valid signature.
    const n = notify(paidTx(t));
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${w.base}/api/pay/notify/wx-c`, {
        method: 'POST',
        headers: { ...n.headers, 'wechatpay-signature': [n.headers['wechatpay-signature']!, 'AAAA'] },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(n.body);
    });
    expect(status).toBe(400);
    expect((await orderState(w, t.orderId)).status).toBe('pending_payment');
    // The untouched notify still pays: the rejections were about what was altered.
    expect((await sendLogged(n)).reply.status).toBe(204);
  });

  it('WeChat Pay retries a refused notify until our 2xx; the order is paid once', async () => {
    const t = await start();
    fake.control.forgeNextNotifies = 2;
    fake.pay(t.tradeNo, { notify: 'send' });
    await eventually(async () => (await orderState(w, t.orderId)).paidEvents > 0, 15_000);
    await eventually(async () => fake.deliveries.filter((d) => d.outTradeNo === t.tradeNo).length === 3);
    expect(fake.deliveries.filter((d) => d.outTradeNo === t.tradeNo).map((d) => d.status)).toEqual([
      400, 400, 204,
    ]);
    const logged = await notifiesOf(w, { channelId: 'wx-c' });
    expect(logged.filter((x) => x.reason === 'signature_invalid').length).toBeGreaterThanOrEqual(2);
    expect((await orderState(w, t.orderId)).paidEvents).toBe(1);
  });

  it('an answer that does not verify makes createPayment throw, and no attempt is recorded', async () => {
    const channel = channelConfig(w.env.box, (await findChannel(w.env.db, 'wx-c'))!);
    const req = {
      tradeNo: `K${randomBytes(12).toString('hex').toUpperCase()}`,
      amount: 100,
      currency: 'CNY',
      subject: 'test',
      notifyUrl: `${w.base}/api/pay/notify/wx-c`,
      returnUrl: `${w.base}/`,
      clientIp: '127.0.0.1',
      device: 'pc' as const,
      baseUrl: w.base,
    };
    try {
      for (const [fault, reason] of [
        ['signature', 'signature_invalid'],
        ['serial', 'serial_mismatch'],
        ['stale', 'timestamp_expired'],
      ] as const) {
        fake.control.answerFault = fault;
        await expect(wechatpayProvider.createPayment(channel, req)).rejects.toMatchObject({
          code: 'ANSWER_UNVERIFIED',
          message: expect.stringContaining(reason),
        });
      }
      const orderId = await insertOrder(w, 500);
      await expect(
        startPayment(w.env.ctx(), {
          orderId,
          channelId: 'wx-c',
          returnUrl: `${w.base}/result`,
          clientIp: '127.0.0.1',
          device: 'pc',
          baseUrl: w.base,
        }),
      ).rejects.toMatchObject({ code: 'PAYMENT_CREATE_FAILED' });
      expect(
        await w.env.db.select().from(paymentAttempts).where(eq(paymentAttempts.orderId, orderId)),
      ).toEqual([]);
    } finally {
      fake.control.answerFault = null;
    }
    // The same call with honest answers works.
    await expect(wechatpayProvider.createPayment(channel, req)).resolves.toMatchObject({
      action: { type: 'qr' },
    });
  });

  it('WeChat Pay refuses a request signed with a key that is not the merchant API key', async () => {
    const channel = channelConfig(w.env.box, (await findChannel(w.env.db, 'wx-c'))!);
    const forged = { ...channel, credentials: { ...channel.credentials, privateKey: stray.privatePem } };
    const before = fake.unauthorized;
    const attempt = {
      tradeNo: `K${randomBytes(12).toString('hex')}`,
      providerTradeNo: null,
      amount: 1,
      action: {},
    };
    await expect(wechatpayProvider.query(forged, attempt)).rejects.toMatchObject({
      code: 'SIGN_ERROR',
      status: 401,
    });
    expect(fake.unauthorized).toBe(before + 1);
    // The real key: a trade WeChat Pay never saw (404 ORDER_NOT_EXIST) is simply unpaid.
    await expect(wechatpayProvider.query(channel, attempt)).resolves.toEqual({ status: 'unpaid' });
  });

  it('a query reports a closed trade as closed and a refunded one never as paid', async () => {
    const channel = channelConfig(w.env.box, (await findChannel(w.env.db, 'wx-c'))!);
    const t = await start();
    const attempt = { tradeNo: t.tradeNo, providerTradeNo: null, amount: t.amount, action: t.action };
    fake.trade(t.tradeNo)!.state = 'CLOSED';
    await expect(wechatpayProvider.query(channel, attempt)).resolves.toEqual({ status: 'closed' });
    fake.trade(t.tradeNo)!.state = 'NOTPAY';
    fake.pay(t.tradeNo, { notify: 'none' });
    const paid = await wechatpayProvider.query(channel, attempt);
    expect(paid).toEqual({
      status: 'paid',
      amount: t.amount,
      providerTradeNo: fake.trade(t.tradeNo)!.transactionId,
    });
  });
});
