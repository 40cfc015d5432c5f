import type { Withdrawal, WithdrawalListQuery } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { requireAdmin, tenantOf, type Ctx } from '../../lib/ctx';
import { financeWithdrawals } from './schema';
import { getWithdrawalDto, selectWithdrawals } from './withdrawal-dto';

/** The caller's merchant's withdrawals, newest first (finance.read). */
export async function listOwnWithdrawals(ctx: Ctx, q: WithdrawalListQuery): Promise<Withdrawal[]> {
  const merchantId = tenantOf(ctx, 'finance.read');
  return selectWithdrawals(
    ctx.db,
    and(
      eq(financeWithdrawals.merchantId, merchantId),
      q.status ? eq(financeWithdrawals.status, q.status) : undefined,
    ),
    q.limit,
  );
}

/** One of the caller's merchant's withdrawals (finance.read); another merchant's is NOT_FOUND. */
export async function getOwnWithdrawal(ctx: Ctx, id: string): Promise<Withdrawal> {
  return getWithdrawalDto(ctx.db, id, tenantOf(ctx, 'finance.read'));
}

/** The review queue (admin): every merchant's withdrawals, by status. */
export async function listWithdrawals(ctx: Ctx, q: WithdrawalListQuery): Promise<Withdrawal[]> {
  requireAdmin(ctx);
  return selectWithdrawals(ctx.db, q.status ? eq(financeWithdrawals.status, q.status) : undefined, q.limit);
}
