import type { KeyBatch } from '@kameng/shared';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { findSku } from './find-sku';
import { cardKeys, keyBatches } from './schema';
import { batchDto } from './to-batch-dto';

/** Batches listed per page (newest first). */
const PAGE = 100;

/** A SKU's newest import batches with their live remaining/sold counts. */
export async function listBatches(ctx: Ctx, skuId: string): Promise<KeyBatch[]> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  await findSku(ctx, merchantId, skuId, false);
  const rows = await ctx.db
    .select()
    .from(keyBatches)
    .where(and(eq(keyBatches.skuId, skuId), eq(keyBatches.merchantId, merchantId)))
    .orderBy(desc(keyBatches.createdAt), desc(keyBatches.id))
    .limit(PAGE);
  const live = await liveCounts(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => batchDto(r, live.get(r.id) ?? { remaining: 0, sold: 0 }));
}

/** One of the merchant's batches (another merchant's is NOT_FOUND). */
export async function findBatch(ctx: Ctx, merchantId: string, batchId: string) {
  const [row] = await ctx.db
    .select()
    .from(keyBatches)
    .where(and(eq(keyBatches.id, batchId), eq(keyBatches.merchantId, merchantId)));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Available (remaining) and sold keys per batch. */
async function liveCounts(ctx: Ctx, batchIds: string[]) {
  const out = new Map<string, { remaining: number; sold: number }>();
  if (!batchIds.length) return out;
  const rows = await ctx.db
    .select({
      batchId: cardKeys.batchId,
      remaining: sql<number>`count(*) FILTER (WHERE ${cardKeys.status} = 'available')::int`,
      sold: sql<number>`count(*) FILTER (WHERE ${cardKeys.status} = 'sold')::int`,
    })
    .from(cardKeys)
    .where(inArray(cardKeys.batchId, batchIds))
    .groupBy(cardKeys.batchId);
  for (const r of rows) out.set(r.batchId, { remaining: r.remaining, sold: r.sold });
  return out;
}

/** The downloadable report of a batch's invalid lines ("line<TAB>reason" per line). */
export async function getInvalidLines(
  ctx: Ctx,
  batchId: string,
): Promise<{ filename: string; text: string }> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  const batch = await findBatch(ctx, merchantId, batchId);
  return { filename: `invalid-lines-${batch.id}.txt`, text: batch.invalidReport };
}
