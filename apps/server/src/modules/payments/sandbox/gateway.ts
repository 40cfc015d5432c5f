import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { enqueue } from '../../../jobs/define-job';
import { withTx, type Ctx } from '../../../lib/ctx';
import { formatYuan, parseYuan } from '../amount';
import { sandboxNotifyJob } from './notify-job';
import { findSandboxMerchant, type SandboxMerchant } from './merchants';
import { sandboxTrades } from './schema';
import { sandboxSign, sandboxVerify } from './sign';
import { finishTrade, insertTrade, tradeByNo, tradeByOutTradeNo } from './trades';

/** The gateway's JSON answers: `code` 0 on success, else 1 with `msg`. */
export type GatewayAnswer = Record<string, string | number>;

const fail = (msg: string): GatewayAnswer => ({ code: 1, msg });

/** Verifies a signed merchant request: all fields strings, a known merchant, a valid signature. */
async function authenticate(
  ctx: Ctx,
  params: unknown,
): Promise<{ p: Record<string, string>; m: SandboxMerchant } | string> {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return 'bad request';
  const p = params as Record<string, unknown>;
  if (Object.values(p).some((v) => typeof v !== 'string')) return 'parameters must be strings';
  const m = await findSandboxMerchant(ctx, p.mch_id as string);
  if (!m) return 'unknown merchant';
  if (!sandboxVerify(p as Record<string, string>, m.key)) return 'invalid signature';
  return { p: p as Record<string, string>, m };
}

/** POST /api/pay: creates (or returns the existing) trade for a merchant's out_trade_no. */
export async function gatewayPay(ctx: Ctx, params: unknown, base: string): Promise<GatewayAnswer> {
  const auth = await authenticate(ctx, params);
  if (typeof auth === 'string') return fail(auth);
  const { p } = auth;
  const amount = parseYuan(p.amount ?? '');
  if (amount === null || amount <= 0) return fail('invalid amount');
  if (!p.out_trade_no || !p.notify_url || !/^https?:\/\//.test(p.notify_url))
    return fail('missing parameters');
  const tradeNo = `SBX${randomBytes(10).toString('hex').toUpperCase()}`;
  await insertTrade(ctx.db, {
    tradeNo,
    mchId: p.mch_id!,
    outTradeNo: p.out_trade_no,
    amount,
    subject: (p.subject ?? '').slice(0, 200),
    notifyUrl: p.notify_url,
    returnUrl: p.return_url || null,
  });
  const [trade] = await tradeByOutTradeNo(ctx.db, { mchId: p.mch_id!, outTradeNo: p.out_trade_no });
  if (!trade || trade.amount !== amount) return fail('out_trade_no reused with another amount');
  const cashier = `${base}/cashier/${trade.tradeNo}`;
  return { code: 0, trade_no: trade.tradeNo, cashier_url: cashier, qr: cashier };
}

/** A signed answer about a trade (query; every field but `code` is signed), so the caller can trust it. */
function signedTrade(trade: typeof sandboxTrades.$inferSelect, key: string): GatewayAnswer {
  const fields = {
    mch_id: trade.mchId,
    out_trade_no: trade.outTradeNo,
    trade_no: trade.tradeNo,
    amount: formatYuan(trade.amount),
    status: trade.status === 'unpaid' ? 'unpaid' : trade.status === 'paid' ? 'paid' : 'closed',
  };
  return { code: 0, ...fields, sign: sandboxSign(fields, key) };
}

async function merchantTrade(ctx: Ctx, p: Record<string, string>) {
  const [trade] = await tradeByOutTradeNo(ctx.db, { mchId: p.mch_id!, outTradeNo: p.out_trade_no ?? '' });
  return trade;
}

/** POST /api/query: the trade's status, signed. */
export async function gatewayQuery(ctx: Ctx, params: unknown): Promise<GatewayAnswer> {
  const auth = await authenticate(ctx, params);
  if (typeof auth === 'string') return fail(auth);
  const trade = await merchantTrade(ctx, auth.p);
  return trade ? signedTrade(trade, auth.m.key) : fail('no such trade');
}

/** POST /api/refund: refunds up to the paid amount. */
export async function gatewayRefund(ctx: Ctx, params: unknown): Promise<GatewayAnswer> {
  const auth = await authenticate(ctx, params);
  if (typeof auth === 'string') return fail(auth);
  const amount = parseYuan(auth.p.amount ?? '');
  const trade = await merchantTrade(ctx, auth.p);
  if (!trade || trade.status !== 'paid') return fail('trade not paid');
  if (amount === null || amount <= 0 || trade.refunded + amount > trade.amount)
    return fail('invalid refund amount');
  const updated = await ctx.db
    .update(sandboxTrades)
    .set({ refunded: trade.refunded + amount })
    .where(and(eq(sandboxTrades.tradeNo, trade.tradeNo), eq(sandboxTrades.refunded, trade.refunded)))
    .returning({ tradeNo: sandboxTrades.tradeNo });
  if (updated.length === 0) return fail('concurrent refund, retry');
  return { code: 0, refund_no: `SBR${randomBytes(8).toString('hex').toUpperCase()}` };
}

/** The trade for the cashier page. */
export async function getSandboxTrade(ctx: Ctx, tradeNo: string) {
  const [trade] = await tradeByNo(ctx.db, { tradeNo });
  return trade;
}

/**
 * The buyer pressed Pay / Fail / Cancel on the cashier. Paying schedules the notifies, shaped by
 * the channel's faults: delay, drop, duplicate, reorder (a stale "waiting" notify arrives after the
 * paid one), corrupt. Returns the return URL, or null when the trade is unknown or already final.
 */
export async function completeSandboxTrade(
  ctx: Ctx,
  tradeNo: string,
  outcome: 'pay' | 'fail' | 'cancel',
): Promise<{ returnUrl: string | null } | null> {
  return withTx(ctx, async (tx) => {
    const status = outcome === 'pay' ? 'paid' : outcome === 'fail' ? 'failed' : 'closed';
    const [trade] = await finishTrade(tx.db, {
      tradeNo,
      status,
      paidAt: outcome === 'pay' ? ctx.now() : null,
    });
    if (!trade) return null;
    if (outcome === 'pay') {
      const m = await findSandboxMerchant(tx, trade.mchId);
      const f = m?.faults ?? {};
      const delay = f.delayMs ?? 0;
      const at = (ms: number) => new Date(Date.now() + ms);
      if (!f.drop) {
        const corrupt = f.corrupt ?? null;
        await enqueue(tx, sandboxNotifyJob, { tradeNo, kind: 'paid', corrupt }, { runAt: at(delay) });
        if (f.duplicate)
          await enqueue(tx, sandboxNotifyJob, { tradeNo, kind: 'paid', corrupt }, { runAt: at(delay) });
        if (f.reorder)
          await enqueue(
            tx,
            sandboxNotifyJob,
            { tradeNo, kind: 'stale', corrupt: null },
            { runAt: at(delay + 300) },
          );
      }
    }
    return { returnUrl: trade.returnUrl };
  });
}
