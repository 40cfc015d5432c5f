/**
 * A protocol-faithful fake of api.mch.weixin.qq.com (WeChat Pay API v3) on 127.0.0.1: it checks the
 * merchant's `Authorization` signature with the merchant public key the test registered, signs every
 * answer with its own platform key and serial, keeps Native trades and refunds, and sends real v3
 * notifies (AEAD_AES_256_GCM resource under the merchant's APIv3 key, signed headers), retrying until
 * a 2xx (bounded).
 */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  answerMessage,
  encryptResource,
  MAX_SKEW_S,
  newNonce,
  parseAuthorization,
  requestMessage,
  rsaSign,
  rsaVerify,
} from '../../src/modules/payments/wechatpay/wechatpay-sign';

/** A merchant the fake knows: its API certificate's public key and serial, its APIv3 key, its AppID. */
export interface FakeMerchant {
  mchId: string;
  appId: string;
  serialNo: string;
  publicKey: KeyObject;
  apiV3Key: string;
}

export interface FakeTrade {
  mchId: string;
  appId: string;
  outTradeNo: string;
  total: number;
  description: string;
  notifyUrl: string;
  codeUrl: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transactionId: string | null;
  successTime: string | null;
}

export interface FakeRefund {
  mchId: string;
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  refund: number;
}

/** A v3 notify request as WeChat Pay sends it (headers + JSON body). */
export interface WechatNotify {
  headers: Record<string, string>;
  body: string;
}

/** A fresh RSA-2048 key pair, the public half also as PEM. */
export function rsaPair(): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privatePem: string;
  publicPem: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** RFC 3339 in Beijing time, as WeChat Pay writes times. */
function beijing(ms = Date.now()): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** The four Wechatpay-* headers over a body. */
export function signedHeaders(
  body: string,
  key: KeyObject,
  serial: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  const nonce = newNonce();
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': rsaSign(answerMessage(timestamp, nonce, body), key),
    'wechatpay-serial': serial,
  };
}

/**
 * A v3 payment notify around a transaction (any JSON value, so tests can put wrong types in it),
 * encrypted with `apiV3Key` and signed with `key` / `serial`.
 */
export function buildWechatNotify(o: {
  transaction: unknown;
  apiV3Key: string;
  key: KeyObject;
  serial: string;
  eventType?: string;
  timestamp?: string;
}): WechatNotify {
  const success = (o.eventType ?? 'TRANSACTION.SUCCESS') === 'TRANSACTION.SUCCESS';
  const body = JSON.stringify({
    id: randomUUID(),
    create_time: beijing(),
    resource_type: 'encrypt-resource',
    event_type: o.eventType ?? 'TRANSACTION.SUCCESS',
    summary: success ? '支付成功' : '支付失败',
    resource: encryptResource(o.apiV3Key, JSON.stringify(o.transaction)),
  });
  return {
    headers: { 'content-type': 'application/json', ...signedHeaders(body, o.key, o.serial, o.timestamp) },
    body,
  };
}

/** What the transaction of a trade looks like (query answers and notify resources). */
export function transactionJson(t: FakeTrade): Record<string, unknown> {
  const base = {
    appid: t.appId,
    mchid: t.mchId,
    out_trade_no: t.outTradeNo,
    trade_state: t.state,
    trade_state_desc: t.state === 'SUCCESS' ? '支付成功' : t.state === 'NOTPAY' ? '订单未支付' : t.state,
    attach: '',
  };
  if (!t.transactionId)
    return { ...base, amount: { total: t.total, currency: 'CNY', payer_currency: 'CNY' } };
  return {
    ...base,
    transaction_id: t.transactionId,
    trade_type: 'NATIVE',
    bank_type: 'OTHERS',
    success_time: t.successTime,
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: t.total, payer_total: t.total, currency: 'CNY', payer_currency: 'CNY' },
  };
}

export interface FakeWechatpay {
  url: string;
  platform: { serial: string; privateKey: KeyObject; publicPem: string };
  trades: Map<string, FakeTrade>;
  refunds: FakeRefund[];
  /** Notify deliveries: trade, HTTP status of our reply (0: connection error). */
  deliveries: { outTradeNo: string; status: number }[];
  /** Requests refused for their Authorization (401 SIGN_ERROR). */
  unauthorized: number;
  control: {
    /** Answers signed wrongly: another key, another serial, or a timestamp ten minutes old. */
    answerFault: 'signature' | 'serial' | 'stale' | null;
    /** The next N notifies are sent with a forged signature (our server must refuse, the fake retries). */
    forgeNextNotifies: number;
  };
  addMerchant(m: FakeMerchant): void;
  trade(outTradeNo: string): FakeTrade | undefined;
  /** The buyer scans and pays; with `notify: 'send'` the notify is delivered in the background. */
  pay(outTradeNo: string, opts: { notify: 'send' | 'none' }): void;
  /** The notify of a trade, as the fake would send it now. */
  notifyOf(outTradeNo: string): WechatNotify;
  close(): Promise<void>;
}

const MAX_DELIVERIES = 6;

/** Starts the fake on 127.0.0.1 (port 0). */
export async function startFakeWechatpay(): Promise<FakeWechatpay> {
  const platformKeys = rsaPair();
  const stray = rsaPair();
  const merchants = new Map<string, FakeMerchant>();
  const trades = new Map<string, FakeTrade>();
  const pending = new Set<Promise<void>>();
  let closed = false;

  const fake: FakeWechatpay = {
    url: '',
    platform: {
      serial: 'PUB_KEY_ID_0119000000012025FAKE0001',
      privateKey: platformKeys.privateKey,
      publicPem: platformKeys.publicPem,
    },
    trades,
    refunds: [],
    deliveries: [],
    unauthorized: 0,
    control: { answerFault: null, forgeNextNotifies: 0 },
    addMerchant: (m) => void merchants.set(m.mchId, m),
    trade: (no) => trades.get(no),
    pay(outTradeNo, { notify }) {
      const t = trades.get(outTradeNo);
      if (!t) throw new Error(`fake wechatpay: no trade ${outTradeNo}`);
      if (t.state === 'NOTPAY') {
        t.state = 'SUCCESS';
        t.transactionId = `4200${Date.now()}${randomBytes(4).readUInt32BE(0)}`.slice(0, 28).padEnd(28, '0');
        t.successTime = beijing();
      }
      if (notify === 'send') {
        const p = deliver(t).finally(() => pending.delete(p));
        pending.add(p);
      }
    },
    notifyOf(outTradeNo) {
      const t = trades.get(outTradeNo)!;
      return buildWechatNotify({
        transaction: transactionJson(t),
        apiV3Key: merchants.get(t.mchId)!.apiV3Key,
        key: platformKeys.privateKey,
        serial: fake.platform.serial,
      });
    },
    async close() {
      closed = true;
      await Promise.allSettled([...pending]);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  async function deliver(t: FakeTrade): Promise<void> {
    for (let i = 0; i < MAX_DELIVERIES && !closed; i++) {
      const n = fake.notifyOf(t.outTradeNo);
      if (fake.control.forgeNextNotifies > 0) {
        fake.control.forgeNextNotifies--;
        n.headers = { ...n.headers, ...signedHeaders(n.body, stray.privateKey, fake.platform.serial) };
      }
      let status = 0;
      try {
        const res = await fetch(t.notifyUrl, {
          method: 'POST',
          headers: n.headers,
          body: n.body,
          signal: AbortSignal.timeout(5000),
        });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      fake.deliveries.push({ outTradeNo: t.outTradeNo, status });
      if (status >= 200 && status < 300) return;
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** i, 1000)));
    }
  }

  function answer(res: ServerResponse, status: number, json: unknown) {
    const body = json === undefined ? '' : JSON.stringify(json);
    const f = fake.control.answerFault;
    const ts = String(Math.floor(Date.now() / 1000) - (f === 'stale' ? 600 : 0));
    const headers = signedHeaders(
      body,
      f === 'signature' ? stray.privateKey : platformKeys.privateKey,
      f === 'serial' ? 'PUB_KEY_ID_0119000000012025OTHER001' : fake.platform.serial,
      ts,
    );
    res.writeHead(status, {
      ...headers,
      'request-id': randomUUID(),
      ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    });
    res.end(body);
  }
  const fail = (res: ServerResponse, status: number, code: string, message: string) =>
    answer(res, status, { code, message });

  /** The merchant of a request whose Authorization verifies, else null (401 already sent). */
  function authenticate(req: IncomingMessage, body: string, res: ServerResponse): FakeMerchant | null {
    const a = parseAuthorization(String(req.headers.authorization ?? ''));
    const m = a && merchants.get(a.mchid!);
    const ok =
      a &&
      m &&
      a.serial_no === m.serialNo &&
      /^\d+$/.test(a.timestamp!) &&
      Math.abs(Date.now() / 1000 - Number(a.timestamp)) <= MAX_SKEW_S &&
      rsaVerify(
        requestMessage(req.method!, req.url!, a.timestamp!, a.nonce_str!, body),
        a.signature!,
        m.publicKey,
      );
    if (ok) return m;
    fake.unauthorized++;
    fail(res, 401, 'SIGN_ERROR', '签名错误，请检查后再试');
    return null;
  }

  function json(body: string): Record<string, unknown> | null {
    try {
      const v: unknown = JSON.parse(body);
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  const isFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

  function route(req: IncomingMessage, body: string, res: ServerResponse) {
    const m = authenticate(req, body, res);
    if (!m) return;
    const url = new URL(req.url!, 'http://fake');
    if (req.method === 'POST' && url.pathname === '/v3/pay/transactions/native') {
      const p = json(body);
      const amount = p && (p.amount as Record<string, unknown> | undefined);
      if (
        !p ||
        typeof p.description !== 'string' ||
        !p.description ||
        Buffer.byteLength(p.description) > 127 ||
        typeof p.out_trade_no !== 'string' ||
        !/^[0-9A-Za-z_\-*|]{6,32}$/.test(p.out_trade_no) ||
        typeof p.notify_url !== 'string' ||
        !/^https?:\/\/[^?#]+$/.test(p.notify_url) ||
        typeof amount !== 'object' ||
        !isFen(amount?.total) ||
        (amount.currency !== undefined && amount.currency !== 'CNY')
      ) {
        return fail(res, 400, 'PARAM_ERROR', '参数错误');
      }
      if (p.mchid !== m.mchId || p.appid !== m.appId) {
        return fail(res, 400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
      }
      const existing = trades.get(p.out_trade_no);
      if (existing) {
        if (existing.mchId === m.mchId && existing.total === amount.total && existing.state === 'NOTPAY') {
          return answer(res, 200, { code_url: existing.codeUrl });
        }
        return fail(res, 400, existing.state === 'SUCCESS' ? 'ORDERPAID' : 'INVALID_REQUEST', '订单号重复');
      }
      const t: FakeTrade = {
        mchId: m.mchId,
        appId: m.appId,
        outTradeNo: p.out_trade_no,
        total: amount.total,
        description: p.description,
        notifyUrl: p.notify_url,
        codeUrl: `weixin://wxpay/bizpayurl?pr=${randomBytes(6).toString('base64url')}`,
        state: 'NOTPAY',
        transactionId: null,
        successTime: null,
      };
      trades.set(t.outTradeNo, t);
      return answer(res, 200, { code_url: t.codeUrl });
    }
    const q = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && q) {
      if (url.searchParams.get('mchid') !== m.mchId) return fail(res, 400, 'PARAM_ERROR', 'mchid');
      const t = trades.get(decodeURIComponent(q[1]!));
      if (!t || t.mchId !== m.mchId) return fail(res, 404, 'ORDER_NOT_EXIST', '订单不存在');
      return answer(res, 200, transactionJson(t));
    }
    if (req.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') {
      const p = json(body);
      const amount = p && (p.amount as Record<string, unknown> | undefined);
      const t = p && typeof p.out_trade_no === 'string' ? trades.get(p.out_trade_no) : undefined;
      if (!p || typeof p.out_refund_no !== 'string' || !/^[0-9A-Za-z_\-*|@]{1,64}$/.test(p.out_refund_no)) {
        return fail(res, 400, 'PARAM_ERROR', '参数错误');
      }
      if (!t || t.mchId !== m.mchId) return fail(res, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
      if (
        typeof amount !== 'object' ||
        !isFen(amount?.refund) ||
        amount.total !== t.total ||
        amount.currency !== 'CNY'
      ) {
        return fail(res, 400, 'PARAM_ERROR', '金额参数错误');
      }
      if (t.state !== 'SUCCESS' && t.state !== 'REFUND')
        return fail(res, 403, 'TRADE_NOT_PAID', '订单未支付');
      if (fake.refunds.some((r) => r.mchId === m.mchId && r.outRefundNo === p.out_refund_no)) {
        return fail(res, 400, 'INVALID_REQUEST', '退款单号重复');
      }
      const refunded = fake.refunds
        .filter((r) => r.outTradeNo === t.outTradeNo)
        .reduce((s, r) => s + r.refund, 0);
      if (refunded + amount.refund > t.total) return fail(res, 403, 'NOT_ENOUGH', '退款金额超过可退金额');
      const r: FakeRefund = {
        mchId: m.mchId,
        outTradeNo: t.outTradeNo,
        outRefundNo: p.out_refund_no,
        refundId: `50300${Date.now()}${randomBytes(3).readUIntBE(0, 3)}`.slice(0, 29),
        refund: amount.refund,
      };
      fake.refunds.push(r);
      t.state = 'REFUND';
      return answer(res, 200, {
        refund_id: r.refundId,
        out_refund_no: r.outRefundNo,
        transaction_id: t.transactionId,
        out_trade_no: t.outTradeNo,
        channel: 'ORIGINAL',
        user_received_account: '支付用户零钱',
        create_time: beijing(),
        status: 'PROCESSING',
        funds_account: 'AVAILABLE',
        amount: {
          total: t.total,
          refund: r.refund,
          payer_total: t.total,
          payer_refund: r.refund,
          settlement_total: t.total,
          settlement_refund: r.refund,
          discount_refund: 0,
          currency: 'CNY',
        },
      });
    }
    return fail(res, 404, 'NOT_FOUND', '无此接口');
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
