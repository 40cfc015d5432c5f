import { sql } from 'drizzle-orm';
import { withTx, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { keyTransitions } from './key-state';
import { countBySku } from './count-by-sku';
import { adjustStock } from './stock-counters';

/** Returns an order's reserved keys to the pool (unpaid, cancelled or expired order); returns how many. */
export async function releaseKeys(ctx: Ctx, orderId: string): Promise<number> {
  assertTransition(keyTransitions, 'reserved', 'available');
  return withTx(ctx, async (tx) => {
    const res = await tx.db.execute<{ sku_id: string; merchant_id: string }>(sql`
      UPDATE card_keys SET status = 'available', order_id = NULL, reserved_at = NULL
      WHERE order_id = ${orderId} AND status = 'reserved'
      RETURNING sku_id, merchant_id`);
    for (const [sku, n] of countBySku(res.rows)) await adjustStock(tx, sku, { available: n, reserved: -n });
    return res.rows.length;
  });
}
