import type { ApiCategory, ApiProduct, ApiProductPage, ApiProductQuery, ApiSku } from '@kameng/shared';
import { and, asc, eq, gt, gte, inArray, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { keyStockOf, skuStockInfo, uploadUrl } from '../catalog/product-dto';
import { categories, products, skus } from '../catalog/schema';
import { storeVisible } from '../catalog/store-cards';
import { merchants } from '../merchants/schema';
import { resellerPrices } from '../resellers/reseller-price';
import { requireApiActor } from './api-actor';

/**
 * The visible categories of active merchants (every category an API product may point at), small
 * enough to answer whole: per merchant, top-level categories first, then by sort; integrators rebuild
 * the tree from parent_id.
 */
export async function listApiCategories(ctx: Ctx): Promise<{ data: ApiCategory[] }> {
  requireApiActor(ctx);
  const rows = await ctx.db
    .select({
      id: categories.id,
      parentId: categories.parentId,
      name: categories.name,
      sort: categories.sort,
    })
    .from(categories)
    .innerJoin(merchants, eq(merchants.id, categories.merchantId))
    .where(and(eq(categories.visible, true), eq(merchants.status, 'active')))
    .orderBy(
      asc(categories.merchantId),
      sql`${categories.parentId} IS NOT NULL`,
      asc(categories.sort),
      asc(categories.id),
    );
  return { data: rows.map((r) => ({ id: r.id, parent_id: r.parentId, name: r.name, sort: r.sort })) };
}

/**
 * Products the storefront sells (on sale, of an active merchant) with their live SKUs, the calling
 * account's own price, live stock and the buyer-input schema. Paged by id (the cursor is the last id):
 * stable under concurrent edits. `updated_since` keeps products changed at or after that time (a
 * product's edit, its SKUs' included, moves its updated_at; stock and the account's prices are live and
 * do not) — sync by passing the largest updated_at seen; the ETag makes an unchanged re-poll cheap.
 * `baseUrl` makes cover URLs absolute.
 */
export async function listApiProducts(
  ctx: Ctx,
  q: ApiProductQuery,
  baseUrl: string,
): Promise<ApiProductPage> {
  requireApiActor(ctx);
  const where: (SQL | undefined)[] = [storeVisible];
  if (q.category_id) where.push(eq(products.categoryId, q.category_id));
  if (q.updated_since) where.push(gte(products.updatedAt, new Date(q.updated_since)));
  if (q.cursor) where.push(gt(products.id, decodeCursor(q.cursor)));
  const rows = await ctx.db
    .select(productColumns)
    .from(products)
    .innerJoin(merchants, eq(merchants.id, products.merchantId))
    .where(and(...where))
    .orderBy(asc(products.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    data: await withSkus(ctx, page, baseUrl),
    has_more: more,
    next_cursor: more ? encodeCursor(page[page.length - 1]!.id) : null,
  };
}

/** One product as listProducts shows it; PRODUCT_NOT_AVAILABLE when the storefront would not sell it. */
export async function getApiProduct(ctx: Ctx, id: string, baseUrl: string): Promise<ApiProduct> {
  requireApiActor(ctx);
  const rows = await ctx.db
    .select(productColumns)
    .from(products)
    .innerJoin(merchants, eq(merchants.id, products.merchantId))
    .where(and(eq(products.id, id), storeVisible));
  if (!rows.length) throw new AppError('PRODUCT_NOT_AVAILABLE');
  return (await withSkus(ctx, rows, baseUrl))[0]!;
}

const productColumns = {
  id: products.id,
  categoryId: products.categoryId,
  title: products.title,
  descriptionHtml: products.descriptionHtml,
  coverUploadId: products.coverUploadId,
  minQty: products.minQty,
  maxQty: products.maxQty,
  inputFields: products.inputFields,
  updatedAt: products.updatedAt,
};
type ProductRow = {
  [K in keyof typeof productColumns]: (typeof products.$inferSelect)[K];
};

/** The products with their SKUs, prices and stock: one query for SKUs, one for key counters, two for prices. */
async function withSkus(ctx: Ctx, rows: ProductRow[], baseUrl: string): Promise<ApiProduct[]> {
  if (!rows.length) return [];
  const actor = requireApiActor(ctx);
  const skuRows = await ctx.db
    .select({
      id: skus.id,
      productId: skus.productId,
      name: skus.name,
      price: skus.price,
      deliveryMode: skus.deliveryMode,
      manualStockCap: skus.manualStockCap,
      lowStockThreshold: skus.lowStockThreshold,
    })
    .from(skus)
    .where(
      and(
        inArray(
          skus.productId,
          rows.map((r) => r.id),
        ),
        eq(skus.archived, false),
      ),
    )
    .orderBy(asc(skus.sort), asc(skus.position), asc(skus.id));
  // Upstream SKUs are not sold through the API (yet): leave them out rather than show unbuyable goods.
  const sellable = skuRows.filter((s) => s.deliveryMode !== 'upstream');
  const [stock, own] = await Promise.all([
    keyStockOf(ctx.db, sellable),
    resellerPrices(ctx.db, actor.resellerId, sellable),
  ]);
  return rows.map((p) => ({
    id: p.id,
    category_id: p.categoryId,
    title: p.title,
    description_html: p.descriptionHtml,
    cover_url: p.coverUploadId ? baseUrl + uploadUrl(p.coverUploadId)! : null,
    min_quantity: p.minQty,
    max_quantity: p.maxQty,
    input_fields: p.inputFields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      required: f.required,
      regex: f.regex ?? null,
      help: f.help ?? null,
    })),
    skus: sellable
      .filter((s) => s.productId === p.id)
      .map((s): ApiSku => ({
        id: s.id,
        name: s.name,
        retail_price: s.price,
        price: own.get(s.id) ?? s.price,
        currency: 'CNY',
        delivery: s.deliveryMode as ApiSku['delivery'],
        stock: stockOf(s, skuStockInfo(s, stock.get(s.id)).available),
      })),
    updated_at: p.updatedAt.toISOString(),
  }));
}

/**
 * Stock as the API shows it: card keys from the stock counters, manual goods from their cap (no cap:
 * unlimited, quantity null), shared text unlimited. `low` at or below the SKU's low-stock threshold.
 */
export function stockOf(
  sku: { deliveryMode: string; manualStockCap: number | null; lowStockThreshold: number | null },
  available: number | null,
): ApiSku['stock'] {
  const unlimited =
    sku.deliveryMode === 'shared_text' || (sku.deliveryMode === 'manual' && sku.manualStockCap === null);
  if (unlimited || available === null) return { status: 'in_stock', quantity: null };
  const quantity = Math.max(available, 0);
  if (quantity === 0) return { status: 'out_of_stock', quantity };
  if (sku.lowStockThreshold !== null && quantity <= sku.lowStockThreshold) return { status: 'low', quantity };
  return { status: 'in_stock', quantity };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!UUID.test(id)) throw new AppError('VALIDATION_FAILED', { field: 'cursor' });
  return id;
}
