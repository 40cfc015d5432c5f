import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { skus } from '../catalog/schema';

/** The fields of a SKU the inventory needs. */
export interface InventorySku {
  id: string;
  merchantId: string;
  deliveryMode: (typeof skus.$inferSelect)['deliveryMode'];
  lowStockThreshold: number | null;
}

/**
 * One of the merchant's SKUs (another merchant's is NOT_FOUND). With `cardKeysOnly`, a SKU that does
 * not deliver card keys is refused with SKU_NOT_CARD_KEYS.
 */
export async function findSku(
  ctx: Ctx,
  merchantId: string,
  skuId: string,
  cardKeysOnly = true,
): Promise<InventorySku> {
  const [row] = await ctx.db
    .select({
      id: skus.id,
      merchantId: skus.merchantId,
      deliveryMode: skus.deliveryMode,
      lowStockThreshold: skus.lowStockThreshold,
    })
    .from(skus)
    .where(and(eq(skus.id, skuId), eq(skus.merchantId, merchantId)));
  if (!row) throw new AppError('NOT_FOUND');
  if (cardKeysOnly && row.deliveryMode !== 'card_keys') throw new AppError('SKU_NOT_CARD_KEYS');
  return row;
}
