import type { CreateCouponBody } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { categories, products, skus } from './schema';

/**
 * A coupon's settings beyond zod: a consistent scope whose target is the merchant's (NOT_FOUND otherwise),
 * percent 1–100 and a window that ends after it starts (COUPON_INVALID), and a fixed amount no larger than
 * what it can apply to — the lowest live SKU price for a SKU/product scope, the minimum spend when one is
 * set (COUPON_EXCEEDS_PRICE).
 */
export async function checkCouponInput(ctx: Ctx, merchantId: string, input: CreateCouponBody): Promise<void> {
  if ((input.scope === 'all') !== (input.scopeId === null)) {
    throw new AppError('COUPON_INVALID', { reason: 'scope' });
  }
  if (input.kind === 'percent' && (input.value < 1 || input.value > 100)) {
    throw new AppError('COUPON_INVALID', { reason: 'percent' });
  }
  if (input.startsAt && input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    throw new AppError('COUPON_INVALID', { reason: 'window' });
  }
  if (input.scope !== 'all' && input.scopeId) {
    const lowest = await scopeLowestPrice(ctx, merchantId, input.scope, input.scopeId);
    if (input.kind === 'fixed' && lowest !== null && input.value > lowest) {
      throw new AppError('COUPON_EXCEEDS_PRICE', { lowestPrice: lowest });
    }
  }
  if (input.kind === 'fixed' && input.minSpend > 0 && input.value > input.minSpend) {
    throw new AppError('COUPON_EXCEEDS_PRICE', { minSpend: input.minSpend });
  }
}

/** Checks the scope target belongs to the merchant; for SKU/product scopes returns the lowest live price. */
async function scopeLowestPrice(
  ctx: Ctx,
  merchantId: string,
  scope: 'category' | 'product' | 'sku',
  scopeId: string,
): Promise<number | null> {
  if (scope === 'category') {
    const [row] = await ctx.db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, scopeId), eq(categories.merchantId, merchantId)));
    if (!row) throw new AppError('NOT_FOUND', { scopeId });
    return null;
  }
  if (scope === 'sku') {
    const [row] = await ctx.db
      .select({ price: skus.price })
      .from(skus)
      .where(and(eq(skus.id, scopeId), eq(skus.merchantId, merchantId)));
    if (!row) throw new AppError('NOT_FOUND', { scopeId });
    return row.price;
  }
  const [row] = await ctx.db
    .select({
      id: products.id,
      // Raw column names: Drizzle renders columns unqualified inside sql``, which a correlated subquery cannot use.
      lowest: sql<
        number | null
      >`(SELECT min(s.price) FROM skus s WHERE s.product_id = "products"."id" AND NOT s.archived)`,
    })
    .from(products)
    .where(and(eq(products.id, scopeId), eq(products.merchantId, merchantId)));
  if (!row) throw new AppError('NOT_FOUND', { scopeId });
  return row.lowest;
}
