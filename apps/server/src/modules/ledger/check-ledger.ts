import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/** One broken invariant found by checkLedger. */
export interface LedgerProblem {
  kind:
    | 'entry_unbalanced'
    | 'running_total_mismatch'
    | 'pending_mismatch'
    | 'negative_balance'
    | 'entry_without_transfers';
  id: string;
  detail: string;
}

/** The outcome of checkLedger. */
export interface LedgerCheckResult {
  ok: boolean;
  accounts: number;
  entries: number;
  transfers: number;
  problems: LedgerProblem[];
}

const LIMIT = 100;

/**
 * Verifies the ledger's invariants from scratch: every entry has transfers, all in the entry's currency
 * between accounts of that currency (a transfer debits and credits the same amount, so an entry sums to
 * zero by construction); every account's running totals equal the sums of its transfers and pending
 * holds; no no-negative account is below zero. At most 100 problems of each kind are listed.
 */
export async function checkLedger(db: DbOrTx): Promise<LedgerCheckResult> {
  const counts = await db.execute<{ accounts: number; entries: number; transfers: number }>(sql`
    SELECT (SELECT count(*) FROM ledger_accounts)::int8 AS accounts,
      (SELECT count(*) FROM ledger_entries)::int8 AS entries,
      (SELECT count(*) FROM ledger_transfers)::int8 AS transfers`);
  const problems: LedgerProblem[] = [];
  const empty = await db.execute<{ id: string }>(sql`
    SELECT e.id FROM ledger_entries e
    WHERE NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.entry_id = e.id) ORDER BY e.id LIMIT ${LIMIT}`);
  for (const r of empty.rows)
    problems.push({ kind: 'entry_without_transfers', id: r.id, detail: 'no transfers' });
  const unbalanced = await db.execute<{ id: string; detail: string }>(sql`
    SELECT DISTINCT e.id, format('entry %s, transfer %s %s, accounts %s/%s', e.currency, t.currency, t.amount,
      d.currency, c.currency) AS detail
    FROM ledger_transfers t
    JOIN ledger_entries e ON e.id = t.entry_id
    JOIN ledger_accounts d ON d.id = t.debit_account_id
    JOIN ledger_accounts c ON c.id = t.credit_account_id
    WHERE t.currency <> e.currency OR d.currency <> t.currency OR c.currency <> t.currency OR t.amount <= 0
    LIMIT ${LIMIT}`);
  for (const r of unbalanced.rows) problems.push({ kind: 'entry_unbalanced', id: r.id, detail: r.detail });
  const totals = await db.execute<{
    id: string;
    code: string;
    dp: number;
    cp: number;
    dpe: number;
    cpe: number;
    sdp: number;
    scp: number;
    sdpe: number;
    scpe: number;
  }>(sql`
    SELECT a.id, a.code, a.debits_posted AS dp, a.credits_posted AS cp, a.debits_pending AS dpe,
      a.credits_pending AS cpe,
      COALESCE(td.s, 0)::int8 AS sdp, COALESCE(tc.s, 0)::int8 AS scp,
      COALESCE(hd.s, 0)::int8 AS sdpe, COALESCE(hc.s, 0)::int8 AS scpe
    FROM ledger_accounts a
    LEFT JOIN (SELECT debit_account_id id, SUM(amount) s FROM ledger_transfers GROUP BY 1) td ON td.id = a.id
    LEFT JOIN (SELECT credit_account_id id, SUM(amount) s FROM ledger_transfers GROUP BY 1) tc ON tc.id = a.id
    LEFT JOIN (SELECT debit_account_id id, SUM(amount) s FROM ledger_holds WHERE status = 'pending' GROUP BY 1) hd
      ON hd.id = a.id
    LEFT JOIN (SELECT credit_account_id id, SUM(amount) s FROM ledger_holds WHERE status = 'pending' GROUP BY 1) hc
      ON hc.id = a.id
    WHERE a.debits_posted <> COALESCE(td.s, 0) OR a.credits_posted <> COALESCE(tc.s, 0)
      OR a.debits_pending <> COALESCE(hd.s, 0) OR a.credits_pending <> COALESCE(hc.s, 0)
    LIMIT ${LIMIT}`);
  for (const r of totals.rows) {
    if (r.dp !== r.sdp || r.cp !== r.scp) {
      problems.push({
        kind: 'running_total_mismatch',
        id: r.id,
        detail: `${r.code}: debits ${r.dp} vs ${r.sdp}, credits ${r.cp} vs ${r.scp}`,
      });
    }
    if (r.dpe !== r.sdpe || r.cpe !== r.scpe) {
      problems.push({
        kind: 'pending_mismatch',
        id: r.id,
        detail: `${r.code}: pending debits ${r.dpe} vs ${r.sdpe}, pending credits ${r.cpe} vs ${r.scpe}`,
      });
    }
  }
  const negative = await db.execute<{ id: string; code: string; available: number }>(sql`
    SELECT id, code, CASE WHEN normal_side = 'credit' THEN credits_posted - debits_posted - debits_pending
      ELSE debits_posted - credits_posted - credits_pending END AS available
    FROM ledger_accounts
    WHERE no_negative AND CASE WHEN normal_side = 'credit' THEN credits_posted - debits_posted - debits_pending
      ELSE debits_posted - credits_posted - credits_pending END < 0
    LIMIT ${LIMIT}`);
  for (const r of negative.rows) {
    problems.push({ kind: 'negative_balance', id: r.id, detail: `${r.code}: available ${r.available}` });
  }
  const c = counts.rows[0]!;
  return {
    ok: problems.length === 0,
    accounts: c.accounts,
    entries: c.entries,
    transfers: c.transfers,
    problems,
  };
}
