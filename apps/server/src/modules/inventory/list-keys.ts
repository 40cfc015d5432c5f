import type { CardKey, KeyStatus } from '@kameng/shared';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { findSku } from './find-sku';
import { decryptKey } from './key-crypto';
import { maskKey } from './mask-key';
import { cardKeys } from './schema';

/** Filters of the key list; `before` pages by id (newest first). */
export interface KeyListFilter {
  status?: KeyStatus | undefined;
  batchId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  before?: number | undefined;
  limit: number;
}

/** A SKU's keys, newest first, masked (decrypted only to hide their middle). */
export async function listKeys(ctx: Ctx, skuId: string, f: KeyListFilter): Promise<CardKey[]> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  await findSku(ctx, merchantId, skuId);
  const where: SQL[] = [eq(cardKeys.skuId, skuId), eq(cardKeys.merchantId, merchantId)];
  if (f.status) where.push(eq(cardKeys.status, f.status));
  if (f.batchId) where.push(eq(cardKeys.batchId, f.batchId));
  if (f.from) where.push(gte(cardKeys.createdAt, new Date(f.from)));
  if (f.to) where.push(lte(cardKeys.createdAt, new Date(f.to)));
  if (f.before) where.push(lt(cardKeys.id, f.before));
  const rows = await ctx.db
    .select()
    .from(cardKeys)
    .where(and(...where))
    .orderBy(desc(cardKeys.id))
    .limit(f.limit);
  return rows.map((r) => ({
    id: String(r.id),
    batchId: r.batchId,
    status: r.status,
    masked: maskKey(decryptKey(ctx.box, r.skuId, r.secret)),
    orderId: r.orderId,
    createdAt: r.createdAt.toISOString(),
    soldAt: r.soldAt?.toISOString() ?? null,
  }));
}
