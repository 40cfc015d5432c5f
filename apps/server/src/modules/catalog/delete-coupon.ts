import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { coupons } from './schema';

/** Deletes a coupon; another merchant's is NOT_FOUND. */
export async function deleteCoupon(ctx: Ctx, id: string): Promise<void> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  const gone = await ctx.db
    .delete(coupons)
    .where(and(eq(coupons.id, id), eq(coupons.merchantId, merchantId)))
    .returning({ id: coupons.id });
  if (!gone.length) throw new AppError('NOT_FOUND');
}
