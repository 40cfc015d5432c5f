import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { assertOwnCategory } from './create-category';
import { categories, products } from './schema';
import { lockCategoryTree } from './update-category';

/** Deletes an empty category; one that still holds subcategories or products is CATEGORY_NOT_EMPTY. */
export async function deleteCategory(ctx: Ctx, id: string): Promise<void> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  await withTx(ctx, async (tx) => {
    await lockCategoryTree(tx, merchantId);
    await assertOwnCategory(tx, merchantId, id);
    // FOR UPDATE waits for (and then sees) any product being saved into this category right now.
    await tx.db.execute(sql`SELECT 1 FROM ${categories} WHERE id = ${id} FOR UPDATE`);
    const res = await tx.db.execute<{ busy: boolean }>(sql`
      SELECT EXISTS (SELECT 1 FROM ${categories} WHERE parent_id = ${id})
          OR EXISTS (SELECT 1 FROM ${products} WHERE category_id = ${id}) AS busy`);
    if (res.rows[0]?.busy) throw new AppError('CATEGORY_NOT_EMPTY');
    await tx.db.delete(categories).where(and(eq(categories.id, id), eq(categories.merchantId, merchantId)));
  });
}
