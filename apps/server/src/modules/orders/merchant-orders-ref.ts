import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { orders } from './schema';

/**
 * The ids of a merchant's orders as a subquery, for other modules to filter their own rows by tenant in
 * SQL (so that their pages and totals only ever count the merchant's rows).
 */
export function merchantOrderIds(db: DbOrTx, merchantId: string) {
  return db.select({ id: orders.id }).from(orders).where(eq(orders.merchantId, merchantId));
}

/** Number and merchant of those of `ids` that are the merchant's orders. */
export async function merchantOrderRefs(
  db: DbOrTx,
  merchantId: string,
  ids: string[],
): Promise<{ id: string; orderNo: string; merchantId: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: orders.id, orderNo: orders.orderNo, merchantId: orders.merchantId })
    .from(orders)
    .where(and(inArray(orders.id, ids), eq(orders.merchantId, merchantId)));
}
