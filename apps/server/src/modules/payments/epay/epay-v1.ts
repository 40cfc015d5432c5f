import { formatYuan, parseYuan } from '../amount';
import type {
  AttemptRef,
  ChannelConfig,
  CreatePaymentRequest,
  CreatePaymentResult,
  QueryResult,
  RejectedNotify,
  VerifiedNotify,
} from '../provider';
import { cashierActionFor, clientIp, epayPid, truncateUtf8, type EpaySettings } from './epay-config';
import { epayRequest, gatewayMessage, str } from './epay-http';
import { epayMd5Sign, epayMd5Verify } from './epay-sign';

function v1Key(channel: ChannelConfig): string {
  const key = channel.credentials.key ?? '';
  if (!key) throw new Error('epay: credentials.key (the V1 MD5 key) is missing');
  return key;
}

/** The order fields both V1 flows sign: exactly the strings transmitted (money "10.00"). */
export function v1OrderParams(
  pid: string,
  s: EpaySettings,
  req: CreatePaymentRequest,
): Record<string, string> {
  return {
    pid,
    type: s.type,
    out_trade_no: req.tradeNo,
    notify_url: req.notifyUrl,
    return_url: req.returnUrl,
    name: truncateUtf8(req.subject) || req.tradeNo,
    money: formatYuan(req.amount),
  };
}

/** V1 create: a signed form for submit.php (the browser posts it), or a server-side mapi.php call. */
export async function createV1(
  channel: ChannelConfig,
  s: EpaySettings,
  req: CreatePaymentRequest,
): Promise<CreatePaymentResult> {
  const pid = epayPid(channel);
  const key = v1Key(channel);
  const base = v1OrderParams(pid, s, req);
  if (s.flow === 'submit') {
    return {
      action: {
        type: 'form',
        form: {
          action: `${s.gatewayUrl}submit.php`,
          method: 'POST',
          fields: { ...base, sign: epayMd5Sign(base, key), sign_type: 'MD5' },
        },
      },
    };
  }
  const params = { ...base, clientip: clientIp(req.clientIp), device: req.device };
  const json = await epayRequest(`${s.gatewayUrl}mapi.php`, {
    what: 'create',
    method: 'POST',
    form: { ...params, sign: epayMd5Sign(params, key), sign_type: 'MD5' },
    timeoutMs: s.timeoutMs,
    secret: key,
  });
  if (str(json.code) !== '1') throw new Error(`epay create refused: ${gatewayMessage(json, key)}`);
  const action = cashierActionFor(
    { payurl: str(json.payurl), qrcode: str(json.qrcode), urlscheme: str(json.urlscheme) },
    req.device,
  );
  const tradeNo = str(json.trade_no);
  return { action, ...(tradeNo ? { providerTradeNo: tradeNo } : {}) };
}

/**
 * V1 notify (GET query or POST form, merged into `fields`): MD5 over every non-empty field but
 * sign/sign_type plus the key, compared in constant time; an empty key verifies nothing.
 */
export function parseNotifyV1(
  channel: ChannelConfig,
  fields: Record<string, string>,
): VerifiedNotify | RejectedNotify {
  const key = channel.credentials.key ?? '';
  if (!key) return { ok: false, reason: 'key_empty' };
  if (!fields.sign) return { ok: false, reason: 'signature_missing' };
  if (fields.sign_type && fields.sign_type.toUpperCase() !== 'MD5') {
    return { ok: false, reason: 'sign_type_unsupported' };
  }
  if (!epayMd5Verify(fields, key)) return { ok: false, reason: 'signature_invalid' };
  return notifyFacts(fields);
}

/** The facts of a verified notify (V1 and V2 carry the same ones). */
export function notifyFacts(fields: Record<string, string>): VerifiedNotify | RejectedNotify {
  const amount = parseYuan(fields.money ?? '');
  if (amount === null) return { ok: false, reason: 'amount_malformed' };
  if (!fields.out_trade_no || !fields.trade_no) return { ok: false, reason: 'trade_missing' };
  return {
    ok: true,
    tradeNo: fields.out_trade_no,
    providerTradeNo: fields.trade_no,
    amount,
    status: fields.trade_status === 'TRADE_SUCCESS' ? 'paid' : 'other',
    merchantId: fields.pid ?? '',
  };
}

/**
 * An order's state as the gateway reports it (`status` 1 paid, 0 unpaid, 2 refunded → closed). A
 * trade the gateway does not know (submit flow, buyer never arrived) is unpaid.
 */
export function queryFacts(json: Record<string, unknown>, attempt: AttemptRef): QueryResult {
  const out = str(json.out_trade_no);
  if (out && out !== attempt.tradeNo) throw new Error('epay query: the answer is about another trade');
  const status = str(json.status);
  if (status === '1') {
    const amount = parseYuan(str(json.money));
    const providerTradeNo = str(json.trade_no);
    return {
      status: 'paid',
      ...(providerTradeNo ? { providerTradeNo } : {}),
      ...(amount === null ? {} : { amount }),
    };
  }
  return { status: status === '2' ? 'closed' : 'unpaid' };
}

/** V1 query: api.php?act=order, authenticated by the raw key in the query string (never logged). */
export async function queryV1(
  channel: ChannelConfig,
  s: EpaySettings,
  attempt: AttemptRef,
): Promise<QueryResult> {
  const pid = epayPid(channel);
  const key = v1Key(channel);
  const qs = new URLSearchParams({ act: 'order', pid, key, out_trade_no: attempt.tradeNo });
  const json = await epayRequest(`${s.gatewayUrl}api.php?${qs.toString()}`, {
    what: 'query',
    method: 'GET',
    timeoutMs: s.timeoutMs,
    secret: key,
  });
  const code = str(json.code);
  if (code === '-1') return { status: 'unpaid' }; // 订单号不存在
  if (code !== '1') throw new Error(`epay query refused: ${gatewayMessage(json, key)}`);
  return queryFacts(json, attempt);
}

/** V1 refund: api.php?act=refund (POST pid, key, trade_no or out_trade_no, money). */
export async function refundV1(
  channel: ChannelConfig,
  s: EpaySettings,
  attempt: AttemptRef,
  amount: number,
): Promise<{ refundNo: string }> {
  const pid = epayPid(channel);
  const key = v1Key(channel);
  const ref: Record<string, string> = attempt.providerTradeNo
    ? { trade_no: attempt.providerTradeNo }
    : { out_trade_no: attempt.tradeNo };
  const json = await epayRequest(`${s.gatewayUrl}api.php?act=refund`, {
    what: 'refund',
    method: 'POST',
    form: { pid, key, ...ref, money: formatYuan(amount) },
    timeoutMs: s.timeoutMs,
    secret: key,
  });
  if (str(json.code) !== '1') throw new Error(`epay refund refused: ${gatewayMessage(json, key)}`);
  return { refundNo: str(json.refund_no) || attempt.providerTradeNo || attempt.tradeNo };
}
