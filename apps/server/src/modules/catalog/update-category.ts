import type { Category } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { assertOwnCategory } from './create-category';
import { getCategory } from './list-categories';
import { categories } from './schema';

/** Serialises tree moves of one merchant, so two concurrent moves cannot build a cycle between them. */
export async function lockCategoryTree(ctx: Ctx, merchantId: string): Promise<void> {
  await ctx.db.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${'kameng:categories:' + merchantId}, 0))`,
  );
}

/** Renames, reorders, hides or moves a category; moving it under itself or a descendant is CATEGORY_CYCLE. */
export async function updateCategory(
  ctx: Ctx,
  id: string,
  patch: {
    name?: string | undefined;
    parentId?: string | null | undefined;
    sort?: number | undefined;
    visible?: boolean | undefined;
  },
): Promise<Category> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  return withTx(ctx, async (tx) => {
    await lockCategoryTree(tx, merchantId);
    await assertOwnCategory(tx, merchantId, id);
    if (patch.parentId) {
      await assertOwnCategory(tx, merchantId, patch.parentId);
      const res = await tx.db.execute<{ found: boolean }>(sql`
        WITH RECURSIVE sub(id) AS (
          SELECT ${id}::uuid
          UNION
          SELECT c.id FROM ${categories} c JOIN sub ON c.parent_id = sub.id WHERE c.merchant_id = ${merchantId}
        )
        SELECT EXISTS (SELECT 1 FROM sub WHERE id = ${patch.parentId}::uuid) AS found`);
      if (res.rows[0]?.found) throw new AppError('CATEGORY_CYCLE');
    }
    const set: Partial<typeof categories.$inferInsert> = { updatedAt: tx.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.parentId !== undefined) set.parentId = patch.parentId;
    if (patch.sort !== undefined) set.sort = patch.sort;
    if (patch.visible !== undefined) set.visible = patch.visible;
    await tx.db
      .update(categories)
      .set(set)
      .where(and(eq(categories.id, id), eq(categories.merchantId, merchantId)));
    return getCategory(tx, id);
  });
}
