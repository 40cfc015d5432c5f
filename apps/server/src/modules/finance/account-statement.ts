import type { ResellerStatementQuery, StatementLine, StatementPage } from '@kameng/shared';
import type { DbOrTx } from '../../db/client';
import type { AccountSpec } from '../ledger/accounts';
import { getBalance, listTransfers } from '../ledger/balances';

/** One page of an account's statement (newest first), in the API shape; empty for an unused account. */
export async function accountStatement(
  db: DbOrTx,
  spec: AccountSpec,
  q: Omit<ResellerStatementQuery, 'limit'> & { limit: number },
): Promise<StatementPage> {
  const { accountId } = await getBalance(db, spec);
  if (!accountId) return { items: [], nextBefore: null };
  const lines = await listTransfers(db, accountId, {
    limit: q.limit,
    ...(q.before ? { before: q.before } : {}),
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
  });
  const items: StatementLine[] = lines.map((l) => ({
    transferId: l.transferId,
    entryId: l.entryId,
    kind: l.kind,
    memo: l.memo,
    reference: l.reference,
    direction: l.direction,
    amount: l.amount,
    balanceAfter: l.balanceAfter,
    createdAt: l.createdAt.toISOString(),
  }));
  return { items, nextBefore: items.length === q.limit ? items.at(-1)!.transferId : null };
}

/** Every line matching the filters, page by page (for CSV export), at most `max` lines. */
export async function* allStatementLines(
  db: DbOrTx,
  spec: AccountSpec,
  q: Omit<ResellerStatementQuery, 'limit' | 'before'>,
  max = 100_000,
): AsyncGenerator<StatementLine> {
  let before: number | undefined;
  let n = 0;
  for (;;) {
    const page = await accountStatement(db, spec, { ...q, limit: 500, ...(before ? { before } : {}) });
    for (const line of page.items) {
      if (n++ >= max) return;
      yield line;
    }
    if (page.nextBefore === null) return;
    before = page.nextBefore;
  }
}
