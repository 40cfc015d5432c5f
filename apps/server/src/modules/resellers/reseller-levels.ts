import type {
  ResellerLevel,
  ResellerLevelBody,
  ResellerLevelPrice,
  SetResellerLevelPricesBody,
  UpdateResellerLevelBody,
} from '@kameng/shared';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { products, skus } from '../catalog/schema';
import { resellerAccounts, resellerLevelPrices, resellerLevels } from './schema';

const levelColumns = {
  id: resellerLevels.id,
  name: resellerLevels.name,
  discountBps: resellerLevels.discountBps,
  createdAt: resellerLevels.createdAt,
  priceCount: sql<number>`(SELECT count(*)::int FROM reseller_level_prices p WHERE p.level_id = ${resellerLevels.id})`,
  resellerCount: sql<number>`(SELECT count(*)::int FROM reseller_accounts a WHERE a.level_id = ${resellerLevels.id})`,
};

function levelDto(r: {
  id: string;
  name: string;
  discountBps: number;
  createdAt: Date;
  priceCount: number;
  resellerCount: number;
}): ResellerLevel {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

async function oneLevel(ctx: Ctx, id: string): Promise<ResellerLevel> {
  const [row] = await ctx.db.select(levelColumns).from(resellerLevels).where(eq(resellerLevels.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return levelDto(row);
}

/** Every reseller level with its price-list size and how many resellers hold it (admin). */
export async function listResellerLevels(ctx: Ctx): Promise<ResellerLevel[]> {
  requireAdmin(ctx);
  const rows = await ctx.db.select(levelColumns).from(resellerLevels).orderBy(asc(resellerLevels.createdAt));
  return rows.map(levelDto);
}

/** Creates a level (admin). Audited. */
export async function createResellerLevel(ctx: Ctx, body: ResellerLevelBody): Promise<ResellerLevel> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(resellerLevels)
      .values({ name: body.name, discountBps: body.discountBps ?? 0 })
      .returning({ id: resellerLevels.id });
    await appendAudit(tx, {
      action: 'reseller.level.create',
      targetType: 'reseller_level',
      targetId: row!.id,
      data: { ...body },
    });
    return oneLevel(tx, row!.id);
  });
}

/** Renames a level or changes its discount (admin); prices are quoted from it at once. Audited. */
export async function updateResellerLevel(
  ctx: Ctx,
  id: string,
  body: UpdateResellerLevelBody,
): Promise<ResellerLevel> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .update(resellerLevels)
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.discountBps !== undefined ? { discountBps: body.discountBps } : {}),
      })
      .where(eq(resellerLevels.id, id))
      .returning({ id: resellerLevels.id });
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, {
      action: 'reseller.level.update',
      targetType: 'reseller_level',
      targetId: id,
      data: { ...body },
    });
    return oneLevel(tx, id);
  });
}

/** Deletes a level and its price list (admin); refused (CONFLICT) while a reseller holds it. Audited. */
export async function deleteResellerLevel(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (tx) => {
    const [lvl] = await tx.db.select().from(resellerLevels).where(eq(resellerLevels.id, id)).for('update');
    if (!lvl) throw new AppError('NOT_FOUND');
    const [held] = await tx.db
      .select({ id: resellerAccounts.id })
      .from(resellerAccounts)
      .where(eq(resellerAccounts.levelId, id))
      .limit(1);
    if (held) throw new AppError('CONFLICT', { reason: 'level in use' });
    await tx.db.delete(resellerLevelPrices).where(eq(resellerLevelPrices.levelId, id));
    await tx.db.delete(resellerLevels).where(eq(resellerLevels.id, id));
    await appendAudit(tx, {
      action: 'reseller.level.delete',
      targetType: 'reseller_level',
      targetId: id,
      data: { name: lvl.name },
    });
  });
}

/** Puts a reseller on a level, or none (admin). Audited. */
export async function assignResellerLevel(
  ctx: Ctx,
  resellerId: string,
  levelId: string | null,
): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (tx) => {
    if (levelId) {
      const [lvl] = await tx.db
        .select({ id: resellerLevels.id })
        .from(resellerLevels)
        .where(eq(resellerLevels.id, levelId));
      if (!lvl) throw new AppError('NOT_FOUND', { levelId });
    }
    const [row] = await tx.db
      .update(resellerAccounts)
      .set({ levelId })
      .where(eq(resellerAccounts.id, resellerId))
      .returning({ id: resellerAccounts.id });
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, {
      action: 'reseller.level.assign',
      targetType: 'reseller',
      targetId: resellerId,
      data: { levelId },
    });
  });
}

/** A level's price list with the SKUs' names and base prices (admin). */
export async function listLevelPrices(ctx: Ctx, levelId: string): Promise<ResellerLevelPrice[]> {
  requireAdmin(ctx);
  await oneLevel(ctx, levelId);
  const rows = await ctx.db
    .select({
      skuId: resellerLevelPrices.skuId,
      price: resellerLevelPrices.price,
      skuName: skus.name,
      productTitle: products.title,
      basePrice: skus.price,
    })
    .from(resellerLevelPrices)
    .leftJoin(skus, eq(skus.id, resellerLevelPrices.skuId))
    .leftJoin(products, eq(products.id, skus.productId))
    .where(eq(resellerLevelPrices.levelId, levelId))
    .orderBy(asc(products.title), asc(skus.name));
  return rows;
}

/** Sets (upserts) fixed prices on a level's price list (admin); every SKU must exist (NOT_FOUND names the missing). Audited. */
export async function setLevelPrices(
  ctx: Ctx,
  levelId: string,
  body: SetResellerLevelPricesBody,
): Promise<ResellerLevelPrice[]> {
  requireAdmin(ctx);
  const bySku = new Map(body.items.map((i) => [i.skuId, i.price]));
  await withTx(ctx, async (tx) => {
    await oneLevel(tx, levelId);
    const ids = [...bySku.keys()];
    const found = await tx.db.select({ id: skus.id }).from(skus).where(inArray(skus.id, ids));
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new AppError('NOT_FOUND', { skuIds: missing });
    await tx.db
      .insert(resellerLevelPrices)
      .values([...bySku].map(([skuId, price]) => ({ levelId, skuId, price })))
      .onConflictDoUpdate({
        target: [resellerLevelPrices.levelId, resellerLevelPrices.skuId],
        set: { price: sql`excluded.price` },
      });
    await appendAudit(tx, {
      action: 'reseller.level.prices',
      targetType: 'reseller_level',
      targetId: levelId,
      data: { prices: Object.fromEntries(bySku) },
    });
  });
  return listLevelPrices(ctx, levelId);
}

/** Removes one SKU from a level's price list (admin): the level's discount applies to it again. Audited. */
export async function deleteLevelPrice(ctx: Ctx, levelId: string, skuId: string): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .delete(resellerLevelPrices)
      .where(and(eq(resellerLevelPrices.levelId, levelId), eq(resellerLevelPrices.skuId, skuId)))
      .returning({ skuId: resellerLevelPrices.skuId });
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, {
      action: 'reseller.level.price_delete',
      targetType: 'reseller_level',
      targetId: levelId,
      data: { skuId },
    });
  });
}
