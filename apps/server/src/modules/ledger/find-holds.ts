import { and, eq, inArray, ne, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { ledgerAccounts, ledgerHolds } from './schema';

/** A hold as its owner sees it, with the owner of the account it holds money from. */
export interface HoldInfo {
  id: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  status: 'pending' | 'posted' | 'voided';
  debitType: string;
  debitOwnerId: string | null;
  postedEntryId: string | null;
}

/**
 * The holds with these idempotency keys (found through the unique key index), in no order. `keys` may
 * be a subquery yielding the keys, so a caller can look its holds up in one round trip.
 */
export async function findHoldsByKeys(
  db: DbOrTx,
  keys: readonly string[] | SQL,
  opts: { pendingOnly?: boolean; exceptKey?: string } = {},
): Promise<HoldInfo[]> {
  if (Array.isArray(keys) && keys.length === 0) return [];
  return db
    .select({
      id: ledgerHolds.id,
      idempotencyKey: ledgerHolds.idempotencyKey,
      amount: ledgerHolds.amount,
      currency: ledgerHolds.currency,
      status: ledgerHolds.status,
      debitType: ledgerAccounts.type,
      debitOwnerId: ledgerAccounts.ownerId,
      postedEntryId: ledgerHolds.postedEntryId,
    })
    .from(ledgerHolds)
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerHolds.debitAccountId))
    .where(
      and(
        inArray(ledgerHolds.idempotencyKey, Array.isArray(keys) ? [...keys] : (keys as SQL)),
        opts.pendingOnly ? eq(ledgerHolds.status, 'pending') : undefined,
        opts.exceptKey ? ne(ledgerHolds.idempotencyKey, opts.exceptKey) : undefined,
      ),
    );
}
