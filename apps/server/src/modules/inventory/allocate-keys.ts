import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { preparedSql } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { keyTransitions } from './key-state';
import { adjustStock } from './stock-counters';

/**
 * The allocation statement. `status = 'available'` is a literal, not a parameter, so the planner can
 * match the partial index card_keys_available_idx and walk only available keys however many are sold;
 * SKIP LOCKED lets concurrent checkouts take different keys instead of queueing on the same rows. Its
 * values may be placeholders: the checkout runs it as a prepared statement.
 */
export function allocationQuery(
  skuId: string | Placeholder,
  n: number | Placeholder,
  orderId: string | Placeholder,
  now: Date | Placeholder,
): SQL {
  return sql`
    UPDATE card_keys SET status = 'reserved', order_id = ${orderId}, reserved_at = ${now}
    WHERE id IN (
      SELECT id FROM card_keys
      WHERE sku_id = ${skuId} AND status = 'available'
      ORDER BY id LIMIT ${n}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, merchant_id`;
}

const allocation = preparedSql<{ id: number; merchant_id: string }>(
  'card_keys_allocate',
  allocationQuery(
    sql.placeholder('skuId'),
    sql.placeholder('n'),
    sql.placeholder('orderId'),
    sql.placeholder('now'),
  ),
);

/**
 * Reserves `n` available keys of a SKU for an order, oldest first, in ctx's transaction (joining the
 * caller's), and moves the counters. All or nothing: with fewer than `n` free keys it
 * throws INSUFFICIENT_STOCK and reserves none. No key is ever handed to two callers.
 */
export async function allocateKeys(ctx: Ctx, skuId: string, n: number, orderId: string): Promise<number[]> {
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('VALIDATION_FAILED', { n });
  assertTransition(keyTransitions, 'available', 'reserved');
  return withTx(ctx, async (tx) => {
    const res = await allocation(tx.db, { skuId, n, orderId, now: ctx.now() });
    if (res.rows.length < n) throw new AppError('INSUFFICIENT_STOCK', { requested: n });
    await adjustStock(
      tx,
      { id: skuId, merchantId: res.rows[0]!.merchant_id },
      { available: -n, reserved: n },
    );
    return res.rows.map((r) => r.id).sort((a, b) => a - b);
  });
}
