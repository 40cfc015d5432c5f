import type { AdminMerchantFinance, FinanceOverview, StatementQuery } from '@kameng/shared';
import { eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { ledgerAccounts } from '../ledger/schema';
import { merchants } from '../merchants/schema';
import { accountStatement } from './account-statement';
import { getMerchantBalance } from './merchant-balance';
import { merchantAccountSpec } from './merchant-statement';
import { getMerchantTerms } from './merchant-terms';
import { financeWithdrawals } from './schema';

/**
 * The platform's money at a glance (admin), from the ledger's running totals (a read of the ledger's
 * accounts table, grouped by type): fee revenue, channel fees, cash per channel, what is owed to
 * merchants and resellers, and the withdrawals waiting for review or payment.
 */
export async function getFinanceOverview(ctx: Ctx, currency = 'CNY'): Promise<FinanceOverview> {
  requireAdmin(ctx);
  const normal = sql<number>`SUM(CASE WHEN ${ledgerAccounts.normalSide} = 'credit'
    THEN ${ledgerAccounts.creditsPosted} - ${ledgerAccounts.debitsPosted}
    ELSE ${ledgerAccounts.debitsPosted} - ${ledgerAccounts.creditsPosted} END)::int8`;
  const held = sql<number>`SUM(CASE WHEN ${ledgerAccounts.normalSide} = 'credit'
    THEN ${ledgerAccounts.debitsPending} ELSE ${ledgerAccounts.creditsPending} END)::int8`;
  const rows = await ctx.db
    .select({ type: ledgerAccounts.type, ownerId: ledgerAccounts.ownerId, posted: normal, held })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.currency, currency))
    .groupBy(ledgerAccounts.type, ledgerAccounts.ownerId);
  const sum = (type: string, field: 'posted' | 'held' = 'posted') =>
    rows.filter((r) => r.type === type).reduce((a, r) => a + Number(r[field]), 0);
  const counts = await ctx.db
    .select({ status: financeWithdrawals.status, n: sql<number>`count(*)::int` })
    .from(financeWithdrawals)
    .where(inArray(financeWithdrawals.status, ['requested', 'approved']))
    .groupBy(financeWithdrawals.status);
  const count = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  return {
    currency,
    platformFeeRevenue: sum('platform_fee_revenue'),
    channelFeeExpense: sum('channel_fee_expense'),
    cashByChannel: rows
      .filter((r) => r.type === 'platform_cash')
      .map((r) => ({ channelId: r.ownerId ?? '', amount: Number(r.posted) }))
      .sort((a, b) => a.channelId.localeCompare(b.channelId)),
    merchantLiabilities: {
      pending: sum('merchant_pending'),
      available: sum('merchant_available') - sum('merchant_available', 'held'),
      withdrawing: sum('merchant_available', 'held') + sum('merchant_withdrawing'),
      receivable: sum('merchant_receivable'),
    },
    resellerBalances: sum('reseller_balance'),
    withdrawals: { requested: count('requested'), approved: count('approved') },
  };
}

/** One merchant's finances for the admin: balances, terms and a statement page. */
export async function getAdminMerchantFinance(
  ctx: Ctx,
  merchantId: string,
  q: StatementQuery,
): Promise<AdminMerchantFinance> {
  requireAdmin(ctx);
  const [m] = await ctx.db
    .select({ name: merchants.name })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  if (!m) throw new AppError('NOT_FOUND');
  return {
    merchantId,
    merchantName: m.name,
    balance: await getMerchantBalance(ctx.db, merchantId),
    terms: await getMerchantTerms(ctx.db, merchantId),
    statement: await accountStatement(ctx.db, merchantAccountSpec(merchantId, q.account), q),
  };
}
