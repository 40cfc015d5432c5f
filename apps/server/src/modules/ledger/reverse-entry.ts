import { and, eq, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { postEntry } from './post-entry';
import { ledgerAccounts, ledgerEntries, ledgerTransfers } from './schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Corrects an entry by posting its mirror (every transfer with debit and credit swapped) as a new entry
 * that points at it; entries are never updated. An entry is reversed at most once (CONFLICT for a
 * second reversal under another key; the same key replays). No-negative accounts are checked as for
 * any posting: money already withdrawn cannot be reversed out of an empty account.
 */
export async function reverseEntry(
  ctx: Ctx,
  entryId: string,
  input: { idempotencyKey: string; memo?: string; fraction?: never },
): Promise<{ entryId: string; replayed: boolean }> {
  if (!UUID.test(entryId)) throw new AppError('NOT_FOUND', { entryId });
  return withTx(ctx, async (tx) => {
    // Locking the original serialises concurrent reversals of it.
    const [entry] = await tx.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.id, entryId))
      .for('update');
    if (!entry) throw new AppError('NOT_FOUND', { entryId });
    const [other] = await tx.db
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.reversesEntryId, entryId),
          ne(ledgerEntries.idempotencyKey, input.idempotencyKey),
        ),
      )
      .limit(1);
    if (other) throw new AppError('CONFLICT', { entryId, reversedBy: other.id });
    const d = alias(ledgerAccounts, 'd');
    const c = alias(ledgerAccounts, 'c');
    const lines = await tx.db
      .select({
        amount: ledgerTransfers.amount,
        code: ledgerTransfers.code,
        d: { type: d.type, ownerId: d.ownerId, currency: d.currency },
        c: { type: c.type, ownerId: c.ownerId, currency: c.currency },
      })
      .from(ledgerTransfers)
      .innerJoin(d, eq(d.id, ledgerTransfers.debitAccountId))
      .innerJoin(c, eq(c.id, ledgerTransfers.creditAccountId))
      .where(eq(ledgerTransfers.entryId, entryId))
      .orderBy(ledgerTransfers.id);
    return postEntry(tx, {
      idempotencyKey: input.idempotencyKey,
      kind: `${entry.kind}.reversal`,
      currency: entry.currency,
      memo: input.memo ?? `reversal of ${entry.idempotencyKey}`,
      ...(entry.referenceType && entry.referenceId
        ? { reference: { type: entry.referenceType, id: entry.referenceId } }
        : {}),
      reversesEntryId: entryId,
      transfers: lines.map((l) => ({
        debit: l.c,
        credit: l.d,
        amount: l.amount,
        ...(l.code ? { code: `${l.code}.reversal` } : {}),
      })),
    });
  });
}
