import type { Coupon, CreateCouponBody } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors';
import { AppError } from '../../lib/app-error';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { checkCouponInput } from './check-coupon-input';
import { couponValues } from './create-coupon';
import { couponDto } from './list-coupons';
import { coupons } from './schema';

/** Replaces a coupon's settings (its use count stays); another merchant's coupon is NOT_FOUND. */
export async function updateCoupon(ctx: Ctx, id: string, input: CreateCouponBody): Promise<Coupon> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  await checkCouponInput(ctx, merchantId, input);
  try {
    const [row] = await withTx(ctx, (tx) =>
      tx.db
        .update(coupons)
        .set(couponValues(input))
        .where(and(eq(coupons.id, id), eq(coupons.merchantId, merchantId)))
        .returning(),
    );
    if (!row) throw new AppError('NOT_FOUND');
    return couponDto(row);
  } catch (err) {
    if (isUniqueViolation(err, 'coupons_merchant_code_key')) throw new AppError('COUPON_CODE_TAKEN');
    throw err;
  }
}
