import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { accountCode, normalBalance, type AccountSpec } from './accounts';
import { ledgerAccounts } from './schema';

/** An account's balance on its normal side. */
export interface Balance {
  accountId: string | null;
  /** Posted balance (credits − debits for credit-normal accounts, the reverse for debit-normal ones). */
  posted: number;
  /** Held out by pending holds (not yet posted, already unavailable). */
  pending: number;
  /** posted − pending: what can be spent or withdrawn. */
  available: number;
}

/** The balance of the account for `spec`; zeros (and a null id) when it was never used. */
export async function getBalance(db: DbOrTx, spec: AccountSpec): Promise<Balance> {
  const [a] = await db
    .select()
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.code, accountCode(spec)));
  if (!a) return { accountId: null, posted: 0, pending: 0, available: 0 };
  return { accountId: a.id, ...normalBalance(a) };
}

/** One line of an account statement. */
export interface StatementLine {
  transferId: number;
  entryId: string;
  kind: string;
  /** The transfer's line code (`order.gross`, `refund.merchant` …). */
  code: string | null;
  memo: string | null;
  reference: { type: string; id: string } | null;
  /** `in` raises the account's normal-side balance, `out` lowers it. */
  direction: 'in' | 'out';
  amount: number;
  /** The posted balance right after this transfer. */
  balanceAfter: number;
  createdAt: Date;
}

/**
 * An account's statement, newest first, paged by transfer id (`before`). `balanceAfter` is a running
 * sum in id order — per account, ids follow commit order because transfers are inserted under the
 * account's row lock. It sums the account's history up to the page, so deep accounts cost a scan.
 */
export async function listTransfers(
  db: DbOrTx,
  accountId: string,
  opts: { before?: number; limit: number; from?: Date; to?: Date; kind?: string },
): Promise<StatementLine[]> {
  const res = await db.execute<{
    id: number;
    entry_id: string;
    kind: string;
    code: string | null;
    memo: string | null;
    reference_type: string | null;
    reference_id: string | null;
    signed: number;
    balance_after: number;
    created_at: Date | string;
  }>(sql`
    WITH acct AS (SELECT normal_side FROM ledger_accounts WHERE id = ${accountId}::uuid),
    lines AS (
      SELECT t.id, t.entry_id, t.code, t.created_at,
        CASE WHEN (t.credit_account_id = ${accountId}::uuid) = ((SELECT normal_side FROM acct) = 'credit')
          THEN t.amount ELSE -t.amount END AS signed
      FROM ledger_transfers t
      WHERE (t.debit_account_id = ${accountId}::uuid OR t.credit_account_id = ${accountId}::uuid)
        ${opts.before !== undefined ? sql`AND t.id < ${opts.before}` : sql``}
    ),
    running AS (SELECT l.*, SUM(l.signed) OVER (ORDER BY l.id)::int8 AS balance_after FROM lines l)
    SELECT r.id, r.entry_id, e.kind, r.code, e.memo, e.reference_type, e.reference_id, r.signed,
      r.balance_after, r.created_at
    FROM running r JOIN ledger_entries e ON e.id = r.entry_id
    WHERE TRUE
      ${opts.from ? sql`AND r.created_at >= ${opts.from}` : sql``}
      ${opts.to ? sql`AND r.created_at < ${opts.to}` : sql``}
      ${opts.kind ? sql`AND e.kind = ${opts.kind}` : sql``}
    ORDER BY r.id DESC
    LIMIT ${opts.limit}`);
  return res.rows.map((r) => ({
    transferId: r.id,
    entryId: r.entry_id,
    kind: r.kind,
    code: r.code,
    memo: r.memo,
    reference: r.reference_type && r.reference_id ? { type: r.reference_type, id: r.reference_id } : null,
    direction: r.signed >= 0 ? 'in' : 'out',
    amount: Math.abs(r.signed),
    balanceAfter: r.balance_after,
    createdAt: new Date(r.created_at),
  }));
}
