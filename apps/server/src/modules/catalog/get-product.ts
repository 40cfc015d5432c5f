import type { Product } from '@kameng/shared';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { loadProduct } from './product-dto';

/** One of the merchant's products with its SKUs and stock; another merchant's is NOT_FOUND. */
export async function getProduct(ctx: Ctx, id: string): Promise<Product> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  return loadProduct(ctx.db, merchantId, id);
}
