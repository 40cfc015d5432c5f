import type { Product, ProductStatus } from '@kameng/shared';
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { getKeyStock, type KeyStock } from '../inventory/get-stock';
import { products, skus } from './schema';

/** The public URL of an uploaded image. */
export function uploadUrl(id: string | null): string | null {
  return id ? `/api/uploads/${id}` : null;
}

/** Units on hand per delivery mode: the key pool, the manual cap, or unlimited (null) for shared text. */
export function skuStockInfo(
  sku: { deliveryMode: string; manualStockCap: number | null },
  keys: KeyStock | undefined,
): Product['skus'][number]['stock'] {
  switch (sku.deliveryMode) {
    case 'card_keys':
      return { available: keys?.available ?? 0, reserved: keys?.reserved ?? 0, sold: keys?.sold ?? 0 };
    case 'manual':
      return { available: sku.manualStockCap ?? 0, reserved: 0, sold: 0 };
    default:
      return { available: null, reserved: 0, sold: 0 };
  }
}

/** Key counters of the card-key SKUs among `rows` (one query, none when there are no card-key SKUs). */
export async function keyStockOf(
  db: DbOrTx,
  rows: { id: string; deliveryMode: string }[],
): Promise<Map<string, KeyStock>> {
  const ids = rows.filter((s) => s.deliveryMode === 'card_keys').map((s) => s.id);
  return ids.length ? getKeyStock(db, ids) : new Map();
}

/** A product of `merchantId` with its live (not archived) SKUs and their stock; NOT_FOUND otherwise. */
export async function loadProduct(db: DbOrTx, merchantId: string, id: string): Promise<Product> {
  const [p] = await db
    .select()
    .from(products)
    .where(and(eq(products.id, id), eq(products.merchantId, merchantId)));
  if (!p) throw new AppError('NOT_FOUND');
  const rows = await db
    .select()
    .from(skus)
    .where(and(eq(skus.productId, id), eq(skus.archived, false)))
    .orderBy(asc(skus.sort), asc(skus.position), asc(skus.id));
  const stock = await keyStockOf(db, rows);
  return {
    id: p.id,
    merchantId: p.merchantId,
    title: p.title,
    slug: p.slug,
    categoryId: p.categoryId,
    description: p.descriptionMd,
    descriptionHtml: p.descriptionHtml,
    usageGuide: p.usageGuide,
    tags: p.tags,
    status: p.status as ProductStatus,
    featured: p.featured,
    minQty: p.minQty,
    maxQty: p.maxQty,
    perBuyerLimit: p.perBuyerLimit,
    inputFields: p.inputFields,
    coverUrl: uploadUrl(p.coverUploadId),
    coverUploadId: p.coverUploadId,
    skus: rows.map((s) => ({
      id: s.id,
      name: s.name,
      price: s.price,
      originalPrice: s.originalPrice,
      deliveryMode: s.deliveryMode,
      hasSharedText: s.sharedText !== null,
      manualStockCap: s.manualStockCap,
      lowStockThreshold: s.lowStockThreshold,
      pricing: s.pricing,
      sort: s.sort,
      stock: skuStockInfo(s, stock.get(s.id)),
    })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
