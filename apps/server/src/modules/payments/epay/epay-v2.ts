import type { KeyObject } from 'node:crypto';
import { formatYuan } from '../amount';
import type {
  AttemptRef,
  ChannelConfig,
  CreatePaymentRequest,
  CreatePaymentResult,
  QueryResult,
  RejectedNotify,
  VerifiedNotify,
} from '../provider';
import { cashierActionFor, clientIp, epayPid, type EpaySettings } from './epay-config';
import { epayRequest, gatewayMessage, str } from './epay-http';
import { epayPrivateKey, epayPublicKey, epayRsaSign, epayRsaVerify, epayTimestampFresh } from './epay-sign';
import { notifyFacts, queryFacts, v1OrderParams } from './epay-v1';

interface V2Keys {
  pid: string;
  privateKey: KeyObject;
  platformKey: KeyObject;
}

function v2Keys(channel: ChannelConfig): V2Keys {
  const pid = epayPid(channel);
  const priv = channel.credentials.privateKey ?? '';
  const pub = channel.credentials.platformPublicKey ?? '';
  if (!priv) throw new Error('epay: credentials.privateKey (the V2 merchant RSA private key) is missing');
  if (!pub) throw new Error('epay: credentials.platformPublicKey (the V2 platform public key) is missing');
  let privateKey: KeyObject;
  let platformKey: KeyObject;
  try {
    privateKey = epayPrivateKey(priv);
  } catch {
    throw new Error('epay: credentials.privateKey is not an RSA private key (PKCS#8 PEM or base64)');
  }
  try {
    platformKey = epayPublicKey(pub);
  } catch {
    throw new Error('epay: credentials.platformPublicKey is not an RSA public key (PEM or base64)');
  }
  return { pid, privateKey, platformKey };
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

/** Adds pid, timestamp, sign and sign_type=RSA to a request's fields. */
function signed(keys: V2Keys, params: Record<string, string>): Record<string, string> {
  const p = { ...params, pid: keys.pid, timestamp: nowSeconds() };
  return { ...p, sign: epayRsaSign(p, keys.privateKey), sign_type: 'RSA' };
}

/** Calls a V2 endpoint; success is code 0 with a platform signature and a fresh timestamp. */
async function callV2(
  s: EpaySettings,
  keys: V2Keys,
  path: string,
  what: string,
  params: Record<string, string>,
): Promise<Record<string, unknown>> {
  const json = await epayRequest(`${s.gatewayUrl}${path}`, {
    what,
    method: 'POST',
    form: signed(keys, params),
    timeoutMs: s.timeoutMs,
  });
  if (str(json.code) !== '0') throw new Error(`epay ${what} refused: ${gatewayMessage(json)}`);
  if (!epayRsaVerify(json as Record<string, never>, keys.platformKey)) {
    throw new Error(`epay ${what}: the answer's platform signature is invalid`);
  }
  if (!epayTimestampFresh(json.timestamp, Date.now())) {
    throw new Error(`epay ${what}: the answer's timestamp is missing or outside ±300 s`);
  }
  return json;
}

/** V2 create: a signed form for api/pay/submit, or api/pay/create (method web) answered with pay_type/pay_info. */
export async function createV2(
  channel: ChannelConfig,
  s: EpaySettings,
  req: CreatePaymentRequest,
): Promise<CreatePaymentResult> {
  const keys = v2Keys(channel);
  const base = v1OrderParams(keys.pid, s, req);
  if (s.flow === 'submit') {
    return {
      action: {
        type: 'form',
        form: { action: `${s.gatewayUrl}api/pay/submit`, method: 'POST', fields: signed(keys, base) },
      },
    };
  }
  const json = await callV2(s, keys, 'api/pay/create', 'create', {
    ...base,
    clientip: clientIp(req.clientIp),
    device: req.device,
    method: 'web',
  });
  const payType = str(json.pay_type);
  const info = str(json.pay_info);
  const answer =
    payType === 'jump'
      ? { payurl: info }
      : payType === 'qrcode'
        ? { qrcode: info }
        : payType === 'urlscheme'
          ? { urlscheme: info }
          : null;
  if (!answer || !info) throw new Error(`epay create: unsupported pay_type "${payType.slice(0, 32)}"`);
  const tradeNo = str(json.trade_no);
  return { action: cashierActionFor(answer, req.device), ...(tradeNo ? { providerTradeNo: tradeNo } : {}) };
}

/** V2 notify: SHA256withRSA by the platform key over the fields, and a timestamp within ±300 s. */
export function parseNotifyV2(
  channel: ChannelConfig,
  fields: Record<string, string>,
): VerifiedNotify | RejectedNotify {
  const pub = channel.credentials.platformPublicKey ?? '';
  if (!pub.trim()) return { ok: false, reason: 'key_empty' };
  let key: KeyObject;
  try {
    key = epayPublicKey(pub);
  } catch {
    return { ok: false, reason: 'key_invalid' };
  }
  if (!fields.sign) return { ok: false, reason: 'signature_missing' };
  if (fields.sign_type && fields.sign_type.toUpperCase() !== 'RSA') {
    return { ok: false, reason: 'sign_type_unsupported' };
  }
  if (!epayRsaVerify(fields, key)) return { ok: false, reason: 'signature_invalid' };
  if (!epayTimestampFresh(fields.timestamp, Date.now())) return { ok: false, reason: 'timestamp_expired' };
  return notifyFacts(fields);
}

/** V2 query: api/pay/query, signed; the answer is verified before it is believed. */
export async function queryV2(
  channel: ChannelConfig,
  s: EpaySettings,
  attempt: AttemptRef,
): Promise<QueryResult> {
  const keys = v2Keys(channel);
  const ref: Record<string, string> = attempt.providerTradeNo
    ? { trade_no: attempt.providerTradeNo }
    : { out_trade_no: attempt.tradeNo };
  return queryFacts(await callV2(s, keys, 'api/pay/query', 'query', ref), attempt);
}

/**
 * V2 refund: api/pay/refund with our refund number as out_refund_no, so a retried refund (after a
 * timeout) is the same refund to the gateway, not a second one.
 */
export async function refundV2(
  channel: ChannelConfig,
  s: EpaySettings,
  attempt: AttemptRef,
  amount: number,
  outRefundNo: string,
): Promise<{ refundNo: string }> {
  const keys = v2Keys(channel);
  const ref: Record<string, string> = attempt.providerTradeNo
    ? { trade_no: attempt.providerTradeNo }
    : { out_trade_no: attempt.tradeNo };
  const json = await callV2(s, keys, 'api/pay/refund', 'refund', {
    ...ref,
    money: formatYuan(amount),
    out_refund_no: outRefundNo,
  });
  return { refundNo: str(json.refund_no) || outRefundNo };
}
