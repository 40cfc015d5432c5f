import type { CreateProductBody, Product } from '@kameng/shared';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { loadProduct } from './product-dto';
import { writeProduct } from './write-product';

/** Lists a new product with its SKUs (status as given, draft by default). */
export async function createProduct(ctx: Ctx, input: CreateProductBody): Promise<Product> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  return withTx(ctx, async (tx) => {
    const id = await writeProduct(tx, merchantId, input);
    return loadProduct(tx.db, merchantId, id);
  });
}
