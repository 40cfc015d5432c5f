import type { StatementPage, StatementQuery } from '@kameng/shared';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { accountStatement, allStatementLines } from './account-statement';
import { statementCsvHeader, statementCsvRow } from './statement-csv';

const accountType = {
  pending: 'merchant_pending',
  available: 'merchant_available',
  withdrawing: 'merchant_withdrawing',
  receivable: 'merchant_receivable',
} as const;

/** The ledger spec of one of a merchant's balance accounts. */
export const merchantAccountSpec = (merchantId: string, account: StatementQuery['account']) => ({
  type: accountType[account],
  ownerId: merchantId,
});

/** The caller's merchant's statement for one account, filtered and paged (finance.read). */
export async function getMerchantStatement(ctx: Ctx, q: StatementQuery): Promise<StatementPage> {
  const merchantId = tenantOf(ctx, 'finance.read');
  return accountStatement(ctx.db, merchantAccountSpec(merchantId, q.account), q);
}

/**
 * The same statement as CSV lines (header first), every matching line up to 100,000 (finance.read).
 * Access is checked before the stream starts, so a refusal is a normal error response.
 */
export function merchantStatementCsv(ctx: Ctx, q: StatementQuery): AsyncGenerator<string> {
  const merchantId = tenantOf(ctx, 'finance.read');
  const { account, from, to, kind } = q;
  return csvLines(ctx, merchantAccountSpec(merchantId, account), { from, to, kind });
}

async function* csvLines(
  ctx: Ctx,
  spec: ReturnType<typeof merchantAccountSpec>,
  filters: { from?: string | undefined; to?: string | undefined; kind?: string | undefined },
): AsyncGenerator<string> {
  yield statementCsvHeader + '\n';
  for await (const line of allStatementLines(ctx.db, spec, filters)) yield statementCsvRow(line) + '\n';
}
