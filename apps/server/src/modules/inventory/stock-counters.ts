import { sql } from 'drizzle-orm';
import { preparedSql } from '../../db/prepared';
import type { Ctx } from '../../lib/ctx';
import { recordEvent } from '../events/record-event';
import type { KeyStock } from './get-stock';

type StockRow = { available: number; reserved: number; sold: number; void: number; threshold: number | null };

/** Changes to a SKU's key counters (positive or negative). */
export type StockDelta = Partial<KeyStock>;

/**
 * How many counter rows a SKU's counts may be spread over (see skuStock): more than the pools' connections,
 * so two live connections rarely share a row (a transaction holds its row until it commits).
 */
export const STOCK_SLOTS = 64;

const p = (name: string) => sql.placeholder(name);
const stockAdjustment = preparedSql<StockRow>(
  'sku_stock_adjust',
  sql`
    WITH mine AS (
      INSERT INTO sku_stock AS st (sku_id, slot, merchant_id, available, reserved, sold, void, updated_at)
      VALUES (${p('skuId')}, pg_backend_pid() % ${STOCK_SLOTS}, ${p('merchantId')}, ${p('available')},
        ${p('reserved')}, ${p('sold')}, ${p('void')}, ${p('at')})
      ON CONFLICT (sku_id, slot) DO UPDATE SET
        available = st.available + excluded.available,
        reserved = st.reserved + excluded.reserved,
        sold = st.sold + excluded.sold,
        void = st.void + excluded.void,
        updated_at = excluded.updated_at
      RETURNING slot, available, reserved, sold, void),
    others AS (
      SELECT coalesce(sum(available), 0)::int AS available, coalesce(sum(reserved), 0)::int AS reserved,
        coalesce(sum(sold), 0)::int AS sold, coalesce(sum(void), 0)::int AS void
      FROM sku_stock WHERE sku_id = ${p('skuId')} AND slot <> (SELECT slot FROM mine))
    SELECT mine.available + others.available AS available, mine.reserved + others.reserved AS reserved,
      mine.sold + others.sold AS sold, mine.void + others.void AS void,
      (SELECT low_stock_threshold FROM skus WHERE skus.id = ${p('skuId')}) AS threshold
    FROM mine, others`,
);

/**
 * Applies `delta` to the SKU's counters in ctx's transaction and returns the SKU's new totals. The
 * change goes to the slot of this database connection (creating the row on first use), so concurrent
 * checkouts on other connections do not wait for each other's commits; the totals are that row plus the
 * other slots as committed. When `available` falls to or below the SKU's low-stock threshold from above
 * it, records a 'stock.low' event.
 */
export async function adjustStock(
  ctx: Ctx,
  sku: { id: string; merchantId: string },
  delta: StockDelta,
): Promise<KeyStock> {
  const d = { available: 0, reserved: 0, sold: 0, void: 0, ...delta };
  const res = await stockAdjustment(ctx.db, {
    skuId: sku.id,
    merchantId: sku.merchantId,
    ...d,
    at: ctx.now(),
  });
  const { threshold, ...stock } = res.rows[0]!;
  const before = stock.available - d.available;
  if (threshold !== null && d.available < 0 && before > threshold && stock.available <= threshold) {
    await recordEvent(ctx, {
      type: 'stock.low',
      merchantId: sku.merchantId,
      subjectType: 'sku',
      subjectId: sku.id,
      payload: { available: stock.available, threshold },
    });
  }
  return stock;
}

/** Records that a SKU's stock changed through a merchant action (import, void, batch deletion). */
export async function stockChanged(
  ctx: Ctx,
  sku: { id: string; merchantId: string },
  stock: KeyStock,
  cause: string,
): Promise<void> {
  await recordEvent(ctx, {
    type: 'stock.changed',
    merchantId: sku.merchantId,
    subjectType: 'sku',
    subjectId: sku.id,
    payload: { cause, ...stock },
  });
}
