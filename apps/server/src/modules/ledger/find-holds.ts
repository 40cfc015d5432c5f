import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { prepared } from '../../db/prepared';
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

/** Which of the found holds count: only pending ones, and all but the one with `exceptKey`. */
export interface HoldFilter {
  pendingOnly?: boolean;
  exceptKey?: string;
}

/**
 * A prepared lookup of the holds whose idempotency keys `keys` yields (found through the unique key
 * index), in no order: `keys` is a condition on the key or a subquery yielding keys, its variable parts
 * `sql.placeholder`s given with each call — so a caller can look its holds up in one round trip.
 */
export function holdLookup(
  name: string,
  keys: SQL,
): (db: DbOrTx, values: Record<string, unknown>, filter?: HoldFilter) => Promise<HoldInfo[]> {
  const run = prepared(name, (db) =>
    db
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
          inArray(ledgerHolds.idempotencyKey, keys),
          sql`(NOT ${sql.placeholder('pendingOnly')}::boolean OR ${ledgerHolds.status} = 'pending')`,
          sql`${ledgerHolds.idempotencyKey} IS DISTINCT FROM ${sql.placeholder('exceptKey')}::text`,
        ),
      ),
  );
  return (db, values, filter = {}) =>
    run(db, { ...values, pendingOnly: filter.pendingOnly ?? false, exceptKey: filter.exceptKey ?? null });
}

const byKeys = holdLookup('holds_by_keys', sql`(SELECT unnest(${sql.placeholder('keys')}::text[]))`);

/** The holds with these idempotency keys, in no order. */
export async function findHoldsByKeys(
  db: DbOrTx,
  keys: readonly string[],
  filter: HoldFilter = {},
): Promise<HoldInfo[]> {
  if (keys.length === 0) return [];
  return byKeys(db, { keys }, filter);
}
