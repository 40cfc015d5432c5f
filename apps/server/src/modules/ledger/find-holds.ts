import { and, eq, inArray } from 'drizzle-orm';
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

/** The holds with these idempotency keys (found through the unique key index), in no order. */
export async function findHoldsByKeys(
  db: DbOrTx,
  keys: readonly string[],
  opts: { pendingOnly?: boolean } = {},
): Promise<HoldInfo[]> {
  if (keys.length === 0) return [];
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
        inArray(ledgerHolds.idempotencyKey, [...keys]),
        opts.pendingOnly ? eq(ledgerHolds.status, 'pending') : undefined,
      ),
    );
}
