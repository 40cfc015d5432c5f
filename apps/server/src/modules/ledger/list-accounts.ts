import { and, asc, eq, type SQL } from 'drizzle-orm';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { normalBalance, type AccountType } from './accounts';
import { ledgerAccounts } from './schema';

/** An account with its balance on the normal side, as the admin sees it. */
export interface AccountView {
  id: string;
  code: string;
  type: AccountType;
  ownerId: string | null;
  currency: string;
  normalSide: 'debit' | 'credit';
  noNegative: boolean;
  posted: number;
  pending: number;
  available: number;
  createdAt: Date;
}

/** Ledger accounts filtered by owner and type, with balances (platform admin only; at most 500). */
export async function listAccounts(
  ctx: Ctx,
  query: { ownerId?: string; type?: AccountType; currency?: string },
): Promise<AccountView[]> {
  requireAdmin(ctx);
  const where: SQL[] = [];
  if (query.ownerId) where.push(eq(ledgerAccounts.ownerId, query.ownerId));
  if (query.type) where.push(eq(ledgerAccounts.type, query.type));
  if (query.currency) where.push(eq(ledgerAccounts.currency, query.currency));
  const rows = await ctx.db
    .select()
    .from(ledgerAccounts)
    .where(and(...where))
    .orderBy(asc(ledgerAccounts.code))
    .limit(500);
  return rows.map((a) => ({
    id: a.id,
    code: a.code,
    type: a.type,
    ownerId: a.ownerId,
    currency: a.currency,
    normalSide: a.normalSide,
    noNegative: a.noNegative,
    ...normalBalance(a),
    createdAt: a.createdAt,
  }));
}
