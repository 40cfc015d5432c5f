import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { checkLedger } from '../src/modules/ledger/check-ledger';
import type { TestEnv } from './env';

/**
 * Asserts the ledger invariants on a test database: checkLedger finds no problem, and per currency the
 * posted debits equal the posted credits (and the pending ones too) — the books sum to zero.
 * Call it at the end of every e2e test that moves money.
 */
export async function expectLedgerBalanced(env: Pick<TestEnv, 'db'>): Promise<void> {
  const result = await checkLedger(env.db);
  expect(result.problems).toEqual([]);
  expect(result.ok).toBe(true);
  const sums = await env.db.execute<{
    currency: string;
    dp: number;
    cp: number;
    dpe: number;
    cpe: number;
  }>(sql`
    SELECT currency, SUM(debits_posted)::int8 AS dp, SUM(credits_posted)::int8 AS cp,
      SUM(debits_pending)::int8 AS dpe, SUM(credits_pending)::int8 AS cpe
    FROM ledger_accounts GROUP BY currency`);
  for (const s of sums.rows) {
    expect({ currency: s.currency, posted: s.dp, pending: s.dpe }).toEqual({
      currency: s.currency,
      posted: s.cp,
      pending: s.cpe,
    });
  }
}
