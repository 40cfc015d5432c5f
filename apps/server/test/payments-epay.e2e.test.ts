import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:net';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../src/modules/payments/amount';
import { channelConfig, findChannel } from '../src/modules/payments/channels';
import { epayProvider } from '../src/modules/payments/epay/epay-provider';
import type { CreatePaymentRequest } from '../src/modules/payments/provider';
import { paymentAttempts } from '../src/modules/payments/schema';
import { startPayment } from '../src/modules/payments/start-payment';
import { startFakeEpay, type FakeEpayGateway } from './fakes/epay-gateway';
import { eventually, insertOrder, notifiesOf, orderState, type PayWorld } from './payments-fixtures';
import {
  describeProviderContract,
  type NotifyHttp,
  type ProviderHarness,
  type Trade,
} from './provider-contract';

type Version = 'v1' | 'v2';

interface EpayHarness extends ProviderHarness {
  world(): PayWorld;
  fake(): FakeEpayGateway;
  /** The good merchant's pid, and a V2 merchant private key that is not the platform's. */
  pid: string;
  stranger: KeyObject;
  /** Creates a channel of this version through the admin API. */
  addChannel(
    id: string,
    opts: { pid?: string; settings?: Record<string, unknown>; priority?: number; method?: string },
  ): Promise<void>;
}

const pem = (k: KeyObject, type: 'pkcs8' | 'spki') => k.export({ type, format: 'pem' }).toString();
const bare = (text: string) => text.replace(/-----[A-Z ]+-----|\s/g, '');

function epayHarness(version: Version): EpayHarness {
  const prefix = version === 'v1' ? 'epay' : 'epay2';
  const good = { pid: version === 'v1' ? '1001' : '2001', key: 'epay-v1-key-good-0123456789abcdef' };
  const other = { pid: version === 'v1' ? '1002' : '2002', key: 'epay-v1-key-other-0123456789abcdef' };
  const goodPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  // The merchant key as operators paste it from the 易支付 console: bare base64 (PKCS#8).
  const goodPriv = bare(pem(goodPair.privateKey, 'pkcs8'));
  const otherPriv = pem(otherPair.privateKey, 'pkcs8');
  let w: PayWorld;
  let fake: FakeEpayGateway;

  const credentials = (pid: string, blank = false): Record<string, string> => {
    if (version === 'v1') return { pid, key: blank ? '' : pid === other.pid ? other.key : good.key };
    return {
      pid,
      privateKey: pid === other.pid ? otherPriv : goodPriv,
      platformPublicKey: blank ? '' : fake.platform.publicKeyPem,
    };
  };
  const form = (f: Record<string, unknown>): NotifyHttp => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(f as Record<string, string>).toString(),
  });
  const get = (f: Record<string, string>): NotifyHttp => ({
    method: 'GET',
    query: new URLSearchParams(f).toString(),
  });
  // V1 notifies come by GET like the classic server; V2 ones by POST (both are accepted).
  const send = (f: Record<string, string>) => (version === 'v1' ? get(f) : form(f));

  const h: EpayHarness = {
    name: `易支付 ${version.toUpperCase()}`,
    channelId: `${prefix}-c`,
    otherChannelId: `${prefix}-o`,
    emptyKeyChannelId: `${prefix}-e`,
    successReply: { status: 200, body: 'success' },
    secrets: version === 'v1' ? [good.key, other.key] : [goodPriv, bare(otherPriv), goodPriv.slice(100, 160)],
    pid: good.pid,
    stranger,
    world: () => w,
    fake: () => fake,
    async addChannel(id, opts) {
      const res = await w.admin.post('/api/admin/payments/channels', {
        id,
        name: id,
        provider: 'epay',
        method: opts.method ?? 'alipay',
        priority: opts.priority ?? 0,
        credentials: credentials(opts.pid ?? good.pid, id.endsWith('-e')),
        settings: { gatewayUrl: fake.url, version, timeoutMs: 1000, ...opts.settings },
      });
      expect(res.statusCode, res.body).toBe(201);
    },
    async setup(world) {
      w = world;
      fake = await startFakeEpay({ retryDelayMs: 50 });
      for (const m of [good, other]) {
        fake.addMerchant(
          version === 'v1'
            ? { pid: m.pid, key: m.key }
            : { pid: m.pid, publicKey: m === good ? goodPair.publicKey : otherPair.publicKey },
        );
      }
      await h.addChannel(h.channelId, {});
      await h.addChannel(h.otherChannelId, { pid: other.pid });
      await h.addChannel(h.emptyKeyChannelId, {});
    },
    async pay(t, { notify }) {
      fake.pay(t.tradeNo, { notify });
    },
    buildNotify(t: Trade, tamper, target) {
      const f = (o?: Record<string, string | undefined>, s?: { key?: string; privateKey?: KeyObject }) =>
        fake.notifyFields(t.tradeNo, o, s);
      switch (tamper) {
        case null:
          return send(f());
        case 'forged_signature':
          return send(f({}, version === 'v1' ? { key: 'not-the-key' } : { privateKey: stranger }));
        case 'empty_key':
          // V1: signed with the empty key; V2: the platform's genuine notify, to a channel without its key.
          return send(version === 'v1' ? f({}, { key: '' }) : f());
        case 'wrong_amount':
          return send(f({ money: formatYuan(t.amount + 100) }));
        case 'wrong_merchant':
          return send(f({ pid: other.pid }));
        case 'not_success':
          return send(f({ trade_status: 'TRADE_CLOSED' }));
        case 'array_field':
          return {
            method: 'GET',
            query: `${new URLSearchParams(f()).toString()}&out_trade_no=${encodeURIComponent(t.tradeNo)}X`,
          };
        case 'type_confusion':
          return {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...f(), sign: true, money: t.amount / 100 }),
          };
        case 'other_order':
          return send({ ...f(), out_trade_no: target!.tradeNo });
      }
    },
    async refunds(t) {
      return (fake.trade(t.tradeNo)?.refunds ?? []).map((r) => Math.round(Number(r.money) * 100));
    },
    close: async () => {
      await fake?.close();
    },
  };
  return h;
}

async function startOn(
  w: PayWorld,
  channelId: string | undefined,
  total = 1234,
  extra: { method?: string; device?: 'pc' | 'mobile' } = {},
) {
  const orderId = await insertOrder(w, total);
  const started = await startPayment(w.env.ctx(), {
    orderId,
    channelId,
    method: extra.method,
    returnUrl: `${w.base}/result`,
    clientIp: '::ffff:127.0.0.1',
    device: extra.device ?? 'pc',
    baseUrl: w.base,
  });
  const [a] = await w.env.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, started.attemptId));
  return { orderId, ...started, tradeNo: a!.tradeNo, providerTradeNo: a!.providerTradeNo };
}

async function paidEvents(w: PayWorld, orderId: string) {
  return eventually(async () => {
    const s = await orderState(w, orderId);
    return s.paidEvents > 0 && s.paidEvents;
  }, 15_000);
}

async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Tests both versions share: the submit form, failover on gateway errors, test connection. */
function commonTests(h: EpayHarness, version: Version) {
  const prefix = version === 'v1' ? 'epay' : 'epay2';

  it('submit flow: a POST form whose fields carry a valid signature; the browser posting it creates the trade', async () => {
    const w = h.world();
    await h.addChannel(`${prefix}-s`, { settings: { flow: 'submit' } });
    const s = await startOn(w, `${prefix}-s`, 1234);
    expect(s.action.type).toBe('form');
    const form = s.action.form!;
    expect(form.method).toBe('POST');
    expect(form.action).toBe(`${h.fake().url}${version === 'v1' ? 'submit.php' : 'api/pay/submit'}`);
    expect(form.fields).toMatchObject({
      pid: h.pid,
      out_trade_no: s.tradeNo,
      money: '12.34',
      type: 'alipay',
    });
    expect(h.fake().checkRequest(form.fields, version)).toEqual({ ok: true });
    expect(h.fake().checkRequest({ ...form.fields, money: '0.01' }, version)).toMatchObject({ ok: false });
    // The buyer's browser posts the form; then pays; the notify pays the order.
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields).toString(),
    });
    expect(res.status).toBe(200);
    const d = h.fake().pay(s.tradeNo, { notify: 'send' })!;
    await d.done;
    expect(d.tries.at(-1)).toEqual({ status: 200, body: 'success' });
    expect(await paidEvents(w, s.orderId)).toBe(1);
  });

  it('mapi answers: qrcode → qr with that content, payurl → redirect, urlscheme → redirect with the scheme', async () => {
    const w = h.world();
    const m = h.fake().merchants.get(h.pid)!;
    const qr = await startOn(w, h.channelId);
    expect(qr.action).toEqual({ type: 'qr', qr: `https://qr.fake-epay.test/${qr.providerTradeNo}` });
    try {
      m.answer = 'payurl';
      const r = await startOn(w, h.channelId);
      expect(r.action).toEqual({ type: 'redirect', url: `${h.fake().url}pay/${r.providerTradeNo}` });
      m.answer = 'urlscheme';
      const u = await startOn(w, h.channelId, 1234, { device: 'mobile' });
      expect(u.action.type).toBe('redirect');
      expect(u.action.scheme).toMatch(/^alipays:\/\//);
    } finally {
      m.answer = 'auto';
    }
    // What was transmitted: the buyer's IPv4 (unwrapped), the device, money as "12.34".
    const sent = h.fake().requests.filter((r) => r.fields.out_trade_no === qr.tradeNo)[0]!.fields;
    expect(sent).toMatchObject({ clientip: '127.0.0.1', device: 'pc', money: '12.34' });
  });

  it('a long name is cut to 127 bytes on a character boundary, and the gateway still verifies it', async () => {
    const row = await findChannel(h.world().env.db, h.channelId);
    const req: CreatePaymentRequest = {
      tradeNo: `KLONG${version}${Date.now()}`,
      amount: 100,
      currency: 'CNY',
      subject: '超长的商品名称'.repeat(20),
      notifyUrl: `${h.world().base}/api/pay/notify/${h.channelId}`,
      returnUrl: `${h.world().base}/r`,
      clientIp: '127.0.0.1',
      device: 'pc',
      baseUrl: h.world().base,
    };
    await epayProvider.createPayment(channelConfig(h.world().env.box, row!), req);
    const name = h.fake().trade(req.tradeNo)!.name;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(127);
    expect(Buffer.byteLength(name)).toBeGreaterThan(120);
    expect(req.subject.startsWith(name)).toBe(true);
  });

  it('a gateway error (code, HTTP 500, non-JSON, timeout) makes create throw, and start-payment fails over', async () => {
    const w = h.world();
    const badPid = version === 'v1' ? '1009' : '2009';
    const bad = h.fake().addMerchant({ ...h.fake().merchants.get(h.pid)!, pid: badPid, fault: 'code' });
    await h.addChannel(`${prefix}-f`, { pid: badPid, priority: 10, method: `fo${version}` });
    await h.addChannel(`${prefix}-g`, { priority: 0, method: `fo${version}` });
    const row = await findChannel(w.env.db, `${prefix}-f`);
    const cfg = channelConfig(w.env.box, row!);
    const req: CreatePaymentRequest = {
      tradeNo: `KFAIL${version}${Date.now()}`,
      amount: 100,
      currency: 'CNY',
      subject: 'x',
      notifyUrl: `${w.base}/api/pay/notify/${prefix}-f`,
      returnUrl: `${w.base}/r`,
      clientIp: '127.0.0.1',
      device: 'pc',
      baseUrl: w.base,
    };
    const expected = {
      code: /通道维护中/,
      http500: /HTTP 500/,
      html: /non-JSON/,
      timeout: /no answer within 1000 ms/,
    };
    for (const [fault, message] of Object.entries(expected)) {
      bad.fault = fault as keyof typeof expected;
      await expect(epayProvider.createPayment(cfg, req)).rejects.toThrow(message);
    }
    // A BOM before the JSON (PHP files saved with one) is not an error.
    bad.fault = 'bom';
    await expect(
      epayProvider.createPayment(cfg, { ...req, tradeNo: `${req.tradeNo}B` }),
    ).resolves.toMatchObject({
      action: { type: 'qr' },
    });
    bad.fault = 'http500';
    const s = await startOn(w, undefined, 1234, { method: `fo${version}` });
    expect(s.channelId).toBe(`${prefix}-g`);
    expect(s.action.type).toBe('qr');
  });

  it('test connection: ok against the fake, an error against a dead port', async () => {
    const w = h.world();
    const ok = await w.admin.post(`/api/admin/payments/channels/${h.channelId}/test`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, action: { type: 'qr' }, error: null });
    await h.addChannel(`${prefix}-d`, { settings: { gatewayUrl: `http://127.0.0.1:${await deadPort()}/` } });
    const dead = await w.admin.post(`/api/admin/payments/channels/${prefix}-d/test`, {});
    expect(dead.statusCode, dead.body).toBe(200);
    expect(dead.json()).toMatchObject({ ok: false, action: null });
    expect(dead.json().error).toMatch(/unreachable/);
    // The query (V1: the raw key in the URL) fails without the key or URL in its message.
    const row = await findChannel(w.env.db, `${prefix}-d`);
    const err = await epayProvider
      .query(channelConfig(w.env.box, row!), { tradeNo: 'K1', providerTradeNo: null, amount: 1, action: {} })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    for (const secret of h.secrets) expect((err as Error).message).not.toContain(secret);
    expect((err as Error).message).not.toContain('127.0.0.1');
  });
}

describe('易支付 V1 (MD5)', () => {
  const h = epayHarness('v1');
  describeProviderContract(() => h);

  describe('易支付 V1: protocol details', () => {
    it('notifies by GET (query string) and by POST (form) are both accepted', async () => {
      const w = h.world();
      for (const method of ['GET', 'POST'] as const) {
        const s = await startOn(w, h.channelId);
        const d = h.fake().pay(s.tradeNo, { notify: 'send', method })!;
        await d.done;
        expect(d.tries).toEqual([{ status: 200, body: 'success' }]);
        expect(await paidEvents(w, s.orderId)).toBe(1);
        const logged = await notifiesOf(w, { orderId: s.orderId });
        expect(logged.map((n) => [n.method, n.verdict])).toEqual([[method, 'accepted']]);
      }
    });

    it('a notify signed over "10" where we sent "10.00" verifies, and the amount compares as integers', async () => {
      const w = h.world();
      const m = h.fake().merchants.get(h.pid)!;
      m.money = 'trim';
      try {
        const s = await startOn(w, h.channelId, 1000);
        expect(h.fake().requests.find((r) => r.fields.out_trade_no === s.tradeNo)!.fields.money).toBe(
          '10.00',
        );
        expect(h.fake().trade(s.tradeNo)!.money).toBe('10');
        const d = h.fake().pay(s.tradeNo, { notify: 'send' })!;
        await d.done;
        expect(d.tries.at(-1)).toEqual({ status: 200, body: 'success' });
        expect(await paidEvents(w, s.orderId)).toBe(1);
        const [n] = await notifiesOf(w, { orderId: s.orderId });
        expect(n!.raw).toContain('"money":"10"');
      } finally {
        m.money = 'as-sent';
      }
    });

    it('the gateway retries a failed notify until it gets success (bounded), and stops there', async () => {
      const w = h.world();
      const s = await startOn(w, h.channelId);
      const m = h.fake().merchants.get(h.pid)!;
      const key = m.key!;
      const before = await notifiesOf(w, { channelId: h.channelId });
      m.key = 'a-key-the-channel-does-not-have';
      const d = h.fake().pay(s.tradeNo, { notify: 'send' })!;
      await d.done;
      m.key = key;
      expect(d.tries).toEqual(Array.from({ length: 5 }, () => ({ status: 200, body: 'fail' })));
      const logged = (await notifiesOf(w, { channelId: h.channelId })).filter(
        (n) => !before.some((b) => b.id === n.id),
      );
      expect(logged.map((n) => n.reason)).toEqual(Array.from({ length: 5 }, () => 'signature_invalid'));
      expect((await orderState(w, s.orderId)).paidEvents).toBe(0);
      // The next round, correctly signed, is accepted at the first try and the retries stop there.
      const again = h.fake().pay(s.tradeNo, { notify: 'send' })!;
      await again.done;
      expect(again.tries).toEqual([{ status: 200, body: 'success' }]);
      expect(await paidEvents(w, s.orderId)).toBe(1);
    });

    it('a query of a fully refunded trade reports it closed', async () => {
      const w = h.world();
      const s = await startOn(w, h.channelId, 500);
      h.fake().pay(s.tradeNo, { notify: 'none' });
      const row = await findChannel(w.env.db, h.channelId);
      const cfg = channelConfig(w.env.box, row!);
      const attempt = { tradeNo: s.tradeNo, providerTradeNo: s.providerTradeNo, amount: 500, action: {} };
      expect(await epayProvider.query(cfg, attempt)).toEqual({
        status: 'paid',
        providerTradeNo: s.providerTradeNo,
        amount: 500,
      });
      await epayProvider.refund!(cfg, attempt, 500, `${attempt.tradeNo}R0A500`);
      expect(await epayProvider.query(cfg, attempt)).toEqual({ status: 'closed' });
      await expect(epayProvider.refund!(cfg, attempt, 1, `${attempt.tradeNo}R500A1`)).rejects.toThrow(
        /refund refused/,
      );
    });

    commonTests(h, 'v1');
  });
});

describe('易支付 V2 (RSA)', () => {
  const h = epayHarness('v2');
  describeProviderContract(() => h);

  describe('易支付 V2: protocol details', () => {
    it('a validly signed notify whose timestamp is older than 300 s is rejected', async () => {
      const w = h.world();
      const s = await startOn(w, h.channelId);
      h.fake().pay(s.tradeNo, { notify: 'none' });
      const send = (timestamp: number) =>
        fetch(`${w.base}/api/pay/notify/${h.channelId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(h.fake().notifyFields(s.tradeNo, { timestamp: String(timestamp) })),
        }).then((r) => r.text());
      const before = await notifiesOf(w, { channelId: h.channelId });
      const nowS = Math.floor(Date.now() / 1000);
      expect(await send(nowS - 301)).toBe('fail');
      expect(await send(nowS + 400)).toBe('fail');
      const logged = (await notifiesOf(w, { channelId: h.channelId })).filter(
        (n) => !before.some((b) => b.id === n.id),
      );
      expect(logged.map((n) => n.reason)).toEqual(['timestamp_expired', 'timestamp_expired']);
      expect((await orderState(w, s.orderId)).paidEvents).toBe(0);
      expect(await send(nowS - 60)).toBe('success');
      expect(await paidEvents(w, s.orderId)).toBe(1);
    });

    it('the gateway notifies by GET with the platform signature; the order is paid', async () => {
      const w = h.world();
      const s = await startOn(w, h.channelId);
      const d = h.fake().pay(s.tradeNo, { notify: 'send', method: 'GET' })!;
      await d.done;
      expect(d.tries).toEqual([{ status: 200, body: 'success' }]);
      expect(await paidEvents(w, s.orderId)).toBe(1);
    });

    it('an answer not signed by the platform is not believed', async () => {
      const w = h.world();
      const row = await findChannel(w.env.db, h.channelId);
      const cfg = channelConfig(w.env.box, row!);
      // The channel trusts another platform key: every answer of the fake fails verification.
      const wrongPub = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      const wrong = { ...cfg, credentials: { ...cfg.credentials, platformPublicKey: pem(wrongPub, 'spki') } };
      const s = await startOn(w, h.channelId);
      await expect(
        epayProvider.query(wrong, {
          tradeNo: s.tradeNo,
          providerTradeNo: s.providerTradeNo,
          amount: 1234,
          action: {},
        }),
      ).rejects.toThrow(/signature is invalid/);
    });

    commonTests(h, 'v2');
  });
});
