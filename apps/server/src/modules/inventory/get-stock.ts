import { inArray } from 'drizzle-orm';
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

/** Key counts per SKU from the maintained counters (zeros for a SKU without keys). */
export async function getKeyStock(db: DbOrTx, skuIds: string[]): Promise<Map<string, KeyStock>> {
  const result = new Map<string, KeyStock>(skuIds.map((id) => [id, { ...empty }]));
  if (!skuIds.length) return result;
  const rows = await db.select().from(skuStock).where(inArray(skuStock.skuId, skuIds));
  for (const r of rows)
    result.set(r.skuId, { available: r.available, reserved: r.reserved, sold: r.sold, void: r.void });
  return result;
}
