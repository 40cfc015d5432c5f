import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import type { OrderRow } from './create-order';
import { releaseReservation } from './release-reservation';
import { orders } from './schema';
import { transitionOrder } from './transition-order';

/**
 * The buyer (holder of the order's token, checked by the caller) cancels an unpaid order, in one
 * transaction under the order's row lock: the reservation is given back like on expiry (keys, manual
 * cap, balance holds) and the order moves pending_payment → cancelled. Anything else — already
 * cancelled, expired, paid — is ORDER_STATE. Money that still arrives later is honoured as "paid
 * late" by markOrderPaid. Returns the cancelled order.
 */
export async function cancelOrder(ctx: Ctx, orderId: string): Promise<OrderRow> {
  return withTx(ctx, async (tx) => {
    const [order] = await tx.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    if (order.status !== 'pending_payment') throw new AppError('ORDER_STATE', { status: order.status });
    await releaseReservation(tx, order);
    const ref = { id: order.id, merchantId: order.merchantId, status: order.status };
    await transitionOrder(tx, ref, 'cancelled', { event: 'order.cancelled', data: { by: 'buyer' } });
    return { ...order, status: ref.status, updatedAt: tx.now() };
  });
}
