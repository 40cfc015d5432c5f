import { httpRequest } from '../../../lib/http-out';
import { parseYuan, formatYuan } from '../amount';
import type { AttemptRef, ChannelConfig, PaymentProvider, QueryResult } from '../provider';
import { sandboxSign, sandboxVerify } from './sign';

const TIMEOUT_MS = 5000;

/** The gateway's base URL: the channel's setting, else the cashier URL of the attempt, else the request's base. */
function gatewayBase(channel: ChannelConfig, fallback: string): string {
  const set = channel.settings.gatewayUrl;
  return (typeof set === 'string' && set ? set : fallback).replace(/\/$/, '');
}

function baseFromAttempt(attempt: AttemptRef): string {
  const url = typeof attempt.action.url === 'string' ? attempt.action.url : '';
  const i = url.indexOf('/cashier/');
  return i > 0 ? url.slice(0, i) : '';
}

async function call(
  url: string,
  params: Record<string, string>,
  key: string,
): Promise<Record<string, unknown>> {
  const res = await httpRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...params, sign: sandboxSign(params, key) }).toString(),
    timeoutMs: TIMEOUT_MS,
  });
  const json = JSON.parse(res.text) as Record<string, unknown>;
  if (json.code !== 0) throw new Error(`sandbox gateway: ${String(json.msg ?? json.code)}`);
  return json;
}

function creds(channel: ChannelConfig): { mchId: string; key: string } {
  const mchId = channel.credentials.mchId ?? '';
  const key = channel.credentials.key ?? '';
  if (!mchId || !key) throw new Error('sandbox channel has no mchId/key');
  return { mchId, key };
}

/** Kameng's simulated gateway, spoken to over HTTP exactly like a remote one. */
export const sandboxProvider: PaymentProvider = {
  id: 'sandbox',
  notifyFormat: 'fields',
  merchantIdOf: (channel) => channel.credentials.mchId ?? '',

  async createPayment(channel, req) {
    const { mchId, key } = creds(channel);
    const res = await call(
      `${gatewayBase(channel, req.baseUrl + '/sandbox-gateway')}/api/pay`,
      {
        mch_id: mchId,
        out_trade_no: req.tradeNo,
        amount: formatYuan(req.amount),
        subject: req.subject,
        notify_url: req.notifyUrl,
        return_url: req.returnUrl,
        device: req.device,
        timestamp: String(Math.floor(Date.now() / 1000)),
      },
      key,
    );
    const url = String(res.cashier_url);
    return {
      action: req.device === 'pc' ? { type: 'qr', qr: String(res.qr), url } : { type: 'redirect', url },
      providerTradeNo: String(res.trade_no),
    };
  },

  parseNotify(channel, _req, fields) {
    if (!fields) return { ok: false, reason: 'fields_missing' };
    const key = channel.credentials.key ?? '';
    if (!key) return { ok: false, reason: 'key_empty' };
    if (!sandboxVerify(fields, key)) return { ok: false, reason: 'signature_invalid' };
    const amount = parseYuan(fields.amount ?? '');
    if (amount === null) return { ok: false, reason: 'amount_malformed' };
    if (!fields.out_trade_no || !fields.trade_no) return { ok: false, reason: 'trade_missing' };
    return {
      ok: true,
      tradeNo: fields.out_trade_no,
      providerTradeNo: fields.trade_no,
      amount,
      status: fields.status === 'TRADE_SUCCESS' ? 'paid' : 'other',
      merchantId: fields.mch_id ?? '',
    };
  },

  notifyReply: (ok) => ({
    status: 200,
    contentType: 'text/plain; charset=utf-8',
    body: ok ? 'success' : 'fail',
  }),

  async query(channel, attempt): Promise<QueryResult> {
    const { mchId, key } = creds(channel);
    const res = await call(
      `${gatewayBase(channel, baseFromAttempt(attempt))}/api/query`,
      { mch_id: mchId, out_trade_no: attempt.tradeNo },
      key,
    );
    // The answer (all but `code`) is signed like a notify; an unsigned or mis-signed answer is not believed.
    const fields = Object.fromEntries(
      Object.entries(res)
        .filter(([k]) => k !== 'code')
        .map(([k, v]) => [k, String(v)]),
    );
    if (!sandboxVerify(fields, key)) throw new Error('sandbox query answer signature invalid');
    const amount = parseYuan(fields.amount ?? '');
    const status = fields.status === 'paid' ? 'paid' : fields.status === 'unpaid' ? 'unpaid' : 'closed';
    return { status, providerTradeNo: fields.trade_no, ...(amount === null ? {} : { amount }) };
  },

  async refund(channel, attempt, amount) {
    const { mchId, key } = creds(channel);
    const res = await call(
      `${gatewayBase(channel, baseFromAttempt(attempt))}/api/refund`,
      { mch_id: mchId, out_trade_no: attempt.tradeNo, amount: formatYuan(amount) },
      key,
    );
    return { refundNo: String(res.refund_no) };
  },
};
