import type { CouponRejection } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { CouponDiscount } from './quote-price';
import { categories, coupons } from './schema';

/** A coupon that applies to a purchase: what `quotePrice` needs, plus its id and code for the order. */
export interface AcceptedCoupon extends CouponDiscount {
  id: string;
  code: string;
}

/** Why a coupon was or was not accepted: a typed result checkout, the open API and the web switch on. */
export type CouponCheck = { ok: true; coupon: AcceptedCoupon } | { ok: false; reason: CouponRejection };

/** The purchase a coupon is checked against. `subtotal` is before any discount, in fen. */
export interface CouponContext {
  skuId: string;
  productId: string;
  categoryId: string | null;
  subtotal: number;
  now: Date;
  /** Orders of this buyer that already used the coupon (from orders, later; 0 until then). */
  buyerUses: number;
}

/** The stored coupon fields the decision reads. */
export type CouponRow = Pick<
  typeof coupons.$inferSelect,
  | 'id'
  | 'code'
  | 'kind'
  | 'value'
  | 'scope'
  | 'scopeId'
  | 'minSpend'
  | 'totalLimit'
  | 'perBuyerLimit'
  | 'usedCount'
  | 'startsAt'
  | 'endsAt'
  | 'active'
>;

/**
 * The pure decision, first failing check wins: inactive → not_started (now < startsAt) → expired
 * (now ≥ endsAt) → exhausted (used ≥ total limit) → buyer_limit → out_of_scope → min_spend (subtotal <
 * minimum). `categoryIds` is the product's category and all its ancestors (a category coupon covers
 * its subcategories).
 */
export function decideCoupon(
  coupon: CouponRow | undefined,
  purchase: Omit<CouponContext, 'categoryId'> & { categoryIds: string[] },
): CouponCheck {
  if (!coupon) return { ok: false, reason: 'not_found' };
  const t = purchase.now.getTime();
  if (!coupon.active) return { ok: false, reason: 'inactive' };
  if (coupon.startsAt && t < coupon.startsAt.getTime()) return { ok: false, reason: 'not_started' };
  if (coupon.endsAt && t >= coupon.endsAt.getTime()) return { ok: false, reason: 'expired' };
  if (coupon.totalLimit !== null && coupon.usedCount >= coupon.totalLimit)
    return { ok: false, reason: 'exhausted' };
  if (coupon.perBuyerLimit !== null && purchase.buyerUses >= coupon.perBuyerLimit) {
    return { ok: false, reason: 'buyer_limit' };
  }
  const inScope =
    coupon.scope === 'all' ||
    (coupon.scope === 'sku' && coupon.scopeId === purchase.skuId) ||
    (coupon.scope === 'product' && coupon.scopeId === purchase.productId) ||
    (coupon.scope === 'category' && coupon.scopeId !== null && purchase.categoryIds.includes(coupon.scopeId));
  if (!inScope) return { ok: false, reason: 'out_of_scope' };
  if (purchase.subtotal < coupon.minSpend) return { ok: false, reason: 'min_spend' };
  return { ok: true, coupon: { id: coupon.id, code: coupon.code, kind: coupon.kind, value: coupon.value } };
}

/**
 * Looks a code up among the merchant's coupons (case-insensitive) and decides whether it applies to the
 * purchase. Read-only: using the coupon (counting it) is checkout's job, in the order's transaction.
 */
export async function validateCoupon(
  db: DbOrTx,
  merchantId: string,
  code: string,
  purchase: CouponContext,
): Promise<CouponCheck> {
  const [coupon] = await db
    .select()
    .from(coupons)
    .where(and(eq(coupons.merchantId, merchantId), eq(coupons.code, code.trim().toUpperCase())));
  let categoryIds: string[] = [];
  if (coupon?.scope === 'category' && purchase.categoryId) {
    const res = await db.execute<{ id: string }>(sql`
      WITH RECURSIVE up(id, parent_id) AS (
        SELECT id, parent_id FROM ${categories} WHERE id = ${purchase.categoryId} AND merchant_id = ${merchantId}
        UNION
        SELECT c.id, c.parent_id FROM ${categories} c JOIN up ON c.id = up.parent_id
      ) SELECT id FROM up`);
    categoryIds = res.rows.map((r) => r.id);
  }
  return decideCoupon(coupon, { ...purchase, categoryIds });
}
