import type { Withdrawal } from '@kameng/shared';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { merchants } from '../merchants/schema';
import { payoutAccountDto } from './payout-accounts';
import { financePayoutAccounts, financeWithdrawals } from './schema';

/** Withdrawals matching `where`, newest first, in their API shape (merchant name and masked payout account). */
export async function selectWithdrawals(
  db: DbOrTx,
  where: SQL | undefined,
  limit: number,
): Promise<Withdrawal[]> {
  const rows = await db
    .select({ w: financeWithdrawals, a: financePayoutAccounts, merchantName: merchants.name })
    .from(financeWithdrawals)
    .innerJoin(financePayoutAccounts, eq(financePayoutAccounts.id, financeWithdrawals.payoutAccountId))
    .innerJoin(merchants, eq(merchants.id, financeWithdrawals.merchantId))
    .where(where)
    .orderBy(desc(financeWithdrawals.createdAt), desc(financeWithdrawals.id))
    .limit(limit);
  return rows.map(({ w, a, merchantName }) => ({
    id: w.id,
    merchantId: w.merchantId,
    merchantName,
    payoutAccount: payoutAccountDto(a),
    amount: w.amount,
    fee: w.fee,
    netAmount: w.amount - w.fee,
    currency: w.currency,
    status: w.status,
    reason: w.reason,
    payoutReference: w.payoutReference,
    requestedBy: w.requestedBy,
    reviewedBy: w.reviewedBy,
    createdAt: w.createdAt.toISOString(),
    reviewedAt: w.reviewedAt?.toISOString() ?? null,
    completedAt: w.completedAt?.toISOString() ?? null,
  }));
}

/** One withdrawal (optionally only if it belongs to `merchantId`), or NOT_FOUND. */
export async function getWithdrawalDto(db: DbOrTx, id: string, merchantId?: string): Promise<Withdrawal> {
  const [w] = await selectWithdrawals(
    db,
    and(
      eq(financeWithdrawals.id, id),
      merchantId ? eq(financeWithdrawals.merchantId, merchantId) : undefined,
    ),
    1,
  );
  if (!w) throw new AppError('NOT_FOUND');
  return w;
}
