import type { SandboxTopUpResult } from '@kameng/shared';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { resellerOf } from '../resellers/reseller-of';
import { resellerAccounts } from '../resellers/schema';
import { apiSandboxBalances } from './schema';

/** The most test money one sandbox balance may hold (¥1,000,000), so a loop of top-ups cannot overflow int4. */
export const MAX_SANDBOX_BALANCE = 100_000_000;

/** A reseller's sandbox (test money) balance; 0 when never topped up. */
export async function getSandboxBalance(db: DbOrTx, resellerId: string): Promise<number> {
  const [row] = await db
    .select({ balance: apiSandboxBalances.balance })
    .from(apiSandboxBalances)
    .where(eq(apiSandboxBalances.resellerId, resellerId));
  return row?.balance ?? 0;
}

/**
 * Adds test money to the signed-in reseller's sandbox balance (never the ledger: it buys nothing real).
 * Allowed once API access is requested or approved; the balance is capped at MAX_SANDBOX_BALANCE.
 */
export async function topUpSandbox(ctx: Ctx, amount: number): Promise<SandboxTopUpResult> {
  const resellerId = await resellerOf(ctx);
  return withTx(ctx, async (tx) => {
    const [r] = await tx.db
      .select({ apiStatus: resellerAccounts.apiStatus })
      .from(resellerAccounts)
      .where(eq(resellerAccounts.id, resellerId));
    if (r?.apiStatus !== 'pending' && r?.apiStatus !== 'approved') {
      throw new AppError('API_ACCESS_NOT_APPROVED', { apiStatus: r?.apiStatus ?? 'none' });
    }
    const [row] = await tx.db
      .insert(apiSandboxBalances)
      .values({ resellerId, balance: amount, updatedAt: tx.now() })
      .onConflictDoUpdate({
        target: apiSandboxBalances.resellerId,
        set: { balance: sql`${apiSandboxBalances.balance} + ${amount}`, updatedAt: tx.now() },
        setWhere: sql`${apiSandboxBalances.balance} + ${amount} <= ${MAX_SANDBOX_BALANCE}`,
      })
      .returning({ balance: apiSandboxBalances.balance });
    if (!row || row.balance > MAX_SANDBOX_BALANCE) {
      throw new AppError('VALIDATION_FAILED', {
        issues: [{ path: '/amount', message: `the sandbox balance may hold at most ${MAX_SANDBOX_BALANCE}` }],
      });
    }
    return { available: row.balance, currency: 'CNY' };
  });
}
