import type { Coupon } from '@kameng/shared';
import { and, desc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { coupons } from './schema';

/** The API shape of a coupon row. */
export function couponDto(c: typeof coupons.$inferSelect): Coupon {
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    value: c.value,
    scope: c.scope,
    scopeId: c.scopeId,
    minSpend: c.minSpend,
    totalLimit: c.totalLimit,
    perBuyerLimit: c.perBuyerLimit,
    startsAt: c.startsAt?.toISOString() ?? null,
    endsAt: c.endsAt?.toISOString() ?? null,
    active: c.active,
    usedCount: c.usedCount,
    createdAt: c.createdAt.toISOString(),
  };
}

/** The merchant's coupons, newest first. */
export async function listCoupons(ctx: Ctx): Promise<Coupon[]> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  const rows = await ctx.db
    .select()
    .from(coupons)
    .where(eq(coupons.merchantId, merchantId))
    .orderBy(desc(coupons.createdAt), desc(coupons.id));
  return rows.map(couponDto);
}

/** One of the merchant's coupons; another merchant's is NOT_FOUND. */
export async function getCoupon(ctx: Ctx, id: string): Promise<Coupon> {
  const merchantId = tenantOf(ctx, 'catalog.read');
  const [row] = await ctx.db
    .select()
    .from(coupons)
    .where(and(eq(coupons.id, id), eq(coupons.merchantId, merchantId)));
  if (!row) throw new AppError('NOT_FOUND');
  return couponDto(row);
}
