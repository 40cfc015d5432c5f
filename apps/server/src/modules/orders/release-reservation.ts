import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { skus } from '../catalog/schema';
import { releaseKeys } from '../inventory/release-keys';
import { voidOrderBalanceHolds } from '../payments/balance-holds';
import type { OrderRow } from './create-order';

/**
 * Gives back what an unpaid order holds, in the caller's transaction (the order row locked): its
 * card keys return to the pool, a manual SKU's virtual cap is restored, and any balance held for an
 * online attempt is released. Shared by expiry and cancellation; a payment arriving later is still
 * honoured by markOrderPaid (stock and balance are taken again, or the order is queued).
 */
export async function releaseReservation(
  ctx: Ctx,
  order: Pick<OrderRow, 'id' | 'skuId' | 'deliveryMode' | 'deliveredQuantity'>,
): Promise<void> {
  if (order.deliveryMode === 'card_keys') await releaseKeys(ctx, order.id);
  if (order.deliveryMode === 'manual') {
    await ctx.db
      .update(skus)
      .set({ manualStockCap: sql`${skus.manualStockCap} + ${order.deliveredQuantity}` })
      .where(and(eq(skus.id, order.skuId), sql`${skus.manualStockCap} IS NOT NULL`));
  }
  await voidOrderBalanceHolds(ctx, order.id);
}
