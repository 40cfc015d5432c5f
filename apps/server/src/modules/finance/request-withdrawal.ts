import type { RequestWithdrawalBody, Withdrawal, WithdrawalRules } from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireUser, tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { createHold } from '../ledger/holds';
import { getFinanceSettings } from './finance-settings';
import { getMerchantBalance } from './merchant-balance';
import { findOwnPayoutAccount } from './payout-accounts';
import { financeWithdrawals } from './schema';
import { getWithdrawalDto } from './withdrawal-dto';

/** The minimum, fee and withdrawable balance a merchant sees before requesting (finance.read). */
export async function getWithdrawalRules(ctx: Ctx): Promise<WithdrawalRules> {
  const merchantId = tenantOf(ctx, 'finance.read');
  const s = await getFinanceSettings(ctx.db);
  const balance = await getMerchantBalance(ctx.db, merchantId);
  return {
    currency: 'CNY',
    minimum: s.withdrawalMinimum,
    fee: s.withdrawalFee,
    available: balance.available,
  };
}

/**
 * Requests a withdrawal (finance.withdraw) to one of the merchant's payout accounts: checks the
 * minimum (and that the fee leaves something to pay), then holds the amount merchant_available →
 * merchant_withdrawing at once. Above the available balance the ledger refuses
 * (LEDGER_INSUFFICIENT_FUNDS) and nothing is stored. The fee is fixed at request time. Audited.
 */
export async function requestWithdrawal(ctx: Ctx, body: RequestWithdrawalBody): Promise<Withdrawal> {
  const merchantId = tenantOf(ctx, 'finance.withdraw');
  const user = requireUser(ctx);
  return withTx(ctx, async (tx) => {
    await findOwnPayoutAccount(tx, merchantId, body.payoutAccountId);
    const s = await getFinanceSettings(tx.db);
    if (body.amount < s.withdrawalMinimum || body.amount <= s.withdrawalFee) {
      throw new AppError('WITHDRAWAL_BELOW_MINIMUM', {
        minimum: Math.max(s.withdrawalMinimum, s.withdrawalFee + 1),
        fee: s.withdrawalFee,
      });
    }
    const id = randomUUID();
    const currency = 'CNY';
    await tx.db.insert(financeWithdrawals).values({
      id,
      merchantId,
      payoutAccountId: body.payoutAccountId,
      amount: body.amount,
      fee: s.withdrawalFee,
      currency,
      requestedBy: user.userId,
    });
    const { holdId } = await createHold(tx, {
      idempotencyKey: `withdrawal:${id}:hold`,
      debit: { type: 'merchant_available', ownerId: merchantId, currency },
      credit: { type: 'merchant_withdrawing', ownerId: merchantId, currency },
      amount: body.amount,
      currency,
      reference: { type: 'withdrawal', id },
    });
    await tx.db.update(financeWithdrawals).set({ holdId }).where(eq(financeWithdrawals.id, id));
    await appendAudit(tx, {
      action: 'finance.withdrawal.request',
      targetType: 'withdrawal',
      targetId: id,
      merchantId,
      data: { amount: body.amount, fee: s.withdrawalFee, payoutAccountId: body.payoutAccountId },
    });
    return getWithdrawalDto(tx.db, id);
  });
}
