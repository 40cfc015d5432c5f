import type { StoreProduct } from '@kameng/shared';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { merchants } from '../merchants/schema';
import { keyStockOf, skuStockInfo, uploadUrl } from './product-dto';
import { products, skus } from './schema';
import { displayStock, storeVisible } from './store-cards';

/**
 * The storefront product page: a product on sale of an active merchant with its live SKUs and their stock,
 * else PRODUCT_NOT_AVAILABLE. Hot path: one indexed join (product ⋈ merchant ⋈ SKUs) plus, when a SKU
 * delivers card keys, one primary-key read of the stock counters.
 */
export async function getStoreProduct(ctx: Ctx, id: string): Promise<StoreProduct> {
  const rows = await ctx.db
    .select({
      id: products.id,
      title: products.title,
      merchantName: merchants.name,
      descriptionHtml: products.descriptionHtml,
      usageGuide: products.usageGuide,
      tags: products.tags,
      coverUploadId: products.coverUploadId,
      minQty: products.minQty,
      maxQty: products.maxQty,
      inputFields: products.inputFields,
      sku: {
        id: skus.id,
        name: skus.name,
        price: skus.price,
        originalPrice: skus.originalPrice,
        pricing: skus.pricing,
        deliveryMode: skus.deliveryMode,
        manualStockCap: skus.manualStockCap,
      },
    })
    .from(products)
    .innerJoin(merchants, eq(merchants.id, products.merchantId))
    .innerJoin(skus, and(eq(skus.productId, products.id), eq(skus.archived, false)))
    .where(and(eq(products.id, id), storeVisible))
    .orderBy(asc(skus.sort), asc(skus.position), asc(skus.id));
  const p = rows[0];
  if (!p) throw new AppError('PRODUCT_NOT_AVAILABLE');
  const stock = await keyStockOf(
    ctx.db,
    rows.map((r) => r.sku),
  );
  return {
    id: p.id,
    title: p.title,
    merchantName: p.merchantName,
    descriptionHtml: p.descriptionHtml,
    usageGuide: p.usageGuide,
    tags: p.tags,
    coverUrl: uploadUrl(p.coverUploadId),
    minQty: p.minQty,
    maxQty: p.maxQty,
    inputFields: p.inputFields,
    skus: rows.map(({ sku: s }) => ({
      id: s.id,
      name: s.name,
      price: s.price,
      originalPrice: s.originalPrice,
      pricing: s.pricing,
      stock: displayStock(skuStockInfo(s, stock.get(s.id)).available),
    })),
  };
}
