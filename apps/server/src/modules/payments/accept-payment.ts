import { and, eq, ne, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import { withTx, type Ctx } from '../../lib/ctx';
import { attemptBalance } from './balance-holds';
import { getOrderForPayment, markOrderPaid } from './orders-port';
import { recordNotify } from './record-notify';
import { recordDuplicatePayment } from './record-duplicate-payment';
import { paymentAttempts } from './schema';

/** The verified facts of a payment, from a notify or from an active query. */
export interface PaymentFacts {
  channelId: string;
  tradeNo: string;
  providerTradeNo: string;
  amount: number;
}

/** How a payment was accepted, or why not (the reason codes are what the anomaly view shows). */
export interface AcceptResult {
  verdict: 'accepted' | 'duplicate' | 'rejected';
  reason: string | null;
  orderId: string | null;
  attemptId: string | null;
}

/**
 * The one acceptance path for notifies and queries, in one transaction: the trade must be an
 * attempt of THIS channel (the channel comes from the attempt, never from the payload), the amount
 * must equal the attempt's, and with the balance part held for the attempt (if any) the order's total,
 * as integer fen, the attempt moves to paid only
 * once (row lock + conditional update), a provider trade pays at most one attempt, and the order
 * is marked paid idempotently. The notify is recorded with its verdict in the same transaction.
 */
export async function acceptPayment(
  ctx: Ctx,
  facts: PaymentFacts,
  log: { method: string; raw: unknown; remoteIp: string | null; acceptedReason?: string },
): Promise<AcceptResult> {
  return withTx(ctx, async (tx) => {
    const decide = async (r: AcceptResult): Promise<AcceptResult> => {
      await recordNotify(tx, {
        channelId: facts.channelId,
        orderId: r.orderId,
        attemptId: r.attemptId,
        method: log.method,
        raw: log.raw,
        verdict: r.verdict,
        reason: r.reason,
        remoteIp: log.remoteIp,
      });
      return r;
    };
    const [attempt] = await attemptForUpdate(tx.db, { tradeNo: facts.tradeNo });
    if (!attempt)
      return decide({ verdict: 'rejected', reason: 'trade_unknown', orderId: null, attemptId: null });
    const ids = { orderId: attempt.orderId, attemptId: attempt.id };
    const reject = (reason: string) => decide({ verdict: 'rejected', reason, ...ids });
    if (attempt.channelId !== facts.channelId) {
      return decide({ verdict: 'rejected', reason: 'trade_other_channel', orderId: null, attemptId: null });
    }
    const order = await getOrderForPayment(tx.db, attempt.orderId);
    if (!order) return reject('order_missing');
    // The attempt carries the online part; the rest of the total was held from the buyer's balance
    // when the attempt started (an attempt for the whole total has none: start-payment holds at least
    // 1 fen when it holds). Integer fen, strictly: amount + held balance must be the total.
    const balance = attempt.amount < order.total ? await attemptBalance(tx.db, attempt) : null;
    if (facts.amount !== attempt.amount || facts.amount + (balance?.amount ?? 0) !== order.total) {
      return reject('amount_mismatch');
    }
    if (attempt.providerTradeNo !== null && attempt.providerTradeNo !== facts.providerTradeNo) {
      return reject('provider_trade_mismatch');
    }
    if (attempt.status === 'paid') return decide({ verdict: 'duplicate', reason: null, ...ids });
    const [reused] = await otherAttemptOfTrade(tx.db, {
      channelId: facts.channelId,
      providerTradeNo: facts.providerTradeNo,
      attemptId: attempt.id,
    });
    if (reused) return reject('provider_trade_reused');
    const paidAt = ctx.now();
    await markAttemptPaid(tx.db, { id: attempt.id, providerTradeNo: facts.providerTradeNo, paidAt });
    const { outcome } = await markOrderPaid(tx, {
      orderId: attempt.orderId,
      attemptId: attempt.id,
      channelId: attempt.channelId,
      amount: facts.amount,
      paidAt,
      ...(balance
        ? { balance: { resellerId: balance.resellerId, amount: balance.amount, holdKey: balance.holdKey } }
        : {}),
    });
    // Paid twice (another attempt already paid the order): accepted, booked as owed to the buyer and
    // refunded through the channel by a job (or by hand), so the money is neither lost nor kept.
    if (outcome === 'already_paid') {
      await recordDuplicatePayment(tx, {
        attemptId: attempt.id,
        orderId: attempt.orderId,
        channelId: attempt.channelId,
        amount: facts.amount,
        currency: attempt.currency,
      });
    }
    const reason = outcome === 'already_paid' ? 'order_already_paid' : (log.acceptedReason ?? null);
    return decide({ verdict: 'accepted', reason, ...ids });
  });
}

const attemptForUpdate = prepared('attempt_for_update', (db) =>
  db
    .select()
    .from(paymentAttempts)
    .where(eq(paymentAttempts.tradeNo, sql.placeholder('tradeNo')))
    .for('update'),
);

const otherAttemptOfTrade = prepared('other_attempt_of_provider_trade', (db) =>
  db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.channelId, sql.placeholder('channelId')),
        eq(paymentAttempts.providerTradeNo, sql.placeholder('providerTradeNo')),
        ne(paymentAttempts.id, sql.placeholder('attemptId')),
      ),
    ),
);

const markAttemptPaid = prepared('attempt_mark_paid', (db) =>
  db
    .update(paymentAttempts)
    .set({
      status: 'paid',
      providerTradeNo: sql`${sql.placeholder('providerTradeNo')}`,
      paidAt: sql`${sql.placeholder('paidAt')}`,
    })
    .where(and(eq(paymentAttempts.id, sql.placeholder('id')), ne(paymentAttempts.status, 'paid'))),
);
