import type { storeCategoryPage } from '@kameng/shared';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { merchants } from '../merchants/schema';
import { categories, products } from './schema';
import { cardColumns, storeVisible, toStoreCards } from './store-cards';

/**
 * A visible category of an active merchant with its visible children and the products of it and its
 * visible subcategories (a hidden subcategory hides its whole subtree), paginated; NOT_FOUND otherwise.
 */
export async function getStoreCategory(
  ctx: Ctx,
  id: string,
  page: { limit: number; offset: number },
): Promise<z.infer<typeof storeCategoryPage>> {
  const columns = {
    id: categories.id,
    name: categories.name,
    merchantName: merchants.name,
    parentId: categories.parentId,
  };
  const [category] = await ctx.db
    .select(columns)
    .from(categories)
    .innerJoin(merchants, eq(merchants.id, categories.merchantId))
    .where(and(eq(categories.id, id), eq(categories.visible, true), eq(merchants.status, 'active')));
  if (!category) throw new AppError('NOT_FOUND');
  const children = await ctx.db
    .select(columns)
    .from(categories)
    .innerJoin(merchants, eq(merchants.id, categories.merchantId))
    .where(and(eq(categories.parentId, id), eq(categories.visible, true)))
    .orderBy(asc(categories.sort), asc(categories.name), asc(categories.id));
  const rows = await ctx.db
    .select({ ...cardColumns, total: sql<number>`count(*) OVER ()::int` })
    .from(products)
    .innerJoin(merchants, eq(merchants.id, products.merchantId))
    .where(
      and(
        storeVisible,
        sql`${products.categoryId} IN (
          WITH RECURSIVE sub(id) AS (
            SELECT ${id}::uuid
            UNION
            SELECT c.id FROM ${categories} c JOIN sub ON c.parent_id = sub.id WHERE c.visible
          ) SELECT id FROM sub)`,
      ),
    )
    .orderBy(desc(products.updatedAt), desc(products.id))
    .limit(page.limit)
    .offset(page.offset);
  return {
    category,
    children,
    products: await toStoreCards(ctx.db, rows),
    total: rows[0]?.total ?? 0,
  };
}
