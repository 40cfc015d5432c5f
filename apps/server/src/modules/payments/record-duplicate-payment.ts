import { and, eq, isNull } from 'drizzle-orm';
import { enqueue } from '../../jobs/define-job';
import type { Ctx } from '../../lib/ctx';
import { postDuplicatePayment } from '../ledger/post-duplicate-payment';
import { refundDuplicateJob } from './jobs/refund-duplicate-job';
import { paymentAttempts } from './schema';

/**
 * Money received twice: this attempt paid an order another attempt had already paid. In the caller's
 * (acceptance) transaction: flags the attempt `pending` refund (once — a conditional update), books
 * the money as owed back to the buyer and enqueues `payments:refund-duplicate`, so the money is
 * neither lost nor silently kept.
 */
export async function recordDuplicatePayment(
  tx: Ctx,
  a: { attemptId: string; orderId: string; channelId: string; amount: number; currency: string },
): Promise<void> {
  if (a.amount <= 0) return; // nothing arrived twice online (the order was covered by balance)
  const flagged = await tx.db
    .update(paymentAttempts)
    .set({ duplicateRefund: 'pending', duplicateAmount: a.amount, duplicateRefundAt: tx.now() })
    .where(and(eq(paymentAttempts.id, a.attemptId), isNull(paymentAttempts.duplicateRefund)))
    .returning({ id: paymentAttempts.id });
  if (flagged.length === 0) return;
  await postDuplicatePayment(tx, a);
  await enqueue(
    tx,
    refundDuplicateJob,
    { attemptId: a.attemptId },
    { key: `refund-duplicate:${a.attemptId}` },
  );
  tx.log.warn(
    { attemptId: a.attemptId, orderId: a.orderId, amount: a.amount },
    'order paid twice; refunding',
  );
}
