import type { Category } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { getCategory } from './list-categories';
import { categories } from './schema';

/**
 * Throws NOT_FOUND unless `id` is one of the merchant's categories. Inside a transaction the row stays
 * key-share locked, so a concurrent delete either waits and then sees the new child/product
 * (CATEGORY_NOT_EMPTY) or wins first and this check finds nothing — never a foreign-key error.
 */
export async function assertOwnCategory(ctx: Ctx, merchantId: string, id: string): Promise<void> {
  const [row] = await ctx.db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.id, id), eq(categories.merchantId, merchantId)))
    .for('key share');
  if (!row) throw new AppError('NOT_FOUND', { categoryId: id });
}

/** Adds a category, at the top level or under one of the merchant's categories. */
export async function createCategory(
  ctx: Ctx,
  input: { name: string; parentId: string | null; sort: number; visible: boolean },
): Promise<Category> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  return withTx(ctx, async (tx) => {
    if (input.parentId) await assertOwnCategory(tx, merchantId, input.parentId);
    const [row] = await tx.db
      .insert(categories)
      .values({ merchantId, ...input })
      .returning({ id: categories.id });
    return getCategory(tx, row!.id);
  });
}
