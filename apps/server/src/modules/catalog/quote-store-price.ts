import type { PriceQuote } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { merchants } from '../merchants/schema';
import { quotePrice } from './quote-price';
import { products, skus } from './schema';
import { storeVisible } from './store-cards';
import { validateCoupon } from './validate-coupon';

/**
 * The storefront's live price: `quotePrice` for a sellable SKU (else PRODUCT_NOT_AVAILABLE), with the
 * coupon applied when `validateCoupon` accepts it. A coupon that does not apply is not an error: the
 * quote comes back undiscounted with `coupon.applied = false` and the typed rejection.
 */
export async function quoteStorePrice(
  ctx: Ctx,
  input: { skuId: string; quantity: number; coupon?: string | undefined },
): Promise<PriceQuote> {
  const [row] = await ctx.db
    .select({
      price: skus.price,
      pricing: skus.pricing,
      productId: products.id,
      merchantId: products.merchantId,
      categoryId: products.categoryId,
      minQty: products.minQty,
      maxQty: products.maxQty,
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .innerJoin(merchants, eq(merchants.id, products.merchantId))
    .where(and(eq(skus.id, input.skuId), eq(skus.archived, false), storeVisible));
  if (!row) throw new AppError('PRODUCT_NOT_AVAILABLE');
  const now = ctx.now();
  const base = { sku: row, product: row, quantity: input.quantity, now };
  const plain = quotePrice(base);
  const code = input.coupon?.trim();
  if (!code) return { skuId: input.skuId, ...plain, coupon: null };

  const check = await validateCoupon(ctx.db, row.merchantId, code, {
    skuId: input.skuId,
    productId: row.productId,
    categoryId: row.categoryId,
    subtotal: plain.subtotal,
    now,
    buyerUses: 0,
  });
  if (!check.ok) {
    return {
      skuId: input.skuId,
      ...plain,
      coupon: { code: code.toUpperCase(), applied: false, rejection: check.reason },
    };
  }
  return {
    skuId: input.skuId,
    ...quotePrice({ ...base, coupon: check.coupon }),
    coupon: { code: check.coupon.code, applied: true, rejection: null },
  };
}
