import type { StoreProductCard } from '@kameng/shared';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { merchants } from '../merchants/schema';
import { likePattern } from './like-pattern';
import { products } from './schema';
import { cardColumns, storeVisible, toStoreCards } from './store-cards';

/** Storefront search: visible products whose title or a tag contains `q` (case-insensitive, literal). */
export async function searchStore(
  ctx: Ctx,
  query: { q: string; limit: number; offset: number },
): Promise<{ items: StoreProductCard[]; total: number }> {
  const p = likePattern(query.q);
  const rows = await ctx.db
    .select({ ...cardColumns, total: sql<number>`count(*) OVER ()::int` })
    .from(products)
    .innerJoin(merchants, eq(merchants.id, products.merchantId))
    .where(
      and(
        storeVisible,
        sql`(${products.title} ILIKE ${p} OR EXISTS (SELECT 1 FROM unnest(${products.tags}) t WHERE t ILIKE ${p}))`,
      ),
    )
    .orderBy(desc(products.updatedAt), desc(products.id))
    .limit(query.limit)
    .offset(query.offset);
  return { items: await toStoreCards(ctx.db, rows), total: rows[0]?.total ?? 0 };
}
