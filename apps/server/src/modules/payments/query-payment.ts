import { and, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { acceptPayment } from './accept-payment';
import { channelConfig, findChannel } from './channels';
import { getOrderForPayment } from './orders-port';
import { providerFor } from './registry';
import { paymentAttempts } from './schema';

type AttemptRow = typeof paymentAttempts.$inferSelect;

/** How long after an order's expiry a late payment is still looked for. */
export const QUERY_GRACE_MS = 30 * 60_000;
/** Attempts older than this are not scanned (orders expire in minutes; the grace covers late payers). */
const SCAN_WINDOW_MS = 3 * 3600_000;
/** Per run, so one run (≤ 5 s per query) stays well within the cron's minute. */
const SCAN_LIMIT = 50;
/** An attempt asked this recently is skipped by the scan. */
const REQUERY_MS = 30_000;
/**
 * Each attempt is first asked about this long after it starts (its own job, enqueued with it); the scan
 * leaves younger attempts alone: their buyer is most likely still at the cashier, and the gateway's
 * notify is still on its way.
 */
export const FIRST_QUERY_MS = 30_000;

/**
 * Asks the attempt's channel about it; when the channel says paid with the attempt's amount, runs
 * the same acceptance as a notify and records it as healed by query. Errors are logged, not thrown.
 */
export async function queryAttempt(
  ctx: Ctx,
  attempt: AttemptRow,
): Promise<'paid' | 'unpaid' | 'closed' | 'error'> {
  const row = await findChannel(ctx.db, attempt.channelId);
  const provider = row && providerFor(row.provider);
  if (!row || !provider) return 'error';
  await ctx.db
    .update(paymentAttempts)
    .set({ lastQueriedAt: ctx.now() })
    .where(eq(paymentAttempts.id, attempt.id));
  try {
    const res = await provider.query(channelConfig(ctx.box, row), attempt);
    if (res.status === 'closed') {
      // The channel closed the trade: stop asking. A late notify can still pay it (acceptPayment).
      await ctx.db
        .update(paymentAttempts)
        .set({ status: 'closed' })
        .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.status, 'created')));
    }
    if (res.status !== 'paid') return res.status;
    if (res.amount === undefined || !res.providerTradeNo) return 'error';
    const r = await acceptPayment(
      ctx,
      {
        channelId: row.id,
        tradeNo: attempt.tradeNo,
        providerTradeNo: res.providerTradeNo,
        amount: res.amount,
      },
      { method: 'QUERY', raw: res, remoteIp: null, acceptedReason: 'healed_by_query' },
    );
    return r.verdict === 'rejected' ? 'error' : 'paid';
  } catch (err) {
    ctx.log.warn({ err, attemptId: attempt.id, channelId: row.id }, 'payment query failed');
    return 'error';
  }
}

/** Queries one attempt if it is still open. */
export async function queryAttemptById(ctx: Ctx, attemptId: string): Promise<void> {
  const [attempt] = await ctx.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  if (attempt?.status === 'created') await queryAttempt(ctx, attempt);
}

/** The buyer came back from the cashier: ask about the order's open attempts now. True when paid. */
export async function queryOrderPayment(ctx: Ctx, orderId: string): Promise<boolean> {
  const open = await ctx.db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.orderId, orderId), eq(paymentAttempts.status, 'created')))
    .limit(10);
  let paid = false;
  for (const attempt of open) if ((await queryAttempt(ctx, attempt)) === 'paid') paid = true;
  return paid;
}

/** Every open attempt whose order has not passed its expiry plus grace (bounded per run). */
export async function queryOpenAttempts(ctx: Ctx): Promise<void> {
  const now = ctx.now().getTime();
  const open = await ctx.db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.status, 'created'),
        gt(paymentAttempts.createdAt, new Date(now - SCAN_WINDOW_MS)),
        lt(paymentAttempts.createdAt, new Date(now - FIRST_QUERY_MS)),
        or(
          isNull(paymentAttempts.lastQueriedAt),
          lt(paymentAttempts.lastQueriedAt, new Date(now - REQUERY_MS)),
        ),
      ),
    )
    .orderBy(desc(paymentAttempts.createdAt))
    .limit(SCAN_LIMIT);
  for (const attempt of open) {
    const order = await getOrderForPayment(ctx.db, attempt.orderId);
    if (!order || order.expiresAt.getTime() + QUERY_GRACE_MS < ctx.now().getTime()) continue;
    if (order.status !== 'pending_payment' && order.status !== 'expired') continue;
    await queryAttempt(ctx, attempt);
  }
}
