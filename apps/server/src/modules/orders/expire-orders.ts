import { and, eq, lte } from 'drizzle-orm';
import { withTx, type Ctx } from '../../lib/ctx';
import { releaseReservation } from './release-reservation';
import { orders } from './schema';
import { transitionOrder } from './transition-order';

/**
 * Expires unpaid orders whose window has passed, one batch per transaction: the reservation returns to
 * stock (keys released, manual cap restored), balance holds are released (releaseReservation) and the
 * order becomes `expired`. A payment arriving
 * later is still honoured (markOrderPaid re-reserves). Returns how many expired.
 */
export async function expireOrders(ctx: Ctx, now: Date, batch = 200): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await withTx(ctx, async (tx) => {
      const due = await tx.db
        .select({
          id: orders.id,
          merchantId: orders.merchantId,
          status: orders.status,
          skuId: orders.skuId,
          deliveryMode: orders.deliveryMode,
          deliveredQuantity: orders.deliveredQuantity,
        })
        .from(orders)
        .where(and(eq(orders.status, 'pending_payment'), lte(orders.expiresAt, now)))
        .limit(batch)
        .for('update', { skipLocked: true });
      for (const o of due) {
        await releaseReservation(tx, o);
        await transitionOrder(tx, o, 'expired', { event: 'order.expired' });
      }
      return due.length;
    });
    done += n;
    if (n < batch) return done;
  }
}
