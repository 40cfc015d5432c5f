import { inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client';
import { skuStock } from './schema';

/** Key counts of a card-key SKU. */
export interface KeyStock {
  available: number;
  reserved: number;
  sold: number;
  void: number;
}

const empty: KeyStock = { available: 0, reserved: 0, sold: 0, void: 0 };

/** Key counts per SKU from the maintained counters, summed over their slots (zeros for a SKU without keys). */
export async function getKeyStock(db: DbOrTx, skuIds: string[]): Promise<Map<string, KeyStock>> {
  const result = new Map<string, KeyStock>(skuIds.map((id) => [id, { ...empty }]));
  if (!skuIds.length) return result;
  const total = (c: AnyPgColumn) => sql<number>`sum(${c})::int`;
  const rows = await db
    .select({
      skuId: skuStock.skuId,
      available: total(skuStock.available),
      reserved: total(skuStock.reserved),
      sold: total(skuStock.sold),
      void: total(skuStock.void),
    })
    .from(skuStock)
    .where(inArray(skuStock.skuId, skuIds))
    .groupBy(skuStock.skuId);
  for (const { skuId, ...stock } of rows) result.set(skuId, stock);
  return result;
}
