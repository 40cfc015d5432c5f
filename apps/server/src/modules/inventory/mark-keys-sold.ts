import { sql } from 'drizzle-orm';
import { preparedSql } from '../../db/prepared';
import { withTx, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { countBySku } from './count-by-sku';
import { keyTransitions } from './key-state';
import { adjustStock } from './stock-counters';

const sell = preparedSql<{ id: number; sku_id: string; merchant_id: string }>(
  'card_keys_sell',
  sql`UPDATE card_keys SET status = 'sold', sold_at = ${sql.placeholder('now')}
    WHERE order_id = ${sql.placeholder('orderId')} AND status = 'reserved'
    RETURNING id, sku_id, merchant_id`,
);

/** Marks an order's reserved keys sold (the order was paid) and returns their ids; sold is final. */
export async function markKeysSold(ctx: Ctx, orderId: string): Promise<number[]> {
  assertTransition(keyTransitions, 'reserved', 'sold');
  return withTx(ctx, async (tx) => {
    const res = await sell(tx.db, { now: ctx.now(), orderId });
    for (const [sku, n] of countBySku(res.rows)) await adjustStock(tx, sku, { reserved: -n, sold: n });
    return res.rows.map((r) => r.id).sort((a, b) => a - b);
  });
}
