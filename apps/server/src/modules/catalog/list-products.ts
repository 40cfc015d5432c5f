import type { ProductStatus, ProductSummary } from '@kameng/shared';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { likePattern } from './like-pattern';
import { keyStockOf, skuStockInfo, uploadUrl } from './product-dto';
import { categories, products, skus } from './schema';

/** Filters of the merchant's product list. */
export interface ProductListFilter {
  q?: string | undefined;
  status?: ProductStatus | undefined;
  /** The category or any of its subcategories. */
  categoryId?: string | undefined;
  limit: number;
  offset: number;
}

/** The merchant's products, newest change first, with price range and stock per product. */
export async function listProducts(
  ctx: Ctx,
  filter: ProductListFilter,
): Promise<{ items: ProductSummary[]; total: number }> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  const where: (SQL | undefined)[] = [eq(products.merchantId, merchantId)];
  if (filter.status) where.push(eq(products.status, filter.status));
  if (filter.q) {
    const p = likePattern(filter.q);
    where.push(
      sql`(${products.title} ILIKE ${p} OR EXISTS (SELECT 1 FROM unnest(${products.tags}) t WHERE t ILIKE ${p}))`,
    );
  }
  if (filter.categoryId) {
    where.push(sql`${products.categoryId} IN (
      WITH RECURSIVE sub(id) AS (
        SELECT ${filter.categoryId}::uuid
        UNION
        SELECT c.id FROM ${categories} c JOIN sub ON c.parent_id = sub.id WHERE c.merchant_id = ${merchantId}
      ) SELECT id FROM sub)`);
  }
  const rows = await ctx.db
    .select({
      id: products.id,
      title: products.title,
      slug: products.slug,
      status: products.status,
      categoryId: products.categoryId,
      coverUploadId: products.coverUploadId,
      updatedAt: products.updatedAt,
      total: sql<number>`count(*) OVER ()::int`,
    })
    .from(products)
    .where(and(...where))
    .orderBy(desc(products.updatedAt), asc(products.id))
    .limit(filter.limit)
    .offset(filter.offset);
  const total = rows[0]?.total ?? (filter.offset > 0 ? await countAll(ctx, where) : 0);
  if (!rows.length) return { items: [], total };

  const skuRows = await ctx.db
    .select({
      id: skus.id,
      productId: skus.productId,
      price: skus.price,
      deliveryMode: skus.deliveryMode,
      manualStockCap: skus.manualStockCap,
    })
    .from(skus)
    .where(
      and(
        eq(skus.merchantId, merchantId),
        inArray(
          skus.productId,
          rows.map((r) => r.id),
        ),
        eq(skus.archived, false),
      ),
    );
  const stock = await keyStockOf(ctx.db, skuRows);
  const items = rows.map((r): ProductSummary => {
    const own = skuRows.filter((s) => s.productId === r.id);
    const prices = own.map((s) => s.price);
    let units: number | null = 0;
    for (const s of own) {
      const available = skuStockInfo(s, stock.get(s.id)).available;
      units = units === null || available === null ? null : units + available;
    }
    return {
      id: r.id,
      title: r.title,
      slug: r.slug,
      status: r.status as ProductStatus,
      categoryId: r.categoryId,
      coverUrl: uploadUrl(r.coverUploadId),
      minPrice: prices.length ? Math.min(...prices) : 0,
      maxPrice: prices.length ? Math.max(...prices) : 0,
      stock: units,
      skuCount: own.length,
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  return { items, total };
}

/** The total when the page itself is empty (offset past the end). */
async function countAll(ctx: Ctx, where: (SQL | undefined)[]): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(products)
    .where(and(...where));
  return row?.n ?? 0;
}
