import { sql } from 'drizzle-orm';
import { withTx, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { countBySku } from './count-by-sku';
import { keyTransitions } from './key-state';
import { adjustStock } from './stock-counters';

/** Voids the keys sold to an order (the order was fully refunded); returns how many. Void is final. */
export async function voidOrderKeys(ctx: Ctx, orderId: string): Promise<number> {
  assertTransition(keyTransitions, 'sold', 'void');
  return withTx(ctx, async (tx) => {
    const res = await tx.db.execute<{ sku_id: string; merchant_id: string }>(sql`
      UPDATE card_keys SET status = 'void', voided_at = ${ctx.now()}
      WHERE order_id = ${orderId} AND status = 'sold'
      RETURNING sku_id, merchant_id`);
    for (const [sku, n] of countBySku(res.rows)) await adjustStock(tx, sku, { sold: -n, void: n });
    return res.rows.length;
  });
}
