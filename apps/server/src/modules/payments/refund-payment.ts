import { and, desc, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { recordRefundFailure } from './channel-health';
import { channelConfig, findChannel } from './channels';
import { providerFor } from './registry';
import { paymentAttempts } from './schema';

/**
 * Refunds (part of) an order's payment through its channel's refund when the provider has one
 * (REFUND_FAILED when the channel refuses, recorded as a refund_failed anomaly), else reports it as an offline refund for the operator.
 * The order and ledger side of the refund belongs to ORDERS.
 */
export async function refundPayment(
  ctx: Ctx,
  input: {
    orderId: string;
    amount: number;
    reason: string;
    /** What the order had refunded before this refund: with the amount, it names this refund. */
    refundedBefore: number;
  },
): Promise<{ refunded: true; offline: boolean }> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new AppError('REFUND_EXCEEDS_PAID');
  const [attempt] = await ctx.db
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.orderId, input.orderId),
        eq(paymentAttempts.status, 'paid'),
        // A second payment of the order is refunded on its own (payments:refund-duplicate), never here.
        isNull(paymentAttempts.duplicateRefund),
      ),
    )
    .orderBy(desc(paymentAttempts.paidAt))
    .limit(1);
  if (!attempt) return { refunded: true, offline: true };
  if (input.amount > attempt.amount) throw new AppError('REFUND_EXCEEDS_PAID');
  const row = await findChannel(ctx.db, attempt.channelId);
  const provider = row && providerFor(row.provider);
  if (!row || !provider?.refund) return { refunded: true, offline: true };
  try {
    // Retrying the same refund (its transaction rolled back after the channel took it) sends the same number.
    const refundNo = `${attempt.tradeNo}R${input.refundedBefore}A${input.amount}`;
    await provider.refund(channelConfig(ctx.box, row), attempt, input.amount, refundNo);
  } catch (err) {
    ctx.log.warn({ err, orderId: input.orderId, channelId: row.id }, 'channel refund failed');
    // Shown in the anomaly view; written on its own connection, the refund's transaction rolls back.
    await recordRefundFailure(ctx, {
      orderId: input.orderId,
      channelId: row.id,
      attemptId: attempt.id,
      amount: input.amount,
      err,
    });
    throw new AppError('REFUND_FAILED', { channelId: row.id });
  }
  ctx.log.info(
    { orderId: input.orderId, amount: input.amount, reason: input.reason },
    'refunded through channel',
  );
  return { refunded: true, offline: false };
}
