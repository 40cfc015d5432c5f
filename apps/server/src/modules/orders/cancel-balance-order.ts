import { BALANCE_CHANNEL_ID } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import type { OrderRow } from './create-order';
import { applyRefund } from './refund-order';
import { releaseReservation } from './release-reservation';
import { orders } from './schema';

/**
 * Cancels an order paid wholly from a reseller's balance that is still waiting for delivery (in the
 * manual queue, never delivered), under its row lock in one transaction: what it reserved goes back
 * (keys to the pool, a manual SKU's cap), the whole amount goes back to the balance through the
 * ledger's order refund, and the order ends `refunded`. Anything else (delivered, refunded, paid
 * another way) is ORDER_STATE. `audit` is added to the 'order.refund' audit entry.
 */
export async function cancelBalanceOrder(
  ctx: Ctx,
  orderId: string,
  audit: Record<string, unknown>,
): Promise<OrderRow> {
  return withTx(ctx, async (tx) => {
    const [order] = await tx.db.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    if (order.status !== 'manual' || order.deliveredAt || order.paymentChannelId !== BALANCE_CHANNEL_ID) {
      throw new AppError('ORDER_STATE', { status: order.status });
    }
    await releaseReservation(tx, order);
    await applyRefund(
      tx,
      order,
      { amount: order.total - order.refundedAmount, reason: 'cancelled before delivery', toChannel: false },
      { cancelled: true, ...audit },
    );
    const [after] = await tx.db.select().from(orders).where(eq(orders.id, orderId));
    return after!;
  });
}
