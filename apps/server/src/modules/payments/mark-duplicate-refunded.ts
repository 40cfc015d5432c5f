import type { DuplicateRefund, MarkDuplicateRefundedBody } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { postDuplicateRefund } from '../ledger/post-duplicate-payment';
import { getOrderForPayment } from './orders-port';
import { isStaleClaim } from './refund-duplicate-payment';
import { paymentAttempts } from './schema';

type AttemptRow = typeof paymentAttempts.$inferSelect;

/** Whether the admin may record a refund by hand: the job is not (or no longer) asking the channel. */
const canMarkOffline = (a: AttemptRow, now: Date) =>
  a.duplicateRefund === 'pending' || a.duplicateRefund === 'manual' || isStaleClaim(a, now);

/** The admin view of an attempt's duplicate refund, or null when the attempt is not a duplicate. */
export function toDuplicateRefund(a: AttemptRow, now: Date): DuplicateRefund | null {
  if (!a.duplicateRefund) return null;
  return {
    attemptId: a.id,
    status: a.duplicateRefund,
    amount: a.duplicateAmount ?? a.amount,
    currency: a.currency,
    providerTradeNo: a.providerTradeNo,
    tries: a.duplicateRefundTries,
    ref: a.duplicateRefundRef,
    lastError: a.duplicateRefundError,
    updatedAt: a.duplicateRefundAt?.toISOString() ?? null,
    canMarkOffline: canMarkOffline(a, now),
  };
}

/**
 * The admin returned a duplicate payment outside the channel (the channel has no refund, or its
 * refund kept failing): books `buyer_refunds_payable → platform_cash (channel)` once and marks the
 * attempt `refunded_offline`, audited, in one transaction. Only a `pending` or `manual` duplicate (or
 * a `refunding` claim past its lease: its outcome is unknown, the admin checks the trade at the channel)
 * can be marked; one the job is refunding or has refunded is DUPLICATE_REFUND_STATE, so a buyer is
 * never paid back twice by us.
 */
export async function markDuplicateRefundedOffline(
  ctx: Ctx,
  attemptId: string,
  body: MarkDuplicateRefundedBody,
): Promise<DuplicateRefund> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [a] = await tx.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, attemptId))
      .for('update');
    if (!a?.duplicateRefund) throw new AppError('NOT_FOUND');
    if (!canMarkOffline(a, tx.now())) {
      throw new AppError('DUPLICATE_REFUND_STATE', { status: a.duplicateRefund });
    }
    const amount = a.duplicateAmount ?? a.amount;
    const [row] = await tx.db
      .update(paymentAttempts)
      .set({
        duplicateRefund: 'refunded_offline',
        duplicateRefundRef: body.note,
        duplicateRefundAt: tx.now(),
      })
      .where(eq(paymentAttempts.id, a.id))
      .returning();
    const entry = await postDuplicateRefund(tx, {
      attemptId: a.id,
      orderId: a.orderId,
      channelId: a.channelId,
      amount,
      currency: a.currency,
      offline: true,
    });
    const order = await getOrderForPayment(tx.db, a.orderId);
    await appendAudit(tx, {
      action: 'payments.duplicate.refunded_offline',
      targetType: 'payment_attempt',
      targetId: a.id,
      merchantId: order?.merchantId ?? null,
      data: {
        orderId: a.orderId,
        orderNo: order?.orderNo ?? null,
        channelId: a.channelId,
        amount,
        currency: a.currency,
        from: a.duplicateRefund,
        note: body.note,
        entryId: entry.entryId,
      },
    });
    return toDuplicateRefund(row!, tx.now())!;
  });
}
