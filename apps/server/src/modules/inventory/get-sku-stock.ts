import { tenantOf, type Ctx } from '../../lib/ctx';
import { findSku } from './find-sku';
import { getKeyStock, type KeyStock } from './get-stock';

/** The key counters of one of the merchant's SKUs, from the maintained counters (no count of rows). */
export async function getSkuStock(ctx: Ctx, skuId: string): Promise<KeyStock> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  const sku = await findSku(ctx, merchantId, skuId, false);
  return (await getKeyStock(ctx.db, [sku.id])).get(sku.id)!;
}
