import { merchantAgreementVersion, type RegisterMerchantBody } from '@kameng/shared';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { createUser } from '../accounts/create-user';
import { appendAudit } from '../audit/append-audit';
import { merchantMembers, merchants } from './schema';

/**
 * Merchant sign-up (入驻): the owner's account, the merchant in `pending_review` and the owner
 * membership, in one transaction. The current agreement version must be accepted.
 */
export async function registerMerchant(
  ctx: Ctx,
  input: RegisterMerchantBody,
): Promise<{ userId: string; merchantId: string }> {
  if (!input.acceptAgreement || input.agreementVersion !== merchantAgreementVersion) {
    throw new AppError('AGREEMENT_REQUIRED', { version: merchantAgreementVersion });
  }
  return withTx(ctx, async (tx) => {
    const userId = await createUser(tx, { ...input, locale: input.locale });
    const [merchant] = await tx.db
      .insert(merchants)
      .values({
        name: input.merchantName,
        kind: input.kind,
        contactEmail: input.email,
        contactPhone: input.contactPhone ?? null,
        agreementVersion: input.agreementVersion,
        agreementAcceptedAt: ctx.now(),
      })
      .returning({ id: merchants.id });
    await tx.db.insert(merchantMembers).values({ merchantId: merchant!.id, userId, role: 'owner' });
    await appendAudit(
      {
        ...tx,
        actor: { kind: 'user', userId, email: input.email, isPlatformAdmin: false, membership: null },
      },
      {
        action: 'merchant.register',
        targetType: 'merchant',
        targetId: merchant!.id,
        merchantId: merchant!.id,
        data: { name: input.merchantName, kind: input.kind, agreementVersion: input.agreementVersion },
      },
    );
    return { userId, merchantId: merchant!.id };
  });
}
