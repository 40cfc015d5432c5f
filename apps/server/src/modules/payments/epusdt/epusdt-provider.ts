import { httpRequest } from '../../../lib/http-out';
import { formatYuan, parseYuan } from '../amount';
import type {
  AttemptRef,
  ChannelConfig,
  NotifyRequest,
  PaymentProvider,
  QueryResult,
  RejectedNotify,
  VerifiedNotify,
} from '../provider';
import { epusdtSign, epusdtVerify, goFormatFloat, type EpusdtValue } from './epusdt-sign';

const TIMEOUT_MS = 5000;

/** Epusdt's order statuses (mdb/orders_mdb.go). */
const STATUS_WAITING = 1;
const STATUS_PAID = 2;
const STATUS_EXPIRED = 3;

/** The gateway refused or answered something we cannot use; `statusCode` is Epusdt's own code (401, 10002 …). */
export class EpusdtError extends Error {
  constructor(
    readonly code: 'EPUSDT_REFUSED' | 'EPUSDT_BAD_ANSWER' | 'EPUSDT_NOT_CONFIGURED',
    readonly statusCode: number | null,
    message: string,
  ) {
    super(`epusdt: ${message}`);
    this.name = 'EpusdtError';
  }
}

function token(channel: ChannelConfig): string {
  const t = channel.credentials.token ?? '';
  if (!t) throw new EpusdtError('EPUSDT_NOT_CONFIGURED', null, 'channel has no API token');
  return t;
}

function gatewayBase(channel: ChannelConfig): string {
  const url = channel.settings.gatewayUrl;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    throw new EpusdtError('EPUSDT_NOT_CONFIGURED', null, 'channel has no gatewayUrl');
  }
  return url.replace(/\/+$/, '');
}

function network(channel: ChannelConfig): string {
  const n = channel.settings.network;
  return typeof n === 'string' && n ? n : 'TRC20';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Epusdt always answers HTTP 200 with `{status_code, message, data, request_id}`; `status_code` 200 is
 * success, anything else (401 bad signature, 10002 duplicate, 10008 not found …) is a refusal.
 */
async function call(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
): Promise<Record<string, unknown>> {
  const res = await httpRequest(url, { ...init, timeoutMs: TIMEOUT_MS });
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw new EpusdtError('EPUSDT_BAD_ANSWER', null, `HTTP ${res.status}, not JSON`);
  }
  if (!isObject(json) || typeof json.status_code !== 'number') {
    throw new EpusdtError('EPUSDT_BAD_ANSWER', null, `HTTP ${res.status}, no status_code`);
  }
  if (json.status_code !== 200) {
    const msg = typeof json.message === 'string' ? json.message.slice(0, 200) : '';
    throw new EpusdtError(
      'EPUSDT_REFUSED',
      json.status_code,
      `status_code ${json.status_code} ${msg}`.trim(),
    );
  }
  if (!isObject(json.data)) throw new EpusdtError('EPUSDT_BAD_ANSWER', 200, 'no data');
  return json.data;
}

/** The CNY amount of a callback (a JSON number) as integer fen, exactly; null past 2 decimals. */
function fenOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? parseYuan(goFormatFloat(v)) : null;
}

/** Callback fields and the JSON types the Go server sends them as (response.OrderNotifyResponse). */
const NOTIFY_TYPES: Record<string, 'string' | 'number'> = {
  trade_id: 'string',
  order_id: 'string',
  amount: 'number',
  actual_amount: 'number',
  token: 'string',
  block_transaction_id: 'string',
  signature: 'string',
  status: 'number',
};
const NOTIFY_REQUIRED = ['trade_id', 'order_id', 'amount', 'signature', 'status'];

function parseCallback(channel: ChannelConfig, req: NotifyRequest): VerifiedNotify | RejectedNotify {
  const apiToken = channel.credentials.token ?? '';
  if (!apiToken) return { ok: false, reason: 'key_empty' };
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody);
  } catch {
    return { ok: false, reason: 'body_malformed' };
  }
  if (!isObject(body)) return { ok: false, reason: 'field_types' };
  // No prototype: a field named `__proto__` is signed and checked like any other.
  const params = Object.create(null) as Record<string, EpusdtValue>;
  for (const [k, v] of Object.entries(body)) {
    const want = Object.hasOwn(NOTIFY_TYPES, k) ? NOTIFY_TYPES[k] : undefined;
    // Unknown fields (forks add some) are signed like the rest, so they may be strings or numbers only.
    if (want ? typeof v !== want : typeof v !== 'string' && typeof v !== 'number') {
      return { ok: false, reason: 'field_types' };
    }
    if (typeof v === 'number' && !Number.isFinite(v)) return { ok: false, reason: 'field_types' };
    params[k] = v as string | number;
  }
  if (NOTIFY_REQUIRED.some((k) => params[k] === undefined)) return { ok: false, reason: 'field_missing' };
  if (!epusdtVerify(params, params.signature as string, apiToken)) {
    return { ok: false, reason: 'signature_invalid' };
  }
  const amount = fenOf(params.amount);
  if (amount === null) return { ok: false, reason: 'amount_malformed' };
  const tradeNo = params.order_id as string;
  const providerTradeNo = params.trade_id as string;
  if (!tradeNo || !providerTradeNo) return { ok: false, reason: 'trade_missing' };
  return {
    ok: true,
    tradeNo,
    providerTradeNo,
    amount,
    status: params.status === STATUS_PAID ? 'paid' : 'other',
    // The callback carries no merchant id: the channel's token verified it, so the channel is the binding.
    merchantId: channel.id,
  };
}

/**
 * Epusdt (assimon/epusdt and compatible servers such as BEpusdt): USDT on TRC20 through a
 * self-hosted gateway. JSON create with an MD5 signature, a signed JSON callback answered `ok`,
 * the checkout counter's status endpoint for the active query, no refund (refunds are offline).
 */
export const epusdtProvider: PaymentProvider = {
  id: 'epusdt',
  notifyFormat: 'raw',
  merchantIdOf: (channel) => channel.id,

  async createPayment(channel, req) {
    const apiToken = token(channel);
    // A JSON number built from the exact decimal string: 1234 fen → 12.34, 10000 fen → 100 (Go signs "100").
    const amount = Number(formatYuan(req.amount));
    const params: Record<string, string | number> = {
      order_id: req.tradeNo,
      amount,
      notify_url: req.notifyUrl,
      // The Go server signs an empty redirect_url as `redirect_url=`; leaving it out avoids the question.
      ...(req.returnUrl ? { redirect_url: req.returnUrl } : {}),
    };
    const data = await call(`${gatewayBase(channel)}/api/v1/order/create-transaction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, signature: epusdtSign(params, apiToken) }),
    });
    const { trade_id, order_id, actual_amount, token: address, expiration_time, payment_url } = data;
    if (
      typeof trade_id !== 'string' ||
      !trade_id ||
      order_id !== req.tradeNo ||
      (typeof data.amount === 'string' ? parseYuan(data.amount) : fenOf(data.amount)) !== req.amount ||
      typeof actual_amount !== 'number' ||
      !(actual_amount > 0) ||
      typeof address !== 'string' ||
      !address ||
      typeof expiration_time !== 'number' ||
      !Number.isSafeInteger(expiration_time) ||
      typeof payment_url !== 'string' ||
      !/^https?:\/\//.test(payment_url)
    ) {
      throw new EpusdtError('EPUSDT_BAD_ANSWER', 200, 'create-transaction answer malformed');
    }
    // Unix seconds (create-transaction); some forks answer milliseconds like the checkout counter.
    const expiresMs = expiration_time > 1e12 ? expiration_time : expiration_time * 1000;
    return {
      action: {
        type: 'qr',
        qr: address,
        url: payment_url,
        crypto: {
          amount: goFormatFloat(actual_amount),
          currency: 'USDT',
          network: network(channel),
          address,
          expiresAt: new Date(expiresMs).toISOString(),
        },
      },
      providerTradeNo: trade_id,
    };
  },

  parseNotify: (channel, req) => parseCallback(channel, req),

  // Epusdt validates amount > 0.01.
  testAmount: 2,
  notifyReply: (ok) => ({
    status: ok ? 200 : 400,
    contentType: 'text/plain; charset=utf-8',
    body: ok ? 'ok' : 'fail',
  }),

  /**
   * Epusdt has no signed query API; its checkout counter polls `GET /pay/check-status/:trade_id`,
   * which answers `{trade_id, status}` (1 waiting, 2 paid, 3 expired) and no amount.
   *
   * Why the attempt's amount may be reported as paid: the trade id is the one Epusdt issued in its
   * answer to this attempt's own create-transaction, for exactly this attempt's amount (checked when
   * the answer came), and Epusdt marks a trade paid only when a transfer of that trade's USDT amount
   * reached its wallet. So "trade <id> is paid" means "this attempt's amount is paid". Only an answer
   * about that very trade id is believed; an attempt without an Epusdt trade id is never healed here.
   * The endpoint is unauthenticated, so the gateway URL must be one the operator trusts (HTTPS).
   */
  async query(channel, attempt: AttemptRef): Promise<QueryResult> {
    const tradeId = attempt.providerTradeNo;
    if (!tradeId) throw new EpusdtError('EPUSDT_NOT_CONFIGURED', null, 'attempt has no Epusdt trade id');
    const data = await call(`${gatewayBase(channel)}/pay/check-status/${encodeURIComponent(tradeId)}`, {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    if (data.trade_id !== tradeId) {
      throw new EpusdtError('EPUSDT_BAD_ANSWER', 200, 'check-status answered about another trade');
    }
    switch (data.status) {
      case STATUS_PAID:
        return { status: 'paid', providerTradeNo: tradeId, amount: attempt.amount };
      case STATUS_WAITING:
        return { status: 'unpaid', providerTradeNo: tradeId };
      case STATUS_EXPIRED:
        return { status: 'closed', providerTradeNo: tradeId };
      default:
        throw new EpusdtError('EPUSDT_BAD_ANSWER', 200, 'check-status: unknown status');
    }
  },
  // No refund: Epusdt cannot send USDT back, so Kameng records refunds as offline for the operator.
};
