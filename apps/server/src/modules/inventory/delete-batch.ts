import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { findSku } from './find-sku';
import { findBatch } from './list-batches';
import { lockSkuKeys } from './lock-sku-keys';
import { keyBatches } from './schema';
import { adjustStock, stockChanged } from './stock-counters';

/**
 * Deletes a batch and its keys while none of them was sold or reserved (else BATCH_HAS_SALES and
 * nothing changes). Deleting locks every key of the batch, so a checkout reserving one of them at the
 * same moment either commits first (and the deletion is refused) or waits and finds it gone.
 */
export async function deleteBatch(ctx: Ctx, batchId: string): Promise<void> {
  const merchantId = tenantOf(ctx, 'keys.import');
  await withTx(ctx, async (tx) => {
    const batch = await findBatch(tx, merchantId, batchId);
    const sku = await findSku(tx, merchantId, batch.skuId, false);
    await lockSkuKeys(tx, sku.id);
    const res = await tx.db.execute<{ status: string; n: number }>(sql`
      WITH gone AS (DELETE FROM card_keys WHERE batch_id = ${batchId} RETURNING status)
      SELECT status, count(*)::int AS n FROM gone GROUP BY status`);
    const by = Object.fromEntries(res.rows.map((r) => [r.status, r.n])) as Record<string, number>;
    if (by.sold || by.reserved) {
      throw new AppError('BATCH_HAS_SALES', { sold: by.sold ?? 0, reserved: by.reserved ?? 0 });
    }
    await tx.db.delete(keyBatches).where(eq(keyBatches.id, batchId));
    const removed = { available: -(by.available ?? 0), void: -(by.void ?? 0) };
    const stock = await adjustStock(tx, sku, removed);
    await stockChanged(tx, sku, stock, 'batch_deleted');
    await appendAudit(tx, {
      action: 'keys.batch_deleted',
      targetType: 'key_batch',
      targetId: batchId,
      merchantId,
      data: { skuId: sku.id, deletedAvailable: by.available ?? 0, deletedVoid: by.void ?? 0 },
    });
  });
}
