/**
 * A fake Alipay open-platform gateway (OpenAPI 2.0 `gateway.do`) on 127.0.0.1, faithful to the
 * protocol where Kameng depends on it: requests are RSA2-signed over the sorted, non-empty params
 * except `sign` (public params in the query string, biz_content in the form body) and checked against
 * the app's public key; answers are `{"<method>_response":{…},"sign":"…"}` signed over the exact JSON
 * text of the response object with the fake's own "Alipay" private key (slashes escaped as `\/`, as
 * the real gateway does); async notifies are form POSTs signed over the sorted, non-empty fields
 * except `sign` and `sign_type`, retried (bounded) until the reply is exactly `success`.
 */
import { createSign, createVerify, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A trade as the fake gateway keeps it. */
export interface FakeAlipayTrade {
  appId: string;
  outTradeNo: string;
  tradeNo: string;
  /** The decimal string the merchant asked for ("12.34"). */
  totalAmount: string;
  subject: string;
  notifyUrl: string;
  returnUrl: string | null;
  method: 'alipay.trade.precreate' | 'alipay.trade.wap.pay' | 'alipay.trade.page.pay';
  productCode: string | null;
  qrCode: string | null;
  /** A precreated trade exists (for query) only once the buyer scanned or paid it. */
  exists: boolean;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FINISHED' | 'TRADE_CLOSED';
  gmtCreate: string;
  gmtPayment: string | null;
  buyerId: string;
  /** Refunds in fen, by out_request_no. */
  refunds: Map<string, number>;
}

/** One notify delivery attempt and our server's reply. */
export interface FakeAlipayDelivery {
  outTradeNo: string;
  status: number;
  body: string;
}

/** The failure the next gateway call (not the browser pages) answers with. */
export type FakeAlipayFault = 'sub_code' | 'http500' | 'bad_sign';

export interface FakeAlipayOptions {
  /** The fake's own "Alipay" private key (PEM): answers and notifies are signed with it. */
  alipayPrivateKey: string;
  /** The apps it knows: app id → the app's public key (PEM) that request signatures are checked with. */
  apps: Record<string, string>;
  /** Notify attempts per payment (default 5), `retryMs` apart (default 200). */
  notifyAttempts?: number;
  retryMs?: number;
}

/** Beijing time as Alipay writes it: "yyyy-MM-dd HH:mm:ss". */
export function alipayTime(d = new Date()): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

/** The OpenAPI 2.0 string to sign: sorted `k=v` of the non-empty params, without the excluded keys. */
export function alipaySignContent(params: Record<string, string>, exclude: string[]): string {
  return Object.keys(params)
    .filter((k) => !exclude.includes(k) && params[k] !== '' && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** RSA2 (SHA256withRSA) of a string, base64. */
export function rsa2Sign(content: string, privateKey: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

/** The notify's signature (over all non-empty fields but sign and sign_type). */
export function signAlipayNotify(fields: Record<string, string>, privateKey: string): string {
  return rsa2Sign(alipaySignContent(fields, ['sign', 'sign_type']), privateKey);
}

function rsa2Verify(content: string, sign: string, publicKey: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, sign, 'base64');
  } catch {
    return false;
  }
}

/** Exact decimal yuan → fen (the fake's own parser: at most two decimals, no floats). */
function toFen(s: string): number | null {
  const m = /^(0|[1-9]\d{0,9})(?:\.(\d{1,2}))?$/.exec(s);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

function toYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly msg: string,
    readonly subCode: string,
    readonly subMsg: string,
  ) {
    super(subCode);
  }
}

const invalid = (subCode: string, subMsg: string) =>
  new Refusal('40002', 'Invalid Arguments', subCode, subMsg);
const business = (subCode: string, subMsg: string) =>
  new Refusal('40004', 'Business Failed', subCode, subMsg);

/** The fake gateway. Start it with `FakeAlipayGateway.start`. */
export class FakeAlipayGateway {
  readonly trades = new Map<string, FakeAlipayTrade>();
  readonly deliveries: FakeAlipayDelivery[] = [];
  /** Every method the gateway answered (after the signature check), in order. */
  readonly calls: { method: string; appId: string; biz: Record<string, unknown> }[] = [];
  private faults: FakeAlipayFault[] = [];
  private pending = new Set<Promise<void>>();
  private closed = false;
  private server!: Server;
  /** The gateway URL (http://127.0.0.1:port/gateway.do). */
  url = '';

  private constructor(private readonly opts: FakeAlipayOptions) {}

  static async start(opts: FakeAlipayOptions): Promise<FakeAlipayGateway> {
    const g = new FakeAlipayGateway(opts);
    g.server = createServer((req, res) => {
      g.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => g.server.listen(0, '127.0.0.1', resolve));
    const port = (g.server.address() as { port: number }).port;
    g.url = `http://127.0.0.1:${port}/gateway.do`;
    return g;
  }

  /** The next API call (precreate, query, refund …) fails this way. */
  failNext(fault: FakeAlipayFault): void {
    this.faults.push(fault);
  }

  /** The buyer scanned the QR: the trade now exists at Alipay, waiting for payment. */
  scan(outTradeNo: string): void {
    const t = this.trade(outTradeNo);
    t.exists = true;
  }

  /**
   * The buyer pays: the trade is marked paid and, unless `notify` is false, the signed notify is
   * POSTed to the trade's notify_url in the background, retried until the reply is `success`.
   */
  pay(
    outTradeNo: string,
    opts: { notify?: boolean; status?: 'TRADE_SUCCESS' | 'TRADE_FINISHED' } = {},
  ): FakeAlipayTrade {
    const t = this.trade(outTradeNo);
    if (t.status !== 'WAIT_BUYER_PAY') throw new Error(`trade ${outTradeNo} is ${t.status}`);
    t.exists = true;
    t.status = opts.status ?? 'TRADE_SUCCESS';
    t.gmtPayment = alipayTime();
    if (opts.notify !== false) this.track(this.deliver(t));
    return t;
  }

  /** The trade, or throws. */
  trade(outTradeNo: string): FakeAlipayTrade {
    const t = this.trades.get(outTradeNo);
    if (!t) throw new Error(`fake alipay: no trade ${outTradeNo}`);
    return t;
  }

  /** Refunded amounts of a trade, integer fen, in order. */
  refundsOf(outTradeNo: string): number[] {
    return [...(this.trades.get(outTradeNo)?.refunds.values() ?? [])];
  }

  /**
   * The notify the gateway sends for a trade, signed with `key` (default: the fake's Alipay key).
   * `overrides` are applied before signing.
   */
  notifyFields(
    outTradeNo: string,
    opts: { overrides?: Record<string, string>; key?: string } = {},
  ): Record<string, string> {
    const t = this.trade(outTradeNo);
    const fields: Record<string, string> = {
      notify_time: alipayTime(),
      notify_type: 'trade_status_sync',
      notify_id: randomBytes(16).toString('hex'),
      app_id: t.appId,
      auth_app_id: t.appId,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: t.tradeNo,
      out_trade_no: t.outTradeNo,
      buyer_id: t.buyerId,
      seller_id: '2088101117955611',
      trade_status: t.status,
      total_amount: t.totalAmount,
      receipt_amount: t.totalAmount,
      invoice_amount: t.totalAmount,
      buyer_pay_amount: t.totalAmount,
      point_amount: '0.00',
      subject: t.subject,
      gmt_create: t.gmtCreate,
      ...(t.gmtPayment ? { gmt_payment: t.gmtPayment } : {}),
      fund_bill_list: JSON.stringify([{ amount: t.totalAmount, fundChannel: 'ALIPAYACCOUNT' }]),
      ...opts.overrides,
    };
    return { ...fields, sign: signAlipayNotify(fields, opts.key ?? this.opts.alipayPrivateKey) };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Bounded retries: `notifyAttempts` POSTs at most, each with a 5 s timeout. */
  private async deliver(t: FakeAlipayTrade): Promise<void> {
    const attempts = this.opts.notifyAttempts ?? 5;
    for (let i = 0; i < attempts && !this.closed; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, this.opts.retryMs ?? 200));
      try {
        const res = await fetch(t.notifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body: new URLSearchParams(this.notifyFields(t.outTradeNo)).toString(),
          signal: AbortSignal.timeout(5000),
        });
        const body = await res.text();
        this.deliveries.push({ outTradeNo: t.outTradeNo, status: res.status, body });
        if (body.trim() === 'success') return;
      } catch (err) {
        this.deliveries.push({ outTradeNo: t.outTradeNo, status: 0, body: String(err) });
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway.do') {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const params: Record<string, string> = {};
    let duplicate = false;
    const sources = [url.searchParams, new URLSearchParams(req.method === 'POST' ? body : '')];
    for (const source of sources) {
      for (const [k, v] of source) {
        if (Object.hasOwn(params, k)) duplicate = true;
        params[k] = v;
      }
    }
    const method = params.method ?? '';
    const page = method === 'alipay.trade.wap.pay' || method === 'alipay.trade.page.pay';
    if (page) return this.page(res, method, params, duplicate);

    const responseKey = `${method.replaceAll('.', '_')}_response`;
    const fault = this.faults.shift();
    if (fault === 'http500') {
      res.statusCode = 500;
      res.end('<html><body>500 Internal Server Error</body></html>');
      return;
    }
    let answer: Record<string, unknown>;
    let key = responseKey;
    try {
      if (duplicate) throw invalid('isv.invalid-parameter', 'duplicate parameter');
      const { appId, biz } = this.checkRequest(method, params);
      if (fault === 'sub_code') throw business('ACQ.ACCESS_FORBIDDEN', '商家订单状态异常');
      answer = this.api(method, appId, biz, params);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      if (err.subCode === 'isv.invalid-method') key = 'error_response';
      answer = { code: err.code, msg: err.msg, sub_code: err.subCode, sub_msg: err.subMsg };
    }
    const json = JSON.stringify(answer).replaceAll('/', '\\/');
    let sign = rsa2Sign(json, this.opts.alipayPrivateKey);
    if (fault === 'bad_sign') sign = rsa2Sign(`${json} `, this.opts.alipayPrivateKey);
    res.setHeader('content-type', 'text/html;charset=utf-8');
    res.setHeader('trace_id', randomBytes(8).toString('hex'));
    res.end(`{"${key}":${json},"sign":"${sign}"}`);
  }

  /** The checks every OpenAPI 2.0 call goes through, in the gateway's order. */
  private checkRequest(
    method: string,
    params: Record<string, string>,
  ): { appId: string; biz: Record<string, unknown> } {
    const known = [
      'alipay.trade.precreate',
      'alipay.trade.query',
      'alipay.trade.refund',
      'alipay.trade.wap.pay',
      'alipay.trade.page.pay',
    ];
    if (!method)
      throw new Refusal('40001', 'Missing Required Arguments', 'isv.missing-method', '缺少方法名参数');
    if (!known.includes(method)) throw invalid('isv.invalid-method', '不存在的方法名');
    const appId = params.app_id ?? '';
    const appKey = this.opts.apps[appId];
    if (!appKey) throw invalid('isv.invalid-app-id', '无效的AppID参数');
    if (params.charset && params.charset.toLowerCase() !== 'utf-8') {
      throw invalid('isv.invalid-charset', '字符集错误');
    }
    if (params.version !== '1.0') throw invalid('isv.invalid-version', '版本号错误');
    if (params.sign_type !== 'RSA2') throw invalid('isv.invalid-signature-type', '无效的签名类型');
    const ts = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(params.timestamp ?? '');
    // The timestamp is Beijing time; the gateway refuses clocks far off.
    const at = ts ? Date.parse(`${ts[1]}T${ts[2]}+08:00`) : NaN;
    if (!Number.isFinite(at) || Math.abs(at - Date.now()) > 15 * 60_000) {
      throw invalid('isv.invalid-timestamp', '非法的时间戳参数');
    }
    if (!params.sign)
      throw new Refusal('40001', 'Missing Required Arguments', 'isv.missing-signature', '缺少签名参数');
    const content = alipaySignContent(params, ['sign']);
    if (!rsa2Verify(content, params.sign, appKey)) {
      throw invalid(
        'isv.invalid-signature',
        `验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：${content}`,
      );
    }
    let biz: Record<string, unknown>;
    try {
      biz = JSON.parse(params.biz_content ?? '') as Record<string, unknown>;
    } catch {
      throw new Refusal('40001', 'Missing Required Arguments', 'isv.missing-biz-content', '缺少业务参数');
    }
    if (!biz || typeof biz !== 'object' || Array.isArray(biz)) {
      throw invalid('isv.invalid-biz-content', 'biz_content 格式错误');
    }
    this.calls.push({ method, appId, biz });
    return { appId, biz };
  }

  private str(biz: Record<string, unknown>, key: string): string {
    const v = biz[key];
    if (typeof v !== 'string' || !v)
      throw new Refusal('40001', 'Missing Required Arguments', `isv.missing-${key}`, `缺少 ${key}`);
    return v;
  }

  /** Creates (or, for the same order again, returns) a trade of the app. */
  private create(
    method: FakeAlipayTrade['method'],
    appId: string,
    biz: Record<string, unknown>,
    params: Record<string, string>,
  ): FakeAlipayTrade {
    const outTradeNo = this.str(biz, 'out_trade_no');
    const totalAmount = this.str(biz, 'total_amount');
    const subject = this.str(biz, 'subject');
    const fen = toFen(totalAmount);
    if (fen === null || fen < 1 || fen > 10_000_000_000) {
      throw invalid('isv.invalid-total-amount', 'total_amount 格式错误');
    }
    const old = this.trades.get(outTradeNo);
    if (old) {
      if (old.status !== 'WAIT_BUYER_PAY') throw business('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      if (old.appId !== appId || old.totalAmount !== totalAmount) {
        throw business('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
      }
      return old;
    }
    const t: FakeAlipayTrade = {
      appId,
      outTradeNo,
      tradeNo: `${alipayTime().slice(0, 10).replaceAll('-', '')}22001${digits(15)}`,
      totalAmount,
      subject,
      notifyUrl: params.notify_url ?? '',
      returnUrl: params.return_url ?? null,
      method,
      productCode: typeof biz.product_code === 'string' ? biz.product_code : null,
      qrCode:
        method === 'alipay.trade.precreate'
          ? `https://qr.alipay.com/bax0${randomBytes(12).toString('hex')}`
          : null,
      exists: method !== 'alipay.trade.precreate',
      status: 'WAIT_BUYER_PAY',
      gmtCreate: alipayTime(),
      gmtPayment: null,
      buyerId: `2088${digits(12)}`,
      refunds: new Map(),
    };
    this.trades.set(outTradeNo, t);
    return t;
  }

  private api(
    method: string,
    appId: string,
    biz: Record<string, unknown>,
    params: Record<string, string>,
  ): Record<string, unknown> {
    const ok = { code: '10000', msg: 'Success' };
    if (method === 'alipay.trade.precreate') {
      const t = this.create(method, appId, biz, params);
      return { ...ok, out_trade_no: t.outTradeNo, qr_code: t.qrCode };
    }
    const outTradeNo = this.str(biz, 'out_trade_no');
    const t = this.trades.get(outTradeNo);
    if (!t || t.appId !== appId || !t.exists) throw business('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const refunded = [...t.refunds.values()].reduce((a, b) => a + b, 0);
    if (method === 'alipay.trade.query') {
      const paid = t.status === 'TRADE_SUCCESS' || t.status === 'TRADE_FINISHED';
      return {
        ...ok,
        trade_no: t.tradeNo,
        out_trade_no: t.outTradeNo,
        buyer_logon_id: 'kam***@example.com',
        trade_status: t.status,
        total_amount: t.totalAmount,
        buyer_pay_amount: paid ? t.totalAmount : '0.00',
        point_amount: '0.00',
        invoice_amount: paid ? t.totalAmount : '0.00',
        receipt_amount: paid ? t.totalAmount : '0.00',
        ...(t.gmtPayment ? { send_pay_date: t.gmtPayment } : {}),
        buyer_user_id: t.buyerId,
      };
    }
    // alipay.trade.refund
    if (t.status !== 'TRADE_SUCCESS') throw business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    const amount = toFen(this.str(biz, 'refund_amount'));
    if (amount === null || amount < 1) throw invalid('isv.invalid-refund-amount', 'refund_amount 格式错误');
    const requestNo =
      typeof biz.out_request_no === 'string' && biz.out_request_no ? biz.out_request_no : outTradeNo;
    let fundChange = 'N';
    if (!t.refunds.has(requestNo)) {
      if (refunded + amount > (toFen(t.totalAmount) ?? 0)) {
        throw business('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      }
      t.refunds.set(requestNo, amount);
      fundChange = 'Y';
      if (refunded + amount === toFen(t.totalAmount)) t.status = 'TRADE_CLOSED';
    }
    const total = [...t.refunds.values()].reduce((a, b) => a + b, 0);
    return {
      ...ok,
      trade_no: t.tradeNo,
      out_trade_no: t.outTradeNo,
      buyer_logon_id: 'kam***@example.com',
      fund_change: fundChange,
      refund_fee: toYuan(total),
      gmt_refund_pay: alipayTime(),
      buyer_user_id: t.buyerId,
    };
  }

  /** The browser endpoint of wap.pay / page.pay: checks the signed link, creates the trade, shows the cashier. */
  private page(res: ServerResponse, method: string, params: Record<string, string>, duplicate: boolean) {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    try {
      if (duplicate) throw invalid('isv.invalid-parameter', 'duplicate parameter');
      const { appId, biz } = this.checkRequest(method, params);
      const expected = method === 'alipay.trade.wap.pay' ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY';
      if (biz.product_code !== expected) throw invalid('isv.invalid-product-code', 'product_code 错误');
      const t = this.create(method as FakeAlipayTrade['method'], appId, biz, params);
      res.end(
        `<html><body data-out-trade-no="${t.outTradeNo}">支付宝收银台 ${t.totalAmount} 元</body></html>`,
      );
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      res.statusCode = 400;
      res.end(`<html><body data-error="${err.subCode}">错误代码 ${err.subCode}</body></html>`);
    }
  }
}
