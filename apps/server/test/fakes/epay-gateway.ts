/**
 * A protocol-faithful in-memory 彩虹易支付 server on 127.0.0.1 (port 0), for tests: V1 submit.php,
 * mapi.php, api.php (act=order, act=refund) and V2 api/pay/{submit,create,query,refund}, with real
 * verification of the merchant's requests (MD5 with the merchant key; SHA256withRSA with the
 * merchant's public key and a ±300 s timestamp), and signed notifies sent like the real server (GET
 * with the signed params in the query string by default, POST form as an option), retried until the
 * body is exactly `success` (bounded). Its signing code is written here on purpose, independently of
 * the provider's, so the two check each other.
 */
import { createHash, generateKeyPairSync, randomInt, sign, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a fake merchant account does besides answering correctly. */
export type EpayFault = 'code' | 'http500' | 'timeout' | 'html' | 'bom';

export interface FakeEpayMerchant {
  pid: string;
  /** V1 MD5 key. */
  key?: string;
  /** V2: the merchant's RSA public key (verifies its requests). */
  publicKey?: KeyObject;
  /** mapi / api/pay/create answer: 'auto' = qrcode for device pc, payurl otherwise. */
  answer?: 'auto' | 'payurl' | 'qrcode' | 'urlscheme';
  fault?: EpayFault | null;
  /** How `money` is stored and echoed: as sent ("10.00"), or trimmed like a float column ("10"). */
  money?: 'as-sent' | 'trim';
  notifyMethod?: 'GET' | 'POST';
}

export interface FakeEpayTrade {
  version: 'v1' | 'v2';
  pid: string;
  tradeNo: string;
  outTradeNo: string;
  type: string;
  name: string;
  money: string;
  notifyUrl: string;
  returnUrl: string;
  device: string;
  clientip: string;
  /** 0 unpaid, 1 paid, 2 refunded. */
  status: 0 | 1 | 2;
  refunds: { money: string; outRefundNo: string | null }[];
  addtime: string;
  endtime: string;
}

export interface FakeEpayDelivery {
  tradeNo: string;
  method: 'GET' | 'POST';
  tries: { status: number; body: string }[];
  done: Promise<void>;
}

type Fields = Record<string, string>;

const TIMESTAMP_WINDOW_S = 300;

/** ksort + `k=v&…` over non-empty scalars, without sign/sign_type (V2 also drops whitespace-only). */
function signString(p: Record<string, unknown>, v2: boolean): string {
  return Object.keys(p)
    .filter((k) => k !== 'sign' && k !== 'sign_type')
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .flatMap((k) => {
      const v = p[k];
      if (typeof v !== 'string' && typeof v !== 'number') return [];
      const s = String(v);
      return s === '' || (v2 && s.trim() === '') ? [] : [`${k}=${s}`];
    })
    .join('&');
}

/** V1 signature as the 易支付 server computes it. */
export function fakeMd5(p: Record<string, unknown>, key: string): string {
  return createHash('md5')
    .update(signString(p, false) + key)
    .digest('hex');
}

/** V2 signature (SHA256withRSA, base64). */
export function fakeRsa(p: Record<string, unknown>, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(signString(p, true)), privateKey).toString('base64');
}

function fen(money: string): number | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(money);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

function trimMoney(money: string): string {
  return money.includes('.') ? money.replace(/0+$/, '').replace(/\.$/, '') : money;
}

const now = () => Math.floor(Date.now() / 1000);
const datetime = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export interface FakeEpayGateway {
  /** The apiurl (ends in `/`). */
  url: string;
  /** The platform key pair (V2 answers and notifies are signed with its private key). */
  platform: { publicKey: KeyObject; privateKey: KeyObject; publicKeyPem: string };
  merchants: Map<string, FakeEpayMerchant>;
  addMerchant(m: FakeEpayMerchant): FakeEpayMerchant;
  trade(ref: string): FakeEpayTrade | undefined;
  /** Every request received: path, method and the merged fields (for asserting what was transmitted). */
  requests: { path: string; method: string; fields: Fields }[];
  deliveries: FakeEpayDelivery[];
  /**
   * The buyer pays: marks the trade paid and, unless `notify: 'none'`, sends the signed notify to its
   * notify_url (GET by default), retrying up to 5 times until the body is exactly `success`.
   */
  pay(ref: string, opts?: { notify?: 'send' | 'none'; method?: 'GET' | 'POST' }): FakeEpayDelivery | null;
  /**
   * The notify fields the server sends for a trade, with `overrides` applied before signing (a field
   * set to undefined is removed); signed with the merchant's key (V1) / the platform key (V2) unless
   * `sign` says otherwise.
   */
  notifyFields(
    ref: string,
    overrides?: Record<string, string | undefined>,
    sign?: { key?: string; privateKey?: KeyObject },
  ): Fields;
  /** The server's own check of a signed request (submit form, mapi …) of a merchant. */
  checkRequest(fields: Fields, version: 'v1' | 'v2'): { ok: true } | { ok: false; reason: string };
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with a fresh platform key pair. */
export async function startFakeEpay(opts: { retryDelayMs?: number; maxTries?: number } = {}) {
  const retryDelayMs = opts.retryDelayMs ?? 100;
  const maxTries = opts.maxTries ?? 5;
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchants = new Map<string, FakeEpayMerchant>();
  const trades = new Map<string, FakeEpayTrade>();
  const requests: FakeEpayGateway['requests'] = [];
  const deliveries: FakeEpayDelivery[] = [];
  const held = new Set<ServerResponse>();
  const stop = new AbortController();
  let closed = false;

  const findTrade = (ref: string, pid?: string) =>
    trades.get(ref) ??
    [...trades.values()].find((t) => t.outTradeNo === ref && (pid === undefined || t.pid === pid));

  function checkRequest(f: Fields, version: 'v1' | 'v2'): { ok: true } | { ok: false; reason: string } {
    const m = merchants.get(f.pid ?? '');
    if (!m) return { ok: false, reason: '商户不存在' };
    if (version === 'v1') {
      if (!m.key) return { ok: false, reason: '商户未开启V1接口' };
      if ((f.sign_type ?? 'MD5').toUpperCase() !== 'MD5') return { ok: false, reason: '签名类型错误' };
      return f.sign === fakeMd5(f, m.key) ? { ok: true } : { ok: false, reason: '签名校验失败' };
    }
    if (!m.publicKey) return { ok: false, reason: '商户未配置公钥' };
    if (f.sign_type !== 'RSA') return { ok: false, reason: '签名类型错误' };
    if (!/^\d+$/.test(f.timestamp ?? '') || Math.abs(now() - Number(f.timestamp)) > TIMESTAMP_WINDOW_S) {
      return { ok: false, reason: '时间戳无效' };
    }
    const good = verify(
      'sha256',
      Buffer.from(signString(f, true)),
      m.publicKey,
      Buffer.from(f.sign ?? '', 'base64'),
    );
    return good ? { ok: true } : { ok: false, reason: '签名校验失败' };
  }

  /** Signs a V2 answer with the platform key. */
  function v2Answer(body: Record<string, unknown>): Record<string, unknown> {
    const a = { ...body, timestamp: now() };
    return { ...a, sign: fakeRsa(a, platform.privateKey), sign_type: 'RSA' };
  }

  function createTrade(version: 'v1' | 'v2', f: Fields): FakeEpayTrade | string {
    for (const k of ['type', 'out_trade_no', 'notify_url', 'name', 'money']) {
      if (!f[k]) return `${k}不能为空`;
    }
    const m = merchants.get(f.pid!)!;
    if (fen(f.money!) === null || fen(f.money!)! <= 0) return '金额不合法';
    if (Buffer.byteLength(f.name!) > 127) return '商品名称过长';
    const existing = findTrade(f.out_trade_no!, f.pid);
    if (existing) {
      return existing.money === f.money || existing.money === trimMoney(f.money!) ? existing : '订单号已存在';
    }
    const d = new Date();
    const tradeNo = `${d.toISOString().replace(/\D/g, '').slice(0, 14)}${randomInt(10000, 99999)}`;
    const t: FakeEpayTrade = {
      version,
      pid: f.pid!,
      tradeNo,
      outTradeNo: f.out_trade_no!,
      type: f.type!,
      name: f.name!,
      money: m.money === 'trim' ? trimMoney(f.money!) : f.money!,
      notifyUrl: f.notify_url!,
      returnUrl: f.return_url ?? '',
      device: f.device ?? 'pc',
      clientip: f.clientip ?? '',
      status: 0,
      refunds: [],
      addtime: datetime(),
      endtime: '',
    };
    trades.set(tradeNo, t);
    return t;
  }

  function payAnswer(m: FakeEpayMerchant, t: FakeEpayTrade, base: string) {
    const kind = !m.answer || m.answer === 'auto' ? (t.device === 'pc' ? 'qrcode' : 'payurl') : m.answer;
    const value =
      kind === 'qrcode'
        ? `https://qr.fake-epay.test/${t.tradeNo}`
        : kind === 'payurl'
          ? `${base}pay/${t.tradeNo}`
          : `alipays://platformapi/startapp?trade=${t.tradeNo}`;
    return { kind, value };
  }

  function refund(t: FakeEpayTrade, money: string, outRefundNo: string | null): string | null {
    if (t.status !== 1) return '订单未支付或已退款';
    if (outRefundNo && t.refunds.some((r) => r.outRefundNo === outRefundNo)) return null; // idempotent
    const asked = fen(money);
    const paid = fen(t.money)!;
    const done = t.refunds.reduce((s, r) => s + fen(r.money)!, 0);
    if (asked === null || asked <= 0 || asked + done > paid) return '退款金额不合法';
    t.refunds.push({ money, outRefundNo });
    if (asked + done === paid) t.status = 2;
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const fields: Fields = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') Object.assign(fields, Object.fromEntries(new URLSearchParams(body)));
    requests.push({ path, method: req.method ?? '', fields });
    const json = (v: unknown, status = 200, bom = false) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end((bom ? '\uFEFF' : '') + JSON.stringify(v));
    };
    const m = merchants.get(fields.pid ?? '');
    // Faults apply to the merchant's server-side calls (not to the browser's submit).
    if (m?.fault && !path.endsWith('submit.php') && !path.endsWith('/submit')) {
      if (m.fault === 'timeout') {
        held.add(res);
        return;
      }
      if (m.fault === 'http500') {
        res.writeHead(500, { 'content-type': 'text/html' });
        res.end('<h1>500 Internal Server Error</h1>');
        return;
      }
      if (m.fault === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Warning: mysqli_connect(): Too many connections</body></html>');
        return;
      }
      if (m.fault === 'code') return json({ code: -1, msg: '通道维护中，请稍后再试' });
    }
    const bom = m?.fault === 'bom';
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    if (path === '/submit.php' || path === '/api/pay/submit') {
      const version = path === '/submit.php' ? 'v1' : 'v2';
      const check = checkRequest(fields, version);
      const t = check.ok ? createTrade(version, fields) : check.reason;
      res.writeHead(typeof t === 'string' ? 400 : 200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        typeof t === 'string'
          ? `<h3>${t}</h3>`
          : `<html><body>收银台 ${t.tradeNo} ${t.money}<a href="${base}pay/${t.tradeNo}">pay</a></body></html>`,
      );
      return;
    }

    if (path === '/mapi.php') {
      const check = checkRequest(fields, 'v1');
      if (!check.ok) return json({ code: -1, msg: check.reason });
      if (!fields.clientip) return json({ code: -1, msg: 'clientip不能为空' });
      const t = createTrade('v1', fields);
      if (typeof t === 'string') return json({ code: -1, msg: t });
      const a = payAnswer(m!, t, base);
      return json({ code: 1, msg: '', trade_no: t.tradeNo, [a.kind]: a.value }, 200, bom);
    }

    if (path === '/api.php') {
      const act = fields.act;
      if (!m || !m.key || fields.key !== m.key) return json({ code: -3, msg: 'KEY校验失败' });
      const ref = fields.trade_no ?? fields.out_trade_no;
      if (!ref) return json({ code: -4, msg: '订单号不能为空' });
      const t = fields.trade_no ? trades.get(fields.trade_no) : findTrade(fields.out_trade_no!, m.pid);
      if (!t || t.pid !== m.pid) return json({ code: -1, msg: '订单号不存在' });
      if (act === 'order') {
        return json(
          {
            code: 1,
            msg: 'succ',
            trade_no: t.tradeNo,
            out_trade_no: t.outTradeNo,
            type: t.type,
            pid: Number(t.pid),
            addtime: t.addtime,
            endtime: t.endtime,
            name: t.name,
            money: t.money,
            status: t.status,
          },
          200,
          bom,
        );
      }
      if (act === 'refund') {
        if (req.method !== 'POST') return json({ code: -1, msg: '请使用POST' });
        const err = refund(t, fields.money ?? '', null);
        return err ? json({ code: -1, msg: err }) : json({ code: 1, msg: '退款成功' }, 200, bom);
      }
      return json({ code: -5, msg: 'No Act!' });
    }

    if (path.startsWith('/api/pay/')) {
      const check = checkRequest(fields, 'v2');
      if (!check.ok) return json({ code: -1, msg: check.reason });
      const op = path.slice('/api/pay/'.length);
      if (op === 'create') {
        const t = createTrade('v2', fields);
        if (typeof t === 'string') return json({ code: -1, msg: t });
        const a = payAnswer(m!, t, base);
        const payType = a.kind === 'payurl' ? 'jump' : a.kind;
        return json(
          v2Answer({ code: 0, trade_no: t.tradeNo, pay_type: payType, pay_info: a.value }),
          200,
          bom,
        );
      }
      const t = fields.trade_no ? trades.get(fields.trade_no) : findTrade(fields.out_trade_no ?? '', m!.pid);
      if (!t || t.pid !== m!.pid) return json({ code: -1, msg: '订单不存在' });
      if (op === 'query') {
        const refunded = t.refunds.reduce((s, r) => s + fen(r.money)!, 0);
        return json(
          v2Answer({
            code: 0,
            trade_no: t.tradeNo,
            out_trade_no: t.outTradeNo,
            api_trade_no: '',
            type: t.type,
            pid: Number(t.pid),
            addtime: t.addtime,
            endtime: t.endtime,
            name: t.name,
            money: t.money,
            refundmoney: (refunded / 100).toFixed(2),
            buyer: '',
            clientip: t.clientip,
            status: t.status,
          }),
          200,
          bom,
        );
      }
      if (op === 'refund') {
        if (!fields.out_refund_no) return json({ code: -1, msg: 'out_refund_no不能为空' });
        const err = refund(t, fields.money ?? '', fields.out_refund_no);
        if (err) return json({ code: -1, msg: err });
        return json(
          v2Answer({
            code: 0,
            msg: '退款成功',
            refund_no: `RF${t.tradeNo}${t.refunds.length}`,
            out_refund_no: fields.out_refund_no,
            trade_no: t.tradeNo,
            money: fields.money,
          }),
          200,
          bom,
        );
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  function notifyFields(
    ref: string,
    overrides: Record<string, string | undefined> = {},
    signWith: { key?: string; privateKey?: KeyObject } = {},
  ): Fields {
    const t = findTrade(ref);
    if (!t) throw new Error(`fake epay: no trade ${ref}`);
    const m = merchants.get(t.pid)!;
    const f: Record<string, string | undefined> =
      t.version === 'v1'
        ? {
            pid: t.pid,
            trade_no: t.tradeNo,
            out_trade_no: t.outTradeNo,
            type: t.type,
            name: t.name,
            money: t.money,
            trade_status: 'TRADE_SUCCESS',
          }
        : {
            pid: t.pid,
            trade_no: t.tradeNo,
            out_trade_no: t.outTradeNo,
            api_trade_no: `API${t.tradeNo}`,
            type: t.type,
            trade_status: 'TRADE_SUCCESS',
            addtime: t.addtime,
            endtime: t.endtime || datetime(),
            name: t.name,
            money: t.money,
            buyer: 'buyer@fake',
            timestamp: String(now()),
          };
    Object.assign(f, overrides);
    const p = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Fields;
    if (t.version === 'v1') {
      return { ...p, sign: fakeMd5(p, signWith.key ?? m.key ?? ''), sign_type: 'MD5' };
    }
    return { ...p, sign: fakeRsa(p, signWith.privateKey ?? platform.privateKey), sign_type: 'RSA' };
  }

  async function deliver(d: FakeEpayDelivery, t: FakeEpayTrade, f: Fields): Promise<void> {
    const qs = new URLSearchParams(f).toString();
    for (let i = 0; i < maxTries && !closed; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, retryDelayMs * i));
      if (closed) return;
      try {
        const res =
          d.method === 'GET'
            ? await fetch(`${t.notifyUrl}${t.notifyUrl.includes('?') ? '&' : '?'}${qs}`, {
                signal: AbortSignal.any([stop.signal, AbortSignal.timeout(5000)]),
              })
            : await fetch(t.notifyUrl, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: qs,
                signal: AbortSignal.any([stop.signal, AbortSignal.timeout(5000)]),
              });
        const body = await res.text();
        d.tries.push({ status: res.status, body });
        if (body === 'success') return;
      } catch {
        d.tries.push({ status: 0, body: '' });
      }
    }
  }

  const gateway: FakeEpayGateway = {
    url,
    platform: {
      ...platform,
      publicKeyPem: platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
    merchants,
    addMerchant(m) {
      merchants.set(m.pid, m);
      return m;
    },
    trade: (ref) => findTrade(ref),
    requests,
    deliveries,
    pay(ref, o = {}) {
      const t = findTrade(ref);
      if (!t) throw new Error(`fake epay: no trade ${ref}`);
      if (t.status === 0) {
        t.status = 1;
        t.endtime = datetime();
      }
      if (o.notify === 'none') return null;
      const method = o.method ?? merchants.get(t.pid)?.notifyMethod ?? 'GET';
      const d: FakeEpayDelivery = { tradeNo: t.tradeNo, method, tries: [], done: Promise.resolve() };
      d.done = deliver(d, t, notifyFields(t.tradeNo));
      deliveries.push(d);
      return d;
    },
    notifyFields,
    checkRequest,
    async close() {
      closed = true;
      stop.abort();
      for (const res of held) res.destroy();
      await Promise.allSettled(deliveries.map((d) => d.done));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return gateway;
}
