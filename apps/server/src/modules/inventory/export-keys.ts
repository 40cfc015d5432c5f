import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { verifyCurrentPassword } from '../accounts/verify-current-password';
import { appendAudit } from '../audit/append-audit';
import { findSku } from './find-sku';
import { decryptKey } from './key-crypto';
import { findBatch } from './list-batches';
import { cardKeys } from './schema';

const PAGE = 2000;

/** An export ready to stream: how many keys it holds and their lines. */
export interface KeyExport {
  filename: string;
  count: number;
  lines: AsyncIterable<string>;
}

/**
 * Exports a SKU's available keys (optionally of one batch) as text, one key per line. Needs the
 * caller's password again (AUTH_WRONG_PASSWORD) and is audited 'keys.export' with the count before a
 * single key leaves; keys are then read page by page, never all at once.
 */
export async function exportKeys(
  ctx: Ctx,
  skuId: string,
  input: { password: string; batchId?: string | undefined },
): Promise<KeyExport> {
  const merchantId = tenantOf(ctx, 'keys.export');
  const sku = await findSku(ctx, merchantId, skuId);
  if (input.batchId) {
    const batch = await findBatch(ctx, merchantId, input.batchId);
    if (batch.skuId !== skuId) throw new AppError('NOT_FOUND');
  }
  await verifyCurrentPassword(ctx, input.password);
  const where: SQL[] = [eq(cardKeys.skuId, sku.id), sql`${cardKeys.status} = 'available'`];
  if (input.batchId) where.push(eq(cardKeys.batchId, input.batchId));
  const count = await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(cardKeys)
      .where(and(...where));
    await appendAudit(tx, {
      action: 'keys.export',
      targetType: 'sku',
      targetId: sku.id,
      merchantId,
      data: { count: row!.n, batchId: input.batchId ?? null },
    });
    return row!.n;
  });
  return { filename: `keys-${sku.id}.txt`, count, lines: pages(ctx, sku.id, where) };
}

async function* pages(ctx: Ctx, skuId: string, where: SQL[]): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const rows = await ctx.db
      .select({ id: cardKeys.id, secret: cardKeys.secret })
      .from(cardKeys)
      .where(and(...where, gt(cardKeys.id, after)))
      .orderBy(asc(cardKeys.id))
      .limit(PAGE);
    if (!rows.length) return;
    yield rows.map((r) => decryptKey(ctx.box, skuId, r.secret)).join('\n') + '\n';
    after = rows.at(-1)!.id;
  }
}
