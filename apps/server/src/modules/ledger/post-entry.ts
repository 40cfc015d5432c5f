import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { prepared, preparedSql } from '../../db/prepared';
import { withTx, type Ctx } from '../../lib/ctx';
import { accountCode, ensureAccounts, normalBalance, specCurrency, type AccountSpec } from './accounts';
import { entryContentHash } from './content-hash';
import { ledgerEntries, ledgerTransfers } from './schema';

/** One line of an entry: `amount` minor units from the debit account to the credit account. */
export interface TransferInput {
  debit: AccountSpec;
  credit: AccountSpec;
  amount: number;
  /** What the line is (`order.gross`, `order.commission` …); part of the content hash. */
  code?: string;
}

/** A journal entry to post. */
export interface PostEntryInput {
  idempotencyKey: string;
  kind: string;
  /** The entry's currency (CNY by default); account specs without one inherit it. */
  currency?: string;
  memo?: string;
  reference?: { type: string; id: string };
  transfers: TransferInput[];
  /** Set by reverseEntry: the entry this one corrects. */
  reversesEntryId?: string;
  /**
   * Replaces the transfers' hash for idempotency when the transfers depend on balances at posting
   * time (a refund split between available and receivable): a retry compares the request instead.
   */
  contentHash?: string;
}

/** True for an amount the ledger accepts: a positive safe integer of minor units. */
export function isValidAmount(amount: unknown): amount is number {
  return typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0;
}

/**
 * Posts a balanced journal entry in ctx's transaction (joining the caller's): inserts the entry and its
 * transfers, then locks the touched accounts in id order and moves the running totals in one statement;
 * refuses with LEDGER_INSUFFICIENT_FUNDS when a no-negative account's available balance would drop below
 * zero — the caller's transaction then fails, so nothing is posted (wrap the call in `savepoint` to carry
 * on after a refusal). Idempotent by key: the same content returns the first entry (`replayed: true`), other
 * content is LEDGER_IDEMPOTENCY_CONFLICT; concurrent postings with one key make one entry.
 */
export async function postEntry(
  ctx: Ctx,
  input: PostEntryInput,
): Promise<{ entryId: string; replayed: boolean }> {
  const currency = specCurrency({ type: 'platform_equity', currency: input.currency });
  if (!input.idempotencyKey || !input.kind)
    throw new AppError('VALIDATION_FAILED', { idempotencyKey: input.idempotencyKey });
  if (input.transfers.length === 0) throw new AppError('LEDGER_INVALID_AMOUNT', { transfers: 0 });
  const lines = input.transfers.map((t, i) => {
    if (!isValidAmount(t.amount)) throw new AppError('LEDGER_INVALID_AMOUNT', { index: i, amount: t.amount });
    const debit = { ...t.debit, currency: specCurrency(t.debit, currency) };
    const credit = { ...t.credit, currency: specCurrency(t.credit, currency) };
    if (debit.currency !== currency || credit.currency !== currency) {
      throw new AppError('LEDGER_CURRENCY_MISMATCH', {
        index: i,
        currency,
        debit: debit.currency,
        credit: credit.currency,
      });
    }
    const d = accountCode(debit);
    const c = accountCode(credit);
    if (d === c) throw new AppError('VALIDATION_FAILED', { index: i, account: d });
    return { debit, credit, d, c, amount: t.amount, code: t.code ?? null };
  });
  const hash =
    input.contentHash ??
    entryContentHash({
      kind: input.kind,
      currency,
      reference: input.reference ?? null,
      reversesEntryId: input.reversesEntryId ?? null,
      transfers: lines.map((l) => ({ debit: l.d, credit: l.c, amount: l.amount, code: l.code })),
    });

  return withTx(ctx, async (tx) => {
    const [created] = await insertEntry(tx.db, {
      idempotencyKey: input.idempotencyKey,
      kind: input.kind,
      currency,
      memo: input.memo ?? null,
      referenceType: input.reference?.type ?? null,
      referenceId: input.reference?.id ?? null,
      reversesEntryId: input.reversesEntryId ?? null,
      contentHash: hash,
      createdBy: actorName(ctx),
      createdAt: ctx.now(),
    });
    if (!created) return replay(tx, input.idempotencyKey, hash);

    const ids = await ensureAccounts(
      tx,
      lines.flatMap((l) => [l.debit, l.credit]),
    );
    const delta = new Map<string, { d: number; c: number }>();
    for (const l of lines) {
      const di = ids.get(l.d)!;
      const ci = ids.get(l.c)!;
      delta.set(di, { d: (delta.get(di)?.d ?? 0) + l.amount, c: delta.get(di)?.c ?? 0 });
      delta.set(ci, { d: delta.get(ci)?.d ?? 0, c: (delta.get(ci)?.c ?? 0) + l.amount });
    }
    // In one statement: lock the accounts in id order, move the totals, insert the transfers, return the
    // totals. Shared accounts (a channel's cash, fee revenue) stay locked from here to the commit, so this
    // comes after everything else the entry writes. The transfers' foreign keys take a key-share lock on
    // each account when the statement ends, when this posting already holds them: taken by a posting
    // that does not hold the account yet, it would join the lock of the one that does (a multixact) that
    // every later change of the row then carries along — with 32 notifies at a time, 30% more database
    // CPU per order (docs/ledger.md). A total that may not go negative and would is refused after it:
    // the caller's transaction or savepoint rolls the whole statement back.
    const moved = await postTransfers(tx.db, {
      ids: [...delta.keys()],
      debits: [...delta.values()].map((dc) => dc.d),
      credits: [...delta.values()].map((dc) => dc.c),
      entryId: created.id,
      fromAccounts: lines.map((l) => ids.get(l.d)!),
      toAccounts: lines.map((l) => ids.get(l.c)!),
      amounts: lines.map((l) => l.amount),
      codes: lines.map((l) => l.code),
      currency,
      createdAt: ctx.now(),
    });
    for (const m of moved.rows) {
      const dc = delta.get(m.id)!;
      const a = {
        normalSide: m.normal_side,
        debitsPosted: Number(m.debits_posted),
        creditsPosted: Number(m.credits_posted),
        debitsPending: Number(m.debits_pending),
        creditsPending: Number(m.credits_pending),
      };
      const after = normalBalance(a).available;
      const before = normalBalance({
        ...a,
        debitsPosted: a.debitsPosted - dc.d,
        creditsPosted: a.creditsPosted - dc.c,
      }).available;
      // The whole entry is refused (the caller's transaction or savepoint rolls back what it wrote).
      if (m.no_negative && after < before && after < 0) {
        throw new AppError('LEDGER_INSUFFICIENT_FUNDS', {
          account: m.code,
          available: before,
          required: before - after,
        });
      }
    }
    return { entryId: created.id, replayed: false };
  });
}

// The posting's statements, prepared (db/prepared.ts): the lists travel as arrays, so each has one shape.
const p = (name: string) => sql.placeholder(name);
const insertEntry = prepared('ledger_entry_insert', (db) =>
  db
    .insert(ledgerEntries)
    .values({
      idempotencyKey: p('idempotencyKey'),
      kind: p('kind'),
      currency: p('currency'),
      memo: p('memo'),
      referenceType: p('referenceType'),
      referenceId: p('referenceId'),
      reversesEntryId: p('reversesEntryId'),
      contentHash: p('contentHash'),
      createdBy: p('createdBy'),
      createdAt: p('createdAt'),
    })
    .onConflictDoNothing({ target: ledgerEntries.idempotencyKey })
    .returning({ id: ledgerEntries.id }),
);
const postTransfers = preparedSql<MovedAccount>(
  'ledger_post',
  sql`
    WITH v (id, d, c) AS (SELECT * FROM unnest(${p('ids')}::uuid[], ${p('debits')}::int8[], ${p('credits')}::int8[])),
    locked AS MATERIALIZED (
      SELECT id FROM ledger_accounts WHERE id IN (SELECT id FROM v) ORDER BY id FOR NO KEY UPDATE),
    moved AS (
      UPDATE ledger_accounts a
      SET debits_posted = a.debits_posted + v.d, credits_posted = a.credits_posted + v.c
      FROM v, locked
      WHERE a.id = v.id AND locked.id = v.id
      RETURNING a.id, a.code, a.normal_side, a.no_negative, a.debits_posted::int8, a.credits_posted::int8,
        a.debits_pending::int8, a.credits_pending::int8),
    transfers AS (
      INSERT INTO ${ledgerTransfers} (entry_id, debit_account_id, credit_account_id, amount, currency, code, created_at)
      SELECT ${p('entryId')}::uuid, t.debit, t.credit, t.amount, ${p('currency')}, t.code, ${p('createdAt')}::timestamptz
      FROM unnest(${p('fromAccounts')}::uuid[], ${p('toAccounts')}::uuid[], ${p('amounts')}::int8[], ${p('codes')}::text[])
        AS t (debit, credit, amount, code))
    SELECT * FROM moved`,
);

async function replay(ctx: Ctx, idempotencyKey: string, hash: string) {
  const [existing] = await ctx.db
    .select({ id: ledgerEntries.id, contentHash: ledgerEntries.contentHash })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.idempotencyKey, idempotencyKey));
  if (!existing) throw new AppError('CONFLICT', { idempotencyKey });
  if (existing.contentHash !== hash)
    throw new AppError('LEDGER_IDEMPOTENCY_CONFLICT', { idempotencyKey, entryId: existing.id });
  return { entryId: existing.id, replayed: true };
}

/** An account's totals as the posting statement leaves them. */
interface MovedAccount extends Record<string, unknown> {
  id: string;
  code: string;
  normal_side: 'debit' | 'credit';
  no_negative: boolean;
  debits_posted: string;
  credits_posted: string;
  debits_pending: string;
  credits_pending: string;
}

function actorName(ctx: Ctx): string | null {
  const a = ctx.actor;
  return a.kind === 'user' ? a.userId : a.kind === 'system' ? `system:${a.name}` : null;
}
