import { eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { orders } from './schema';

/**
 * Row-locks an order that is still payable (pending_payment, not past its expiry) for the rest of the
 * caller's transaction, else ORDER_NOT_FOUND / ORDER_STATE. Expiry, cancellation and payment take the
 * same lock, so a balance hold created under it cannot outlive the order's reservation unnoticed.
 */
export async function lockUnpaidOrder(ctx: Ctx, orderId: string): Promise<void> {
  const [o] = await unpaidForUpdate(ctx.db, { orderId });
  if (!o) throw new AppError('ORDER_NOT_FOUND');
  if (o.status !== 'pending_payment' || o.expiresAt <= ctx.now()) {
    throw new AppError('ORDER_STATE', { status: o.status });
  }
}

const unpaidForUpdate = prepared('order_state_for_update', (db) =>
  db
    .select({ status: orders.status, expiresAt: orders.expiresAt })
    .from(orders)
    .where(eq(orders.id, sql.placeholder('orderId')))
    .for('update'),
);
