/**
 * A protocol-faithful fake of the parts of the Stripe API Kameng uses, on 127.0.0.1 (port 0): Bearer
 * auth with the account's secret key, form bodies with nested keys as the SDK sends them, Idempotency-Key
 * replay, Checkout Sessions, Refunds, Stripe-shaped JSON objects and errors, and webhook delivery with
 * a real `Stripe-Signature: t=…,v1=…` header to the endpoint configured per account (as in the Dashboard).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Stripe account as the fake knows it. */
export interface FakeStripeAccount {
  secretKey: string;
  webhookSecret: string;
  /** Where webhooks go (the Dashboard's endpoint URL). */
  endpoint?: string;
}

/** A Checkout Session as stored (and returned: Stripe's shape). */
export interface FakeSession {
  id: string;
  object: 'checkout.session';
  url: string | null;
  mode: string;
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  status: 'open' | 'complete' | 'expired';
  payment_intent: string | null;
  success_url: string | null;
  cancel_url: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  allowed_payment_method_types: string[] | null;
}

interface StoredSession {
  account: string;
  session: FakeSession;
  piMetadata: Record<string, string>;
  refunded: number;
  refunds: Record<string, unknown>[];
}

/** A request the fake received (for assertions on what the SDK sent). */
export interface FakeStripeRequest {
  method: string;
  path: string;
  form: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface FakeStripe {
  /** http://127.0.0.1:<port> — the channel's `apiBase`. */
  url: string;
  addAccount(account: FakeStripeAccount): void;
  setEndpoint(secretKey: string, url: string): void;
  /** Every API request received, in order. */
  requests: FakeStripeRequest[];
  session(id: string): FakeSession;
  refunds(sessionId: string): number[];
  /**
   * The buyer pays the session (card: paid at once; `async`: completes unpaid, then succeeds). Unless
   * `notify` is false, the events are POSTed to the account's endpoint, retried until a 2xx (bounded).
   */
  pay(sessionId: string, opts?: { notify?: boolean; async?: boolean }): Promise<void>;
  /** Delivers an event of the session as it is now; the last HTTP status (throws when never 2xx after the full retries). */
  deliver(sessionId: string, type: string, tries?: number): Promise<number>;
  /** Marks the session expired (as Stripe does at expires_at). */
  expire(sessionId: string): void;
  /** An event of `type` for the session as it is now, as JSON text (with `patch` merged into the session). */
  eventJson(sessionId: string, type: string, patch?: Record<string, unknown>): string;
  /** The Stripe-Signature header for `payload` at `t` (seconds) with `secret`. */
  sign(payload: string, secret: string, t?: number): string;
  /** The next `count` API requests answer `status` with a Stripe error body. */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

const MAX_DELIVERIES = 8;
const DELIVERY_TIMEOUT_MS = 5000;

/** Parses `a[b][0][c]=v` form keys into nested objects and arrays (qs-style, as stripe-node encodes). */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m) throw new FormError(`Invalid parameter name: ${key}`, key);
    const path = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < path.length; i++) {
      const k = path[i]!;
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new FormError('bad key', key);
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const container = node as Record<string, unknown>;
      if (last) {
        if (Object.hasOwn(container, k)) throw new FormError(`Duplicate parameter: ${key}`, key);
        container[k] = value;
      } else {
        container[k] ??= nextIsIndex ? [] : {};
        const child = container[k];
        if (typeof child !== 'object' || child === null)
          throw new FormError(`Invalid parameter: ${key}`, key);
        node = child as Record<string, unknown>;
      }
    }
  }
  return root;
}

class FormError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

function stripeError(res: ServerResponse, status: number, type: string, message: string, extra = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
  res.end(JSON.stringify({ error: { type, message, ...extra } }, null, 2));
}

function send(res: ServerResponse, obj: unknown, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': id('req'), ...headers });
  res.end(JSON.stringify(obj, null, 2));
}

const isInt = (v: unknown): v is string => typeof v === 'string' && /^(0|[1-9]\d{0,11})$/.test(v);

/** Starts the fake Stripe API on 127.0.0.1 (port 0). */
export async function startFakeStripe(): Promise<FakeStripe> {
  const accounts = new Map<string, FakeStripeAccount>();
  const sessions = new Map<string, StoredSession>();
  const byIntent = new Map<string, string>();
  const idempotent = new Map<string, { hash: string; status: number; body: string }>();
  const requests: FakeStripeRequest[] = [];
  const faults: { status: number; left: number } = { status: 0, left: 0 };
  let base = '';

  function createSession(account: string, form: Record<string, unknown>): FakeSession | FormError {
    if (form.mode !== 'payment') return new FormError('mode must be payment', 'mode');
    const items = form.line_items;
    if (!Array.isArray(items) || items.length !== 1)
      return new FormError('line_items required', 'line_items');
    const item = items[0] as Record<string, unknown>;
    const pd = item.price_data as Record<string, unknown> | undefined;
    const product = pd?.product_data as Record<string, unknown> | undefined;
    if (!pd || typeof pd.currency !== 'string' || !/^[a-z]{3}$/.test(pd.currency)) {
      return new FormError('Invalid currency', 'line_items[0][price_data][currency]');
    }
    if (!isInt(pd.unit_amount) || Number(pd.unit_amount) < 1) {
      return new FormError('Invalid integer: unit_amount', 'line_items[0][price_data][unit_amount]');
    }
    if (!product || typeof product.name !== 'string' || !product.name) {
      return new FormError(
        'Missing required param: product_data[name]',
        'line_items[0][price_data][product_data][name]',
      );
    }
    if (!isInt(item.quantity) || Number(item.quantity) < 1) {
      return new FormError('Invalid integer: quantity', 'line_items[0][quantity]');
    }
    if (typeof form.success_url !== 'string' || !/^https?:\/\//.test(form.success_url)) {
      return new FormError('Not a valid URL', 'success_url');
    }
    const created = now();
    let expiresAt = created + 24 * 3600;
    if (form.expires_at !== undefined) {
      if (!isInt(form.expires_at)) return new FormError('Invalid integer: expires_at', 'expires_at');
      expiresAt = Number(form.expires_at);
      if (expiresAt < created + 30 * 60 - 5 || expiresAt > created + 24 * 3600) {
        return new FormError('expires_at must be between 30 minutes and 24 hours from now', 'expires_at');
      }
    }
    const meta = (v: unknown): Record<string, string> =>
      typeof v === 'object' && v !== null ? (v as Record<string, string>) : {};
    const amount = Number(pd.unit_amount) * Number(item.quantity);
    const types = form.allowed_payment_method_types;
    const sid = `cs_test_${randomBytes(24).toString('hex')}`;
    const session: FakeSession = {
      id: sid,
      object: 'checkout.session',
      url: `${base}/c/pay/${sid}`,
      mode: 'payment',
      amount_subtotal: amount,
      amount_total: amount,
      currency: pd.currency,
      client_reference_id: typeof form.client_reference_id === 'string' ? form.client_reference_id : null,
      metadata: meta(form.metadata),
      payment_status: 'unpaid',
      status: 'open',
      // As in current API versions, the PaymentIntent exists once the buyer confirms.
      payment_intent: null,
      success_url: form.success_url,
      cancel_url: typeof form.cancel_url === 'string' ? form.cancel_url : null,
      created,
      expires_at: expiresAt,
      livemode: false,
      allowed_payment_method_types: Array.isArray(types) ? (types as string[]) : null,
    };
    sessions.set(sid, {
      account,
      session,
      piMetadata: meta((form.payment_intent_data as Record<string, unknown> | undefined)?.metadata),
      refunded: 0,
      refunds: [],
    });
    return session;
  }

  function createRefund(account: string, form: Record<string, unknown>) {
    const pi = form.payment_intent;
    const sid = typeof pi === 'string' ? byIntent.get(pi) : undefined;
    const stored = sid ? sessions.get(sid) : undefined;
    if (!stored || stored.account !== account) {
      return new FormError(`No such payment_intent: '${String(pi)}'`, 'payment_intent');
    }
    const remaining = stored.session.amount_total - stored.refunded;
    if (form.amount !== undefined && !isInt(form.amount))
      return new FormError('Invalid integer: amount', 'amount');
    const amount = form.amount === undefined ? remaining : Number(form.amount);
    if (amount < 1 || amount > remaining) {
      return Object.assign(
        new FormError(
          `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
          'amount',
        ),
        { code: 'amount_too_large' },
      );
    }
    stored.refunded += amount;
    const refund = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: stored.session.currency,
      payment_intent: pi,
      charge: `ch_${String(pi).slice(3)}`,
      status: 'succeeded',
      metadata: typeof form.metadata === 'object' && form.metadata !== null ? form.metadata : {},
      created: now(),
    };
    stored.refunds.push(refund);
    return refund;
  }

  function listRefunds(account: string, form: Record<string, unknown>) {
    const pi = form.payment_intent;
    const sid = typeof pi === 'string' ? byIntent.get(pi) : undefined;
    const stored = sid ? sessions.get(sid) : undefined;
    if (pi !== undefined && (!stored || stored.account !== account)) {
      return new FormError(`No such payment_intent: '${String(pi)}'`, 'payment_intent');
    }
    const limit = form.limit === undefined ? 10 : isInt(form.limit) ? Number(form.limit) : NaN;
    if (!(limit >= 1 && limit <= 100)) return new FormError('Invalid integer: limit', 'limit');
    const all = stored
      ? [...stored.refunds].reverse()
      : [...sessions.values()].filter((x) => x.account === account).flatMap((x) => [...x.refunds].reverse());
    return { object: 'list', data: all.slice(0, limit), has_more: all.length > limit, url: '/v1/refunds' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', base);
    if (!url.pathname.startsWith('/v1/'))
      return stripeError(res, 404, 'invalid_request_error', 'Unrecognized request URL');
    let form: Record<string, unknown>;
    try {
      form = parseStripeForm(req.method === 'GET' ? url.search.slice(1) : raw);
    } catch (err) {
      const e = err as FormError;
      return stripeError(res, 400, 'invalid_request_error', e.message, { param: e.param });
    }
    requests.push({ method: req.method ?? '', path: url.pathname, form, headers: req.headers });
    if (faults.left > 0) {
      faults.left--;
      const type = faults.status === 401 ? 'invalid_request_error' : 'api_error';
      return stripeError(res, faults.status, type, 'Injected fault');
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const account = auth ? accounts.get(auth[1]!) : undefined;
    if (!auth || !account) {
      const shown = auth ? `${auth[1]!.slice(0, 8)}********` : '';
      return stripeError(res, 401, 'invalid_request_error', `Invalid API Key provided: ${shown}`);
    }
    const key = account.secretKey;
    const idem = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
    if (typeof idem === 'string') {
      const ik = `${key}\n${idem}`;
      const hash = createHash('sha256').update(`${url.pathname}\n${raw}`).digest('hex');
      const seen = idempotent.get(ik);
      if (seen) {
        if (seen.hash !== hash) {
          return stripeError(
            res,
            400,
            'idempotency_error',
            'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          );
        }
        res.writeHead(seen.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
        return res.end(seen.body);
      }
      const orig = res.end.bind(res);
      res.end = ((body: string) => {
        idempotent.set(ik, { hash, status: res.statusCode, body });
        return orig(body);
      }) as typeof res.end;
    }
    const answer = (r: unknown) =>
      r instanceof FormError
        ? stripeError(res, 400, 'invalid_request_error', r.message, {
            param: r.param,
            ...('code' in r ? { code: (r as { code: string }).code } : {}),
          })
        : send(res, r);
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions')
      return answer(createSession(key, form));
    const m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      const stored = sessions.get(decodeURIComponent(m[1]!));
      if (!stored || stored.account !== key) {
        return stripeError(res, 404, 'invalid_request_error', `No such checkout.session: '${m[1]}'`, {
          code: 'resource_missing',
          param: 'session',
        });
      }
      return send(res, stored.session);
    }
    if (req.method === 'POST' && url.pathname === '/v1/refunds') return answer(createRefund(key, form));
    if (req.method === 'GET' && url.pathname === '/v1/refunds') return answer(listRefunds(key, form));
    return stripeError(
      res,
      404,
      'invalid_request_error',
      `Unrecognized request URL (${req.method}: ${url.pathname})`,
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) stripeError(res, 500, 'api_error', 'fake error');
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign = (payload: string, secret: string, t = now()) =>
    `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;

  const stored = (sid: string) => {
    const s = sessions.get(sid);
    if (!s) throw new Error(`fake stripe: no session ${sid}`);
    return s;
  };

  const eventJson = (sid: string, type: string, patch: Record<string, unknown> = {}) =>
    JSON.stringify(
      {
        id: id('evt'),
        object: 'event',
        api_version: '2026-10-28.endive',
        created: now(),
        data: { object: { ...stored(sid).session, ...patch } },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      },
      null,
      2,
    );

  async function deliver(s: StoredSession, type: string, tries = MAX_DELIVERIES): Promise<number> {
    const account = accounts.get(s.account)!;
    if (!account.endpoint) throw new Error('fake stripe: no webhook endpoint for the account');
    const payload = eventJson(s.session.id, type);
    let status = 0;
    for (let i = 0; i < tries; i++) {
      try {
        const res = await fetch(account.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            // Signed at each attempt, as Stripe does.
            'stripe-signature': sign(payload, account.webhookSecret),
          },
          body: payload,
          signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        });
        await res.text();
        status = res.status;
        if (status >= 200 && status < 300) return status;
      } catch {
        // Retried below, like a timed-out delivery.
      }
      if (i + 1 < tries) await new Promise((r) => setTimeout(r, 100 * (i + 1)));
    }
    if (tries === MAX_DELIVERIES) throw new Error(`fake stripe: ${type} never acknowledged`);
    return status;
  }

  return {
    url: base,
    requests,
    addAccount: (a) => void accounts.set(a.secretKey, { ...a }),
    setEndpoint(secretKey, endpoint) {
      const a = accounts.get(secretKey);
      if (!a) throw new Error('fake stripe: unknown account');
      a.endpoint = endpoint;
    },
    session: (sid) => stored(sid).session,
    refunds: (sid) => stored(sid).refunds.map((r) => r.amount as number),
    async pay(sid, opts = {}) {
      const s = stored(sid);
      if (s.session.status !== 'open') throw new Error(`fake stripe: session ${s.session.status}`);
      const pi = id('pi');
      byIntent.set(pi, sid);
      s.session.payment_intent = pi;
      s.session.status = 'complete';
      s.session.url = null;
      if (opts.async) {
        s.session.payment_status = 'unpaid';
        // Kameng refuses an unpaid completion (Stripe would keep retrying it): one delivery is enough here.
        if (opts.notify !== false) await deliver(s, 'checkout.session.completed', 1);
        s.session.payment_status = 'paid';
        if (opts.notify !== false) await deliver(s, 'checkout.session.async_payment_succeeded');
        return;
      }
      s.session.payment_status = 'paid';
      if (opts.notify !== false) await deliver(s, 'checkout.session.completed');
    },
    deliver: (sid, type, tries) => deliver(stored(sid), type, tries),
    expire(sid) {
      const s = stored(sid).session;
      s.status = 'expired';
      s.url = null;
    },
    eventJson,
    sign,
    failNext(status, count = 1) {
      faults.status = status;
      faults.left = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
