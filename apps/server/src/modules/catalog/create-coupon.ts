import type { Coupon, CreateCouponBody } from '@kameng/shared';
import { isUniqueViolation } from '../../db/errors';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { checkCouponInput } from './check-coupon-input';
import { couponDto } from './list-coupons';
import { coupons } from './schema';

/** The stored form of a coupon's settings (codes are upper-case, so uniqueness is case-insensitive). */
export function couponValues(input: CreateCouponBody) {
  return {
    code: input.code.toUpperCase(),
    kind: input.kind,
    value: input.value,
    scope: input.scope,
    scopeId: input.scopeId,
    minSpend: input.minSpend,
    totalLimit: input.totalLimit,
    perBuyerLimit: input.perBuyerLimit,
    startsAt: input.startsAt ? new Date(input.startsAt) : null,
    endsAt: input.endsAt ? new Date(input.endsAt) : null,
    active: input.active,
  };
}

/** Creates a coupon; a code the merchant already uses (in any letter case) is COUPON_CODE_TAKEN. */
export async function createCoupon(ctx: Ctx, input: CreateCouponBody): Promise<Coupon> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  await checkCouponInput(ctx, merchantId, input);
  try {
    const [row] = await withTx(ctx, (tx) =>
      tx.db
        .insert(coupons)
        .values({ merchantId, ...couponValues(input) })
        .returning(),
    );
    return couponDto(row!);
  } catch (err) {
    if (isUniqueViolation(err, 'coupons_merchant_code_key')) throw new AppError('COUPON_CODE_TAKEN');
    throw err;
  }
}
