import type { Category } from '@kameng/shared';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { categories } from './schema';

function selectCategories(ctx: Ctx, where: SQL | undefined) {
  return ctx.db
    .select({
      id: categories.id,
      parentId: categories.parentId,
      name: categories.name,
      sort: categories.sort,
      visible: categories.visible,
      productCount: sql<number>`(SELECT count(*)::int FROM products p WHERE p.category_id = "categories"."id")`,
    })
    .from(categories)
    .where(where)
    .orderBy(asc(categories.sort), asc(categories.name), asc(categories.id));
}

/** The merchant's categories, flat (parentId links the tree), with the number of products directly in each. */
export async function listCategories(ctx: Ctx): Promise<Category[]> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  return selectCategories(ctx, eq(categories.merchantId, merchantId));
}

/** One of the merchant's categories; another merchant's is NOT_FOUND. */
export async function getCategory(ctx: Ctx, id: string): Promise<Category> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  const [row] = await selectCategories(
    ctx,
    and(eq(categories.id, id), eq(categories.merchantId, merchantId)),
  );
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}
