import type { AdjustmentBody, MerchantBalance } from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { postEntry } from '../ledger/post-entry';
import { merchants } from '../merchants/schema';
import { getMerchantBalance } from './merchant-balance';

/**
 * A manual correction of a merchant's available or pending balance (admin), with platform_equity on
 * the other side: a credit raises the merchant's balance, a debit lowers it (never below zero:
 * LEDGER_INSUFFICIENT_FUNDS). The reason is the entry's memo and goes into the audit log.
 */
export async function adjustMerchantBalance(
  ctx: Ctx,
  body: AdjustmentBody,
): Promise<{ entryId: string; balance: MerchantBalance }> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [m] = await tx.db
      .select({ id: merchants.id })
      .from(merchants)
      .where(eq(merchants.id, body.merchantId));
    if (!m) throw new AppError('NOT_FOUND');
    const currency = body.currency ?? 'CNY';
    const merchant = {
      type: body.account === 'available' ? 'merchant_available' : 'merchant_pending',
      ownerId: body.merchantId,
      currency,
    } as const;
    const equity = { type: 'platform_equity', currency } as const;
    const id = randomUUID();
    const { entryId } = await postEntry(tx, {
      idempotencyKey: `adjustment:${id}`,
      kind: 'adjustment',
      currency,
      memo: body.reason,
      reference: { type: 'adjustment', id },
      transfers: [
        body.direction === 'credit'
          ? { debit: equity, credit: merchant, amount: body.amount }
          : { debit: merchant, credit: equity, amount: body.amount },
      ],
    });
    await appendAudit(tx, {
      action: 'finance.adjustment',
      targetType: 'merchant',
      targetId: body.merchantId,
      merchantId: body.merchantId,
      data: { ...body, currency, entryId },
    });
    return { entryId, balance: await getMerchantBalance(tx.db, body.merchantId, currency) };
  });
}
