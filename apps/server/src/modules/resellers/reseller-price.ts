import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { resellerAccounts, resellerLevelPrices, resellerLevels } from './schema';

/** A reseller's level as pricing needs it. */
export interface ResellerLevel {
  id: string;
  name: string;
  /** Basis points off the base price where the level's price list has no entry. */
  discountBps: number;
}

/**
 * A reseller's own unit price for a SKU: its level's price-list entry when there is one, else the
 * base price less the level's discount, rounded down to the fen (in the reseller's favour, by less
 * than one fen) and never below 1 fen; without a level, the retail (base) price.
 */
export function resellerUnitPrice(
  basePrice: number,
  level: Pick<ResellerLevel, 'discountBps'> | null,
  listPrice?: number,
): number {
  if (!level) return basePrice;
  if (listPrice !== undefined) return listPrice;
  const bps = Math.min(Math.max(level.discountBps, 0), 10_000);
  // basePrice ≤ 10^10 fen, so basePrice × 10 000 stays well inside the exact integer range.
  const discounted = Math.floor((basePrice * (10_000 - bps)) / 10_000);
  return Math.max(discounted, 1);
}

/** The reseller's level, or null when it has none. */
export async function loadResellerLevel(db: DbOrTx, resellerId: string): Promise<ResellerLevel | null> {
  const [row] = await levelOf(db, { resellerId });
  return row ?? null;
}

/**
 * The reseller's own unit price of each SKU (`id` → fen): one query for the level, one for its
 * price-list entries of these SKUs (none without a level).
 */
export async function resellerPrices(
  db: DbOrTx,
  resellerId: string,
  rows: readonly { id: string; price: number }[],
): Promise<Map<string, number>> {
  const level = await loadResellerLevel(db, resellerId);
  const list = new Map<string, number>();
  if (level && rows.length) {
    const entries = await db
      .select({ skuId: resellerLevelPrices.skuId, price: resellerLevelPrices.price })
      .from(resellerLevelPrices)
      .where(
        and(
          eq(resellerLevelPrices.levelId, level.id),
          inArray(
            resellerLevelPrices.skuId,
            rows.map((r) => r.id),
          ),
        ),
      );
    for (const e of entries) list.set(e.skuId, e.price);
  }
  return new Map(rows.map((r) => [r.id, resellerUnitPrice(r.price, level, list.get(r.id))]));
}

const levelOf = prepared('reseller_level_of', (db) =>
  db
    .select({ id: resellerLevels.id, name: resellerLevels.name, discountBps: resellerLevels.discountBps })
    .from(resellerAccounts)
    .innerJoin(resellerLevels, eq(resellerLevels.id, resellerAccounts.levelId))
    .where(eq(resellerAccounts.id, sql.placeholder('resellerId'))),
);
