import { sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { appendAudit } from '../audit/append-audit';
import { findSku } from './find-sku';
import { keyTransitions } from './key-state';
import { adjustStock, stockChanged } from './stock-counters';

/**
 * Voids available keys of a SKU (e.g. reported invalid by the supplier). All or nothing: if any id is
 * not an available key of this SKU, KEY_NOT_AVAILABLE and nothing changes. Audited 'keys.void'.
 */
export async function voidKeys(ctx: Ctx, skuId: string, ids: number[]): Promise<{ voided: number }> {
  const merchantId = tenantOf(ctx, 'keys.import');
  assertTransition(keyTransitions, 'available', 'void');
  const wanted = [...new Set(ids)];
  return withTx(ctx, async (tx) => {
    const sku = await findSku(tx, merchantId, skuId);
    const res = await tx.db.execute<{ id: number }>(sql`
      UPDATE card_keys SET status = 'void', voided_at = ${ctx.now()}
      WHERE sku_id = ${sku.id} AND merchant_id = ${merchantId} AND status = 'available'
        AND id = ANY(${`{${wanted.join(',')}}`}::int8[])
      RETURNING id`);
    if (res.rows.length !== wanted.length) {
      const done = new Set(res.rows.map((r) => r.id));
      throw new AppError('KEY_NOT_AVAILABLE', { ids: wanted.filter((id) => !done.has(id)) });
    }
    const stock = await adjustStock(tx, sku, { available: -wanted.length, void: wanted.length });
    await stockChanged(tx, sku, stock, 'void');
    await appendAudit(tx, {
      action: 'keys.void',
      targetType: 'sku',
      targetId: sku.id,
      merchantId,
      data: { count: wanted.length, ids: wanted.slice(0, 100) },
    });
    return { voided: wanted.length };
  });
}
