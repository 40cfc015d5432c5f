import type { PriceQuote, PricingRules } from '@kameng/shared';
import { AppError } from '../../lib/app-error';

/** Largest amount of money a quote may reach (the `fen` schema's maximum: 100 million yuan). */
export const MAX_QUOTE_FEN = 100_000_000_00;

/** A coupon's discount, after `validateCoupon` accepted it for this purchase. */
export interface CouponDiscount {
  kind: 'percent' | 'fixed';
  /** percent: 1–100 (% off); fixed: fen off. */
  value: number;
}

/** What `quotePrice` needs: the SKU's price and rules, the product's quantity bounds, the clock. */
export interface QuoteInput {
  sku: { price: number; pricing: PricingRules };
  product: { minQty: number; maxQty: number | null };
  quantity: number;
  now: Date;
  coupon?: CouponDiscount | null;
}

/** The money part of a price quote (the caller adds the SKU id and the coupon's code/rejection). */
export type QuoteResult = Pick<
  PriceQuote,
  | 'quantity'
  | 'deliveredQuantity'
  | 'freeUnits'
  | 'unitPrice'
  | 'unitPriceSource'
  | 'subtotal'
  | 'discount'
  | 'total'
>;

/**
 * The one price computation (storefront, checkout, open API). All money is integer fen.
 *
 * - `quantity` (units paid for) must lie in [minQty, maxQty], else QUANTITY_OUT_OF_RANGE.
 * - Unit price = the lowest of: the base price; the highest wholesale tier with minQty ≤ quantity;
 *   the limited price while now ∈ [startsAt, endsAt) (start inclusive, end exclusive). On a tie the
 *   earlier source in base → tier → limited wins.
 * - Buy N get M: the buyer pays `quantity` units and receives quantity + floor(quantity / N) × M.
 * - Coupon: percent → floor(subtotal × value / 100) — the discount rounds down, in the merchant's
 *   favour, by at most one fen; fixed → min(value, subtotal). The total is never negative.
 * - A subtotal above MAX_QUOTE_FEN is refused as QUANTITY_OUT_OF_RANGE (keeps every product exact).
 */
export function quotePrice(input: QuoteInput): QuoteResult {
  const { sku, product, quantity, now } = input;
  assertFen(sku.price);
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new AppError('QUANTITY_OUT_OF_RANGE');
  if (quantity < product.minQty || (product.maxQty !== null && quantity > product.maxQty)) {
    throw new AppError('QUANTITY_OUT_OF_RANGE', { min: product.minQty, max: product.maxQty });
  }

  let unitPrice = sku.price;
  let unitPriceSource: QuoteResult['unitPriceSource'] = 'base';
  // The highest tier reached wins, whatever order the table is stored in.
  let reached: { minQty: number; unitPrice: number } | undefined;
  for (const tier of sku.pricing.tiers) {
    if (tier.minQty <= quantity && (!reached || tier.minQty > reached.minQty)) reached = tier;
  }
  if (reached && reached.unitPrice < unitPrice) {
    unitPrice = reached.unitPrice;
    unitPriceSource = 'tier';
  }
  const limited = sku.pricing.limited;
  if (limited) {
    const t = now.getTime();
    const active = t >= Date.parse(limited.startsAt) && t < Date.parse(limited.endsAt);
    if (active && limited.price < unitPrice) {
      unitPrice = limited.price;
      unitPriceSource = 'limited';
    }
  }
  assertFen(unitPrice);

  const subtotal = unitPrice * quantity;
  if (!Number.isSafeInteger(subtotal) || subtotal > MAX_QUOTE_FEN) {
    throw new AppError('QUANTITY_OUT_OF_RANGE', { reason: 'total_too_large' });
  }
  const bonus = sku.pricing.buyNGetM;
  const freeUnits = bonus ? Math.floor(quantity / bonus.buy) * bonus.free : 0;

  let discount = 0;
  const coupon = input.coupon;
  if (coupon) {
    assertFen(coupon.value);
    if (coupon.kind === 'percent') {
      const percent = Math.min(Math.max(coupon.value, 0), 100);
      // subtotal ≤ 1e10 and percent ≤ 100: the product stays far below 2^53, so this is exact.
      discount = Math.floor((subtotal * percent) / 100);
    } else {
      discount = Math.min(coupon.value, subtotal);
    }
  }
  discount = Math.min(Math.max(discount, 0), subtotal);
  return {
    quantity,
    deliveredQuantity: quantity + freeUnits,
    freeUnits,
    unitPrice,
    unitPriceSource,
    subtotal,
    discount,
    total: subtotal - discount,
  };
}

function assertFen(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not an amount of fen: ${value}`);
}
