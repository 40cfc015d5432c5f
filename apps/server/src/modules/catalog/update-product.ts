import type { CreateProductBody, Product } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { loadProduct } from './product-dto';
import { products } from './schema';
import { writeProduct } from './write-product';

/**
 * Replaces a product's editable fields and SKUs: SKUs with an id are updated, without one added, omitted
 * ones archived. An omitted slug keeps the current one. Another merchant's product is NOT_FOUND.
 */
export async function updateProduct(ctx: Ctx, id: string, input: CreateProductBody): Promise<Product> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  return withTx(ctx, async (tx) => {
    // Row lock: two concurrent replacements of one product apply one after the other.
    const [row] = await tx.db
      .select({ id: products.id, slug: products.slug })
      .from(products)
      .where(and(eq(products.id, id), eq(products.merchantId, merchantId)))
      .for('update');
    if (!row) throw new AppError('NOT_FOUND');
    await writeProduct(tx, merchantId, input, row);
    return loadProduct(tx.db, merchantId, id);
  });
}
