/**
 * A protocol-faithful fake Epusdt server (assimon/epusdt) on 127.0.0.1: create-transaction with the
 * Go server's signature check (sign.go: every field but `signature`, nil skipped, empty strings KEPT,
 * numbers in Go's shortest form), its `{status_code, message, data, request_id}` envelope (always
 * HTTP 200), the checkout counter and its status endpoint, and the callback queue: a JSON POST signed
 * the Go way, retried until the reply body is exactly `ok` (bounded tries, short backoff).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * sign.go's MapToParams + md5, written here independently of the provider's signer so that the two
 * check each other. `keepEmpty: false` is the documented (PHP) reading, for tests of the quirk.
 */
export function goSign(params: Record<string, unknown>, token: string, keepEmpty = true): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (k === 'signature' || v === null || v === undefined) continue;
    let text: string;
    if (typeof v === 'string') text = v;
    else if (typeof v === 'number') {
      // FormatFloat(v, 'f', -1, 64): the shortest round-trip digits, as JS writes them in this range.
      text = String(v);
      if (/e/i.test(text)) throw new Error('fake epusdt: number out of the formatted range');
    } else throw new Error('signature marshal error');
    if (text === '' && !keepEmpty) continue;
    parts.push(`${k}=${text}`);
  }
  parts.sort();
  return createHash('md5')
    .update(parts.join('&') + token)
    .digest('hex');
}

/** Error codes of util/constant/errno.go. */
export const EPUSDT_ERRNO: Record<number, string> = {
  400: '系统错误',
  401: '签名认证错误',
  10002: '支付交易已存在，请勿重复创建',
  10003: '无可用钱包地址，无法发起支付',
  10004: '支付金额有误, 无法满足最小支付单位',
  10005: '无可用金额通道',
  10006: '汇率计算错误',
  10008: '订单不存在',
  10009: '无法解析请求参数',
};

/** One order as the fake stores it (mdb.Orders). */
export interface FakeEpusdtOrder {
  tradeId: string;
  orderId: string;
  /** CNY, the float the merchant sent. */
  amount: number;
  /** USDT, 4 decimals. */
  actualAmount: number;
  /** The receiving wallet address. */
  token: string;
  status: 1 | 2 | 3;
  notifyUrl: string;
  redirectUrl: string;
  blockTransactionId: string;
  /** Unix seconds. */
  expirationTime: number;
}

export interface FakeEpusdtOptions {
  /** The server's API auth token (one per Epusdt server). */
  token: string;
  /** CNY per USDT. */
  rate?: number;
  wallets?: string[];
  expirationMinutes?: number;
  /** Callback tries in all (Epusdt: at most 5). */
  maxTries?: number;
  /** Backoff between callback tries, times the try number. */
  retryDelayMs?: number;
}

/** What the fake received and sent, and switches a test can flip. */
export interface FakeEpusdt {
  url: string;
  orders: Map<string, FakeEpusdtOrder>;
  /** Raw create-transaction bodies, in order, with the status_code answered. */
  creates: { body: string; statusCode: number }[];
  /** Every callback try: order, reply status and body. */
  callbacks: { orderId: string; try: number; status: number; body: string }[];
  settings: {
    /** Pay without a block transaction id: the Go server then signs `block_transaction_id=` (the quirk). */
    emptyBlockTransactionId: boolean;
    /** The next create-transaction answers this error status_code (once). */
    failNextCreate: number | null;
  };
  /** The buyer's transfer arrived: marks the order paid; unless `notify: false`, the callback is queued. */
  pay(orderId: string, opts?: { notify?: boolean }): Promise<void>;
  /** The order expired unpaid (the expiration queue). */
  expire(orderId: string): void;
  /**
   * The callback body for an order (key order of response.OrderNotifyResponse), signed with `token`
   * (default: the server's) the Go way, or the documented way (`keepEmpty: false`); `status` defaults to
   * the order's, `amount` overrides the CNY amount.
   */
  callbackBody(
    orderId: string,
    opts?: { status?: number; token?: string; keepEmpty?: boolean; amount?: number },
  ): Record<string, string | number>;
  /** Resolves when no callback is in flight. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** GenerateCode(): date + unix ms + 3 random digits. */
function generateTradeId(): string {
  const d = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `${d}${Date.now()}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeEpusdt(opts: FakeEpusdtOptions): Promise<FakeEpusdt> {
  const rate = opts.rate ?? 7.1;
  const wallets = opts.wallets ?? ['TXkamengFakeWallet1111111111111111'];
  const expirationMinutes = opts.expirationMinutes ?? 10;
  const maxTries = opts.maxTries ?? 5;
  const retryDelayMs = opts.retryDelayMs ?? 50;
  const orders = new Map<string, FakeEpusdtOrder>();
  const creates: FakeEpusdt['creates'] = [];
  const callbacks: FakeEpusdt['callbacks'] = [];
  const settings: FakeEpusdt['settings'] = { emptyBlockTransactionId: false, failNextCreate: null };
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const json = (res: ServerResponse, statusCode: number, data: unknown, message?: string) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(
      JSON.stringify({
        status_code: statusCode,
        message: message ?? (statusCode === 200 ? 'success' : (EPUSDT_ERRNO[statusCode] ?? 'error')),
        data: statusCode === 200 ? data : null,
        request_id: randomBytes(8).toString('hex'),
      }),
    );
  };

  /** middleware/check_sign.go + the controller's bind and validation + service.CreateTransaction. */
  const createTransaction = (raw: string, res: ServerResponse) => {
    const answer = (code: number, data?: unknown, message?: string) => {
      creates.push({ body: raw, statusCode: code });
      json(res, code, data, message);
    };
    let m: unknown;
    try {
      m = JSON.parse(raw);
    } catch {
      m = {};
    }
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return answer(401);
    const params = m as Record<string, unknown>;
    if (!('signature' in params)) return answer(401);
    let expected: string;
    try {
      expected = goSign(params, opts.token); // fails on anything but strings and numbers (nil skipped)
    } catch {
      return answer(401);
    }
    if (expected !== params.signature) return answer(401);
    const { order_id, amount, notify_url, redirect_url } = params;
    if (
      typeof order_id !== 'string' ||
      typeof amount !== 'number' ||
      typeof notify_url !== 'string' ||
      (redirect_url !== undefined && redirect_url !== null && typeof redirect_url !== 'string')
    ) {
      return answer(10009);
    }
    // The validator (required|maxLen:32, isFullURL). The real one says `gt:0.01`; the fake takes
    // 0.01 itself, as the API doc states (≥ 0.01), so that 1-fen test orders can be created.
    if (!order_id || order_id.length > 32) return answer(400, null, '订单号 is invalid');
    if (!(amount >= 0.01)) return answer(400, null, '支付金额 is invalid');
    if (!/^https?:\/\/[^/]+/.test(notify_url)) return answer(400, null, '异步回调网址 is invalid');
    if (settings.failNextCreate !== null) {
      const code = settings.failNextCreate;
      settings.failNextCreate = null;
      return answer(code);
    }
    let actual = Math.round((amount / rate) * 10000) / 10000;
    if (actual <= 0) return answer(10004);
    if (orders.has(order_id)) return answer(10002);
    if (wallets.length === 0) return answer(10003);
    // An amount slot is (wallet, USDT amount) among waiting orders; a taken one moves up by 0.0001.
    let wallet = '';
    for (let i = 0; i < 100 && !wallet; i++) {
      const taken = (w: string) =>
        [...orders.values()].some((o) => o.status === 1 && o.token === w && o.actualAmount === actual);
      wallet = wallets.find((w) => !taken(w)) ?? '';
      if (!wallet) actual = Math.round(actual * 10000 + 1) / 10000;
    }
    if (!wallet) return answer(10005);
    const order: FakeEpusdtOrder = {
      tradeId: generateTradeId(),
      orderId: order_id,
      amount,
      actualAmount: actual,
      token: wallet,
      status: 1,
      notifyUrl: notify_url,
      redirectUrl: typeof redirect_url === 'string' ? redirect_url : '',
      blockTransactionId: '',
      expirationTime: Math.floor(Date.now() / 1000) + expirationMinutes * 60,
    };
    orders.set(order_id, order);
    answer(200, {
      trade_id: order.tradeId,
      order_id: order.orderId,
      amount: order.amount,
      actual_amount: order.actualAmount,
      token: order.token,
      expiration_time: order.expirationTime,
      payment_url: `${gateway.url}/pay/checkout-counter/${order.tradeId}`,
    });
  };

  const byTradeId = (tradeId: string) => [...orders.values()].find((o) => o.tradeId === tradeId);

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      if (req.method === 'POST' && url.pathname === '/api/v1/order/create-transaction') {
        return createTransaction(body, res);
      }
      const status = /^\/pay\/check-status\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && status) {
        const o = byTradeId(decodeURIComponent(status[1]!));
        return o ? json(res, 200, { trade_id: o.tradeId, status: o.status }) : json(res, 10008, null);
      }
      const counter = /^\/pay\/checkout-counter\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && counter) {
        const o = byTradeId(decodeURIComponent(counter[1]!));
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          o && o.status === 1
            ? `<html><body>Pay ${o.actualAmount} USDT to ${o.token}</body></html>`
            : '不存在待支付订单或已过期！',
        );
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const callbackBody: FakeEpusdt['callbackBody'] = (orderId, o = {}) => {
    const order = orders.get(orderId);
    if (!order) throw new Error(`fake epusdt: no order ${orderId}`);
    const fields: Record<string, string | number> = {
      trade_id: order.tradeId,
      order_id: order.orderId,
      amount: o.amount ?? order.amount,
      actual_amount: order.actualAmount,
      token: order.token,
      block_transaction_id: order.blockTransactionId,
    };
    const status = o.status ?? order.status;
    // Signed with the status (sign.go takes every field but `signature`); sent in the struct's key order.
    const signature = goSign({ ...fields, status }, o.token ?? opts.token, o.keepEmpty ?? true);
    return { ...fields, signature, status };
  };

  /** callback_queue.go: POST the JSON, done only when the body is exactly `ok`; else retried. */
  const sendCallback = async (order: FakeEpusdtOrder) => {
    const body = JSON.stringify(callbackBody(order.orderId, { status: 2 }));
    for (let i = 1; i <= maxTries && !closed; i++) {
      try {
        const res = await fetch(order.notifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'powered-by': 'Epusdt(fake)' },
          body,
          signal: AbortSignal.timeout(5000),
        });
        const text = await res.text();
        callbacks.push({ orderId: order.orderId, try: i, status: res.status, body: text });
        if (text === 'ok') return;
      } catch {
        callbacks.push({ orderId: order.orderId, try: i, status: 0, body: '' });
      }
      if (i < maxTries) await sleep(retryDelayMs * i);
    }
  };

  const gateway: FakeEpusdt = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    orders,
    creates,
    callbacks,
    settings,
    callbackBody,
    async pay(orderId, { notify = true } = {}) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`fake epusdt: no order ${orderId}`);
      if (order.status !== 1) throw new Error(`fake epusdt: order ${orderId} is not waiting`);
      order.status = 2;
      order.blockTransactionId = settings.emptyBlockTransactionId ? '' : randomBytes(32).toString('hex');
      if (!notify) return;
      const p = sendCallback(order).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    expire(orderId) {
      const order = orders.get(orderId);
      if (order?.status === 1) order.status = 3;
    },
    async idle() {
      await Promise.all([...inFlight]);
    },
    async close() {
      closed = true;
      await Promise.all([...inFlight]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return gateway;
}
