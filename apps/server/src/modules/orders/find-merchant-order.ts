import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import type { OrderRow } from './create-order';
import { orders } from './schema';

/** One of the merchant's orders, locked for update; another merchant's order is simply not found. */
export async function findMerchantOrder(ctx: Ctx, merchantId: string, orderId: string): Promise<OrderRow> {
  const [order] = await ctx.db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.merchantId, merchantId)))
    .for('update');
  if (!order) throw new AppError('NOT_FOUND');
  return order;
}
