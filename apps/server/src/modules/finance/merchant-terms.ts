import type { MerchantTerms, PutMerchantTermsBody, SettlementDays } from '@kameng/shared';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { merchants } from '../merchants/schema';
import { getFinanceSettings } from './finance-settings';
import { financeMerchantTerms } from './schema';

/** A merchant's settlement cycle and commission: its own row, else the platform defaults. */
export async function getMerchantTerms(db: DbOrTx, merchantId: string): Promise<MerchantTerms> {
  const [row] = await termsOf(db, { merchantId });
  if (row) {
    return {
      merchantId,
      settlementDays: row.settlementDays as SettlementDays,
      commissionBps: row.commissionBps,
      custom: true,
    };
  }
  const s = await getFinanceSettings(db);
  return {
    merchantId,
    settlementDays: s.defaultSettlementDays,
    commissionBps: s.defaultCommissionBps,
    custom: false,
  };
}

/** Sets a merchant's own terms (admin); applies to payments recorded from now on. Audited. */
export async function putMerchantTerms(
  ctx: Ctx,
  merchantId: string,
  body: PutMerchantTermsBody,
): Promise<MerchantTerms> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [m] = await tx.db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId));
    if (!m) throw new AppError('NOT_FOUND');
    const before = await getMerchantTerms(tx.db, merchantId);
    await tx.db
      .insert(financeMerchantTerms)
      .values({ merchantId, ...body })
      .onConflictDoUpdate({
        target: financeMerchantTerms.merchantId,
        set: { ...body, updatedAt: sql`now()` },
      });
    const after = await getMerchantTerms(tx.db, merchantId);
    await appendAudit(tx, {
      action: 'finance.merchant_terms.put',
      targetType: 'merchant',
      targetId: merchantId,
      merchantId,
      data: { before, after },
    });
    return after;
  });
}

/** Drops a merchant's own terms so the platform defaults apply again (admin). Audited. */
export async function resetMerchantTerms(ctx: Ctx, merchantId: string): Promise<MerchantTerms> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [m] = await tx.db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId));
    if (!m) throw new AppError('NOT_FOUND');
    const before = await getMerchantTerms(tx.db, merchantId);
    await tx.db.delete(financeMerchantTerms).where(eq(financeMerchantTerms.merchantId, merchantId));
    const after = await getMerchantTerms(tx.db, merchantId);
    await appendAudit(tx, {
      action: 'finance.merchant_terms.reset',
      targetType: 'merchant',
      targetId: merchantId,
      merchantId,
      data: { before, after },
    });
    return after;
  });
}

const termsOf = prepared('merchant_terms_of', (db) =>
  db
    .select()
    .from(financeMerchantTerms)
    .where(eq(financeMerchantTerms.merchantId, sql.placeholder('merchantId'))),
);
