import type { StoreProductCard } from '@kameng/shared';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { merchants } from '../merchants/schema';
import { keyStockOf, skuStockInfo, uploadUrl } from './product-dto';
import { products, skus } from './schema';

/** Products a buyer may see: on sale, of an active merchant. */
export const storeVisible = and(eq(products.status, 'on_sale'), eq(merchants.status, 'active'));

/** The columns a product card needs, selected from products joined with merchants. */
export const cardColumns = {
  id: products.id,
  title: products.title,
  coverUploadId: products.coverUploadId,
  tags: products.tags,
  merchantName: merchants.name,
};

/** The store's display stock of a SKU: units on hand capped at 9999, null when unlimited. */
export function displayStock(available: number | null): number | null {
  return available === null ? null : Math.min(Math.max(available, 0), 9999);
}

/** Product rows → storefront cards (lowest live SKU price, its original price, in stock or not): 1–2 queries. */
export async function toStoreCards(
  db: DbOrTx,
  rows: { id: string; title: string; coverUploadId: string | null; tags: string[]; merchantName: string }[],
): Promise<StoreProductCard[]> {
  if (!rows.length) return [];
  const skuRows = await db
    .select({
      id: skus.id,
      productId: skus.productId,
      price: skus.price,
      originalPrice: skus.originalPrice,
      deliveryMode: skus.deliveryMode,
      manualStockCap: skus.manualStockCap,
    })
    .from(skus)
    .where(
      and(
        inArray(
          skus.productId,
          rows.map((r) => r.id),
        ),
        sql`NOT ${skus.archived}`,
      ),
    );
  const stock = await keyStockOf(db, skuRows);
  return rows.map((r) => {
    const own = skuRows.filter((s) => s.productId === r.id).sort((a, b) => a.price - b.price);
    const cheapest = own[0];
    return {
      id: r.id,
      title: r.title,
      coverUrl: uploadUrl(r.coverUploadId),
      merchantName: r.merchantName,
      minPrice: cheapest?.price ?? 0,
      originalPrice: cheapest?.originalPrice ?? null,
      inStock: own.some((s) => {
        const available = skuStockInfo(s, stock.get(s.id)).available;
        return available === null || available > 0;
      }),
      tags: r.tags,
    };
  });
}
