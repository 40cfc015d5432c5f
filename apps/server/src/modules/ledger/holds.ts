import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import {
  accountCode,
  ensureAccounts,
  lockAccounts,
  normalBalance,
  specCurrency,
  type AccountSpec,
} from './accounts';
import { isValidAmount, postEntry } from './post-entry';
import { ledgerEntries, ledgerHolds } from './schema';

/** What to reserve: `amount` from the debit account towards the credit account. */
export interface CreateHoldInput {
  idempotencyKey: string;
  debit: AccountSpec;
  credit: AccountSpec;
  amount: number;
  currency?: string;
  reference?: { type: string; id: string };
}

/**
 * Reserves an amount (phase one): adds it to the debit account's pending debits and the credit account's
 * pending credits, so the debit account's available balance drops at once. LEDGER_INSUFFICIENT_FUNDS
 * when a no-negative account cannot cover it. Idempotent by key (other content: LEDGER_IDEMPOTENCY_CONFLICT).
 */
export async function createHold(
  ctx: Ctx,
  input: CreateHoldInput,
): Promise<{ holdId: string; replayed: boolean }> {
  if (!isValidAmount(input.amount)) throw new AppError('LEDGER_INVALID_AMOUNT', { amount: input.amount });
  const currency = specCurrency({ type: 'platform_equity', currency: input.currency });
  const debit = { ...input.debit, currency: specCurrency(input.debit, currency) };
  const credit = { ...input.credit, currency: specCurrency(input.credit, currency) };
  if (debit.currency !== currency || credit.currency !== currency) {
    throw new AppError('LEDGER_CURRENCY_MISMATCH', {
      currency,
      debit: debit.currency,
      credit: credit.currency,
    });
  }
  const [d, c] = [accountCode(debit), accountCode(credit)];
  if (d === c) throw new AppError('VALIDATION_FAILED', { account: d });
  return withTx(ctx, async (tx) => {
    const ids = await ensureAccounts(tx, [debit, credit]);
    const [debitId, creditId] = [ids.get(d)!, ids.get(c)!];
    // Accounts are locked before the hold row is inserted: the insert's foreign-key checks then never
    // wait on another holder of these locks.
    const accounts = await lockAccounts(tx, [debitId, creditId]);
    const [created] = await tx.db
      .insert(ledgerHolds)
      .values({
        idempotencyKey: input.idempotencyKey,
        debitAccountId: debitId,
        creditAccountId: creditId,
        amount: input.amount,
        currency,
        referenceType: input.reference?.type ?? null,
        referenceId: input.reference?.id ?? null,
        createdAt: ctx.now(),
      })
      .onConflictDoNothing({ target: ledgerHolds.idempotencyKey })
      .returning({ id: ledgerHolds.id });
    if (!created) {
      const [h] = await tx.db
        .select()
        .from(ledgerHolds)
        .where(eq(ledgerHolds.idempotencyKey, input.idempotencyKey));
      const same =
        h &&
        h.debitAccountId === debitId &&
        h.creditAccountId === creditId &&
        h.amount === input.amount &&
        h.referenceType === (input.reference?.type ?? null) &&
        h.referenceId === (input.reference?.id ?? null);
      if (!same) throw new AppError('LEDGER_IDEMPOTENCY_CONFLICT', { idempotencyKey: input.idempotencyKey });
      return { holdId: h.id, replayed: true };
    }
    const a = accounts.get(debitId)!;
    const before = normalBalance(a).available;
    const after = normalBalance({ ...a, debitsPending: a.debitsPending + input.amount }).available;
    if (a.noNegative && after < before && after < 0) {
      throw new AppError('LEDGER_INSUFFICIENT_FUNDS', {
        account: a.code,
        available: before,
        required: input.amount,
      });
    }
    await movePending(tx, debitId, creditId, input.amount);
    return { holdId: created.id, replayed: false };
  });
}

/**
 * Posts a pending hold (phase two): releases the whole reservation and posts `amount` (default: all of
 * it; the rest is released) as an entry keyed `idempotencyKey`. A retry with the same key returns the
 * same entry; any other call on a resolved hold is LEDGER_HOLD_NOT_PENDING; more than held is
 * LEDGER_HOLD_EXCEEDED.
 */
export async function postHold(
  ctx: Ctx,
  holdId: string,
  input: { idempotencyKey: string; kind: string; amount?: number; memo?: string },
): Promise<{ entryId: string }> {
  if (input.amount !== undefined && !isValidAmount(input.amount)) {
    throw new AppError('LEDGER_INVALID_AMOUNT', { amount: input.amount });
  }
  return withTx(ctx, async (tx) => {
    const hold = await lockHold(tx, holdId);
    if (hold.status !== 'pending') {
      if (hold.status === 'posted' && hold.postedEntryId) {
        const [e] = await tx.db
          .select({ key: ledgerEntries.idempotencyKey })
          .from(ledgerEntries)
          .where(eq(ledgerEntries.id, hold.postedEntryId));
        if (e?.key === input.idempotencyKey) return { entryId: hold.postedEntryId };
      }
      throw new AppError('LEDGER_HOLD_NOT_PENDING', { holdId, status: hold.status });
    }
    const amount = input.amount ?? hold.amount;
    if (amount > hold.amount) throw new AppError('LEDGER_HOLD_EXCEEDED', { held: hold.amount, amount });
    const accounts = await lockAccounts(tx, [hold.debitAccountId, hold.creditAccountId]);
    await movePending(tx, hold.debitAccountId, hold.creditAccountId, -hold.amount);
    const spec = (id: string) => {
      const a = accounts.get(id)!;
      return { type: a.type, ownerId: a.ownerId, currency: a.currency };
    };
    const posted = await postEntry(tx, {
      idempotencyKey: input.idempotencyKey,
      kind: input.kind,
      currency: hold.currency,
      ...(input.memo !== undefined ? { memo: input.memo } : {}),
      ...(hold.referenceType && hold.referenceId
        ? { reference: { type: hold.referenceType, id: hold.referenceId } }
        : {}),
      transfers: [
        { debit: spec(hold.debitAccountId), credit: spec(hold.creditAccountId), amount, code: 'hold.post' },
      ],
    });
    // A key already used by another posting would leave the hold pending with its funds released.
    if (posted.replayed)
      throw new AppError('LEDGER_IDEMPOTENCY_CONFLICT', { idempotencyKey: input.idempotencyKey });
    await tx.db
      .update(ledgerHolds)
      .set({ status: 'posted', postedEntryId: posted.entryId, resolvedAt: ctx.now() })
      .where(and(eq(ledgerHolds.id, holdId), eq(ledgerHolds.status, 'pending')));
    return { entryId: posted.entryId };
  });
}

/** Releases a pending hold without posting anything; LEDGER_HOLD_NOT_PENDING when already resolved. */
export async function voidHold(ctx: Ctx, holdId: string): Promise<void> {
  await withTx(ctx, async (tx) => {
    const hold = await lockHold(tx, holdId);
    if (hold.status !== 'pending')
      throw new AppError('LEDGER_HOLD_NOT_PENDING', { holdId, status: hold.status });
    await lockAccounts(tx, [hold.debitAccountId, hold.creditAccountId]);
    await movePending(tx, hold.debitAccountId, hold.creditAccountId, -hold.amount);
    await tx.db
      .update(ledgerHolds)
      .set({ status: 'voided', resolvedAt: ctx.now() })
      .where(and(eq(ledgerHolds.id, holdId), eq(ledgerHolds.status, 'pending')));
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function lockHold(ctx: Ctx, holdId: string) {
  if (!UUID.test(holdId)) throw new AppError('NOT_FOUND', { holdId });
  const [hold] = await ctx.db.select().from(ledgerHolds).where(eq(ledgerHolds.id, holdId)).for('update');
  if (!hold) throw new AppError('NOT_FOUND', { holdId });
  return hold;
}

async function movePending(ctx: Ctx, debitId: string, creditId: string, amount: number) {
  await ctx.db.execute(sql`
    UPDATE ledger_accounts SET
      debits_pending = debits_pending + CASE WHEN id = ${debitId}::uuid THEN ${amount}::int8 ELSE 0 END,
      credits_pending = credits_pending + CASE WHEN id = ${creditId}::uuid THEN ${amount}::int8 ELSE 0 END
    WHERE id IN (${debitId}::uuid, ${creditId}::uuid)`);
}
