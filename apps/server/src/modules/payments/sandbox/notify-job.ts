import { z } from 'zod';
import { defineJob } from '../../../jobs/define-job';
import { httpRequest } from '../../../lib/http-out';
import { formatYuan } from '../amount';
import { findSandboxMerchant } from './merchants';
import { tradeByNo } from './trades';
import { sandboxSign } from './sign';

const corrupt = z.enum(['signature', 'amount', 'merchant', 'trade', 'types', 'status']).nullable();

/** Builds the notify body for a trade, applying a corruption fault (each one a distinct attack). */
export function buildSandboxNotify(
  trade: { tradeNo: string; outTradeNo: string; mchId: string; amount: number },
  key: string,
  kind: 'paid' | 'stale',
  fault: z.infer<typeof corrupt>,
): { json: boolean; body: Record<string, unknown> } {
  const p: Record<string, string> = {
    mch_id: fault === 'merchant' ? `${trade.mchId}X` : trade.mchId,
    out_trade_no: fault === 'trade' ? `K${trade.outTradeNo.slice(1)}0` : trade.outTradeNo,
    trade_no: trade.tradeNo,
    amount: formatYuan(fault === 'amount' ? trade.amount - 1 : trade.amount),
    status: kind === 'stale' || fault === 'status' ? 'WAIT_BUYER_PAY' : 'TRADE_SUCCESS',
    notify_time: String(Math.floor(Date.now() / 1000)),
  };
  const signed: Record<string, unknown> = { ...p, sign: sandboxSign(p, key) };
  if (fault === 'signature') signed.sign = sandboxSign(p, `${key}x`);
  if (fault === 'types')
    return { json: true, body: { ...signed, amount: trade.amount / 100, trade_no: [trade.tradeNo] } };
  return { json: false, body: signed };
}

/**
 * One asynchronous notify from the sandbox gateway to the merchant's notify_url, retried with
 * graphile-worker's backoff until the reply body is `success` (bounded by maxAttempts).
 */
export const sandboxNotifyJob = defineJob({
  name: 'sandbox:notify',
  payload: z.object({ tradeNo: z.string(), kind: z.enum(['paid', 'stale']), corrupt }),
  maxAttempts: 5,
  handler: async (ctx, { tradeNo, kind, corrupt: fault }) => {
    const [trade] = await tradeByNo(ctx.db, { tradeNo });
    if (!trade) return;
    const m = await findSandboxMerchant(ctx, trade.mchId);
    if (!m) return;
    const { json, body } = buildSandboxNotify(trade, m.key, kind, fault);
    const res = await httpRequest(trade.notifyUrl, {
      method: 'POST',
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: json ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>).toString(),
      timeoutMs: 5000,
    });
    if (res.text.trim() !== 'success') throw new Error(`notify not acknowledged (${res.status})`);
  },
});
