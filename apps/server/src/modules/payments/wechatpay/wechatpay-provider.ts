import type {
  AttemptRef,
  ChannelConfig,
  NotifyRequest,
  PaymentProvider,
  QueryResult,
  RejectedNotify,
  VerifiedNotify,
} from '../provider';
import { call, creds, isObject, parseJson, platformOf, WechatpayError, type Json } from './wechatpay-api';
import { decryptResource, isApiV3Key, verifyPlatformSignature } from './wechatpay-sign';

export { WechatpayError } from './wechatpay-api';

/** `description` is at most 127 bytes of UTF-8. */
const MAX_DESCRIPTION_BYTES = 127;

/** Cuts a string to at most `max` bytes of UTF-8 without splitting a character. */
function utf8Prefix(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

/** A transaction (notify resource or query answer), strictly typed; null when any field is off. */
interface Transaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  trade_state: string;
  total: number | null;
}

function transactionOf(v: unknown, needPaid: boolean): Transaction | null {
  if (!isObject(v)) return null;
  const { appid, mchid, out_trade_no, transaction_id, trade_state, amount } = v;
  if (typeof appid !== 'string' || typeof mchid !== 'string' || typeof out_trade_no !== 'string') return null;
  if (typeof trade_state !== 'string') return null;
  if (transaction_id !== undefined && typeof transaction_id !== 'string') return null;
  if (amount !== undefined && !isObject(amount)) return null;
  const total = amount?.total;
  if (total !== undefined && !(typeof total === 'number' && Number.isSafeInteger(total) && total >= 0))
    return null;
  const currency = amount?.currency;
  if (currency !== undefined && currency !== 'CNY') return null;
  if (needPaid && (typeof total !== 'number' || !transaction_id)) return null;
  return {
    appid,
    mchid,
    out_trade_no,
    transaction_id: transaction_id ?? '',
    trade_state,
    total: typeof total === 'number' ? total : null,
  };
}

function header(req: NotifyRequest, name: string): unknown {
  return req.headers[name];
}

/** Verifies, decrypts and strictly types a v3 payment notify. */
function parseNotify(channel: ChannelConfig, req: NotifyRequest): VerifiedNotify | RejectedNotify {
  const reject = (reason: string): RejectedNotify => ({ ok: false, reason });
  const apiV3Key = channel.credentials.apiV3Key ?? '';
  const platform = platformOf(channel);
  if (!platform.key || !platform.serial || !isApiV3Key(apiV3Key)) return reject('key_empty');
  const bad = verifyPlatformSignature(
    {
      timestamp: header(req, 'wechatpay-timestamp'),
      nonce: header(req, 'wechatpay-nonce'),
      signature: header(req, 'wechatpay-signature'),
      serial: header(req, 'wechatpay-serial'),
    },
    req.rawBody,
    platform,
  );
  if (bad) return reject(bad);
  // Only the signed raw text is read, never a body parsed by someone else.
  const body = parseJson(req.rawBody);
  if (!isObject(body)) return reject('body_malformed');
  const { event_type, resource_type, resource } = body;
  if (typeof event_type !== 'string' || resource_type !== 'encrypt-resource' || !isObject(resource)) {
    return reject('field_types');
  }
  const { algorithm, ciphertext, nonce, associated_data } = resource;
  if (
    algorithm !== 'AEAD_AES_256_GCM' ||
    typeof ciphertext !== 'string' ||
    typeof nonce !== 'string' ||
    (associated_data !== undefined && typeof associated_data !== 'string')
  ) {
    return reject('field_types');
  }
  const plain = decryptResource(apiV3Key, { ciphertext, nonce, associated_data: associated_data ?? '' });
  if (plain === null) return reject('decrypt_failed');
  const t = transactionOf(parseJson(plain), true);
  if (!t || t.total === null) return reject('field_types');
  if (t.appid !== (channel.credentials.appId ?? '') || !t.appid) return reject('appid_mismatch');
  if (!t.out_trade_no) return reject('trade_missing');
  return {
    ok: true,
    tradeNo: t.out_trade_no,
    providerTradeNo: t.transaction_id,
    amount: t.total,
    status: event_type === 'TRANSACTION.SUCCESS' && t.trade_state === 'SUCCESS' ? 'paid' : 'other',
    merchantId: t.mchid,
  };
}

const QUERY_STATUS: Record<string, QueryResult['status']> = {
  SUCCESS: 'paid',
  NOTPAY: 'unpaid',
  USERPAYING: 'unpaid',
  // Paid, then refunded outside Kameng: never deliver for money already given back.
  REFUND: 'closed',
  CLOSED: 'closed',
  REVOKED: 'closed',
  PAYERROR: 'closed',
};

/**
 * WeChat Pay API v3, Native payment (扫码支付): the cashier shows `code_url` as a QR code, on
 * phones too (inside WeChat the buyer long-presses it). H5 and JSAPI payments are not implemented.
 */
export const wechatpayProvider: PaymentProvider = {
  id: 'wechatpay',
  notifyFormat: 'raw',
  merchantIdOf: (channel) => channel.credentials.mchId ?? '',

  async createPayment(channel, req) {
    const c = creds(channel);
    if (req.currency !== 'CNY') throw new WechatpayError('CURRENCY_UNSUPPORTED', req.currency);
    if (!Number.isSafeInteger(req.amount) || req.amount < 1)
      throw new WechatpayError('AMOUNT_INVALID', String(req.amount));
    const res = await call(channel, 'POST', '/v3/pay/transactions/native', {
      appid: c.appId,
      mchid: c.mchId,
      description: utf8Prefix(req.subject, MAX_DESCRIPTION_BYTES) || req.tradeNo,
      out_trade_no: req.tradeNo,
      notify_url: req.notifyUrl,
      amount: { total: req.amount, currency: 'CNY' },
    });
    if (typeof res.code_url !== 'string' || !res.code_url) {
      throw new WechatpayError('ANSWER_MALFORMED', 'no code_url');
    }
    return { action: { type: 'qr', qr: res.code_url } };
  },

  parseNotify: (channel, req) => parseNotify(channel, req),

  // v3: success is a 2xx without a body; anything else (4xx/5xx + FAIL) makes WeChat Pay retry.
  notifyReply: (ok) =>
    ok
      ? { status: 204, contentType: 'application/json; charset=utf-8', body: '' }
      : {
          status: 400,
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify({ code: 'FAIL', message: '失败' }),
        },

  async query(channel, attempt: AttemptRef): Promise<QueryResult> {
    const c = creds(channel);
    let res: Json;
    try {
      res = await call(
        channel,
        'GET',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(attempt.tradeNo)}?mchid=${encodeURIComponent(c.mchId)}`,
      );
    } catch (err) {
      // Never created or not yet visible at WeChat Pay: nothing was paid.
      if (err instanceof WechatpayError && err.status === 404 && err.code === 'ORDER_NOT_EXIST') {
        return { status: 'unpaid' };
      }
      throw err;
    }
    const t = transactionOf(res, false);
    if (!t) throw new WechatpayError('ANSWER_MALFORMED', 'transaction fields');
    if (t.mchid !== c.mchId || t.appid !== c.appId || t.out_trade_no !== attempt.tradeNo) {
      throw new WechatpayError('ANSWER_MISMATCH', 'another trade or merchant');
    }
    const status = QUERY_STATUS[t.trade_state];
    if (!status) throw new WechatpayError('ANSWER_MALFORMED', `trade_state ${t.trade_state.slice(0, 32)}`);
    if (status !== 'paid') return { status };
    if (t.total === null || !t.transaction_id)
      throw new WechatpayError('ANSWER_MALFORMED', 'paid without amount');
    return { status, providerTradeNo: t.transaction_id, amount: t.total };
  },

  async refund(channel, attempt, amount, outRefundNo) {
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > attempt.amount) {
      throw new WechatpayError('AMOUNT_INVALID', String(amount));
    }
    // Our refund number: WeChat Pay answers a repeated out_refund_no with that refund, not a new one.
    const res = await call(channel, 'POST', '/v3/refund/domestic/refunds', {
      out_trade_no: attempt.tradeNo,
      out_refund_no: outRefundNo,
      amount: { refund: amount, total: attempt.amount, currency: 'CNY' },
    });
    const { refund_id, status } = res;
    if (typeof refund_id !== 'string' || !refund_id)
      throw new WechatpayError('ANSWER_MALFORMED', 'no refund_id');
    if (status !== 'SUCCESS' && status !== 'PROCESSING') {
      throw new WechatpayError('REFUND_REFUSED', typeof status === 'string' ? status.slice(0, 32) : 'status');
    }
    return { refundNo: refund_id };
  },
};
