import type { CreatePayoutAccountBody, PayoutAccount, UpdatePayoutAccountBody } from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { maskAccountNumber, normaliseAccountNumber } from './mask-account-number';
import { financePayoutAccounts } from './schema';

type Row = typeof financePayoutAccounts.$inferSelect;

/** The API shape: the number only masked. */
export function payoutAccountDto(r: Row): PayoutAccount {
  return {
    id: r.id,
    kind: r.kind,
    holderName: r.holderName,
    accountMasked: r.accountMasked,
    bankName: r.bankName,
    label: r.label,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The caller's merchant's payout accounts (finance.read). */
export async function listPayoutAccounts(ctx: Ctx): Promise<PayoutAccount[]> {
  const merchantId = tenantOf(ctx, 'finance.read');
  const rows = await ctx.db
    .select()
    .from(financePayoutAccounts)
    .where(and(eq(financePayoutAccounts.merchantId, merchantId), eq(financePayoutAccounts.deleted, false)))
    .orderBy(asc(financePayoutAccounts.createdAt));
  return rows.map(payoutAccountDto);
}

/** A live payout account of `merchantId`, locked, or NOT_FOUND (another merchant's is simply not found). */
export async function findOwnPayoutAccount(ctx: Ctx, merchantId: string, id: string): Promise<Row> {
  const [row] = await ctx.db
    .select()
    .from(financePayoutAccounts)
    .where(
      and(
        eq(financePayoutAccounts.id, id),
        eq(financePayoutAccounts.merchantId, merchantId),
        eq(financePayoutAccounts.deleted, false),
      ),
    )
    .for('update');
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Saves a payout account (finance.withdraw): the number is checked, encrypted (aad `payout:<id>`) and masked. Audited. */
export async function createPayoutAccount(ctx: Ctx, body: CreatePayoutAccountBody): Promise<PayoutAccount> {
  const merchantId = tenantOf(ctx, 'finance.withdraw');
  const number = normaliseAccountNumber(body.kind, body.accountNumber);
  if (body.kind === 'bank' && !body.bankName)
    throw new AppError('PAYOUT_ACCOUNT_INVALID', { bankName: 'required' });
  const id = randomUUID();
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(financePayoutAccounts)
      .values({
        id,
        merchantId,
        kind: body.kind,
        holderName: body.holderName,
        accountNumberEnc: tx.box.encrypt(number, `payout:${id}`),
        accountMasked: maskAccountNumber(body.kind, number),
        bankName: body.bankName ?? null,
        label: body.label ?? null,
      })
      .returning();
    await appendAudit(tx, {
      action: 'finance.payout_account.create',
      targetType: 'payout_account',
      targetId: id,
      merchantId,
      data: { kind: body.kind, accountMasked: row!.accountMasked },
    });
    return payoutAccountDto(row!);
  });
}

/** Renames or relabels a payout account (finance.withdraw); the number itself cannot change — add a new one. */
export async function updatePayoutAccount(
  ctx: Ctx,
  id: string,
  body: UpdatePayoutAccountBody,
): Promise<PayoutAccount> {
  const merchantId = tenantOf(ctx, 'finance.withdraw');
  return withTx(ctx, async (tx) => {
    const before = await findOwnPayoutAccount(tx, merchantId, id);
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    if (before.kind === 'bank' && patch.bankName === null)
      throw new AppError('PAYOUT_ACCOUNT_INVALID', { bankName: 'required' });
    const [row] = Object.keys(patch).length
      ? await tx.db
          .update(financePayoutAccounts)
          .set(patch)
          .where(eq(financePayoutAccounts.id, id))
          .returning()
      : [before];
    await appendAudit(tx, {
      action: 'finance.payout_account.update',
      targetType: 'payout_account',
      targetId: id,
      merchantId,
      data: { patch },
    });
    return payoutAccountDto(row!);
  });
}

/** Removes a payout account from the list (finance.withdraw); withdrawals already made keep their link. */
export async function deletePayoutAccount(ctx: Ctx, id: string): Promise<void> {
  const merchantId = tenantOf(ctx, 'finance.withdraw');
  await withTx(ctx, async (tx) => {
    await findOwnPayoutAccount(tx, merchantId, id);
    await tx.db.update(financePayoutAccounts).set({ deleted: true }).where(eq(financePayoutAccounts.id, id));
    await appendAudit(tx, {
      action: 'finance.payout_account.delete',
      targetType: 'payout_account',
      targetId: id,
      merchantId,
    });
  });
}
