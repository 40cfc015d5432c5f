import { sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { recordEvent } from '../events/record-event';
import type { KeyStock } from './get-stock';

type StockRow = { available: number; reserved: number; sold: number; void: number; threshold: number | null };

/** Changes to a SKU's key counters (positive or negative). */
export type StockDelta = Partial<KeyStock>;

/**
 * Applies `delta` to the SKU's counters in ctx's transaction (creating the row on first import); the
 * row lock it takes serialises counter changes of one SKU until commit. When `available` falls to or
 * below the SKU's low-stock threshold from above it, records a 'stock.low' event.
 */
export async function adjustStock(
  ctx: Ctx,
  sku: { id: string; merchantId: string },
  delta: StockDelta,
): Promise<KeyStock> {
  const d = { available: 0, reserved: 0, sold: 0, void: 0, ...delta };
  const res = await ctx.db.execute<StockRow>(sql`
    INSERT INTO sku_stock AS st (sku_id, merchant_id, available, reserved, sold, void, updated_at)
    VALUES (${sku.id}, ${sku.merchantId}, ${d.available}, ${d.reserved}, ${d.sold}, ${d.void}, ${ctx.now()})
    ON CONFLICT (sku_id) DO UPDATE SET
      available = st.available + excluded.available,
      reserved = st.reserved + excluded.reserved,
      sold = st.sold + excluded.sold,
      void = st.void + excluded.void,
      updated_at = excluded.updated_at
    RETURNING available, reserved, sold, void,
      (SELECT low_stock_threshold FROM skus WHERE skus.id = st.sku_id) AS threshold`);
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
