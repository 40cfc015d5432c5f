import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { prepared, preparedSql } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { hashPassword } from '../accounts/password';
import { coupons, skus } from '../catalog/schema';
import { validateCoupon } from '../catalog/validate-coupon';
import { allocateKeys } from '../inventory/allocate-keys';
import { checkContact } from './check-buyer-input';
import { newAccessToken } from './order-number';
import { getOrderSettings } from './order-settings';
import { paidStatuses } from './order-state';
import { insertOrder, loadSaleSku, newOrderValues, prepareOrder } from './prepare-order';
import { orders } from './schema';
import { orderEvent } from './transition-order';

/** A stored order. */
export type OrderRow = typeof orders.$inferSelect;

/** What the buyer submits at checkout (no price: the server quotes it). */
export interface CreateOrderInput {
  skuId: string;
  quantity: number;
  contact: string;
  contactKind?: 'email' | 'phone' | 'qq' | undefined;
  input: Record<string, string>;
  coupon?: string | undefined;
  lookupPassword?: string | undefined;
  locale: 'zh-CN' | 'en';
}

/**
 * Guest checkout: prices the order with quotePrice (+ validateCoupon), checks the buyer's input,
 * quantity bounds, the per-buyer limit and the anti-hoarding caps, and in one transaction inserts the
 * order, reserves its stock (card keys / manual cap) and records 'order.created'. Returns the order
 * and its access token (only its SHA-256 is stored).
 */
export async function createOrder(
  ctx: Ctx,
  input: CreateOrderInput,
): Promise<{ order: OrderRow; accessToken: string }> {
  const contactKind = input.contactKind ?? 'email';
  const contact = checkContact(contactKind, input.contact);
  const now = ctx.now();
  const settings = await getOrderSettings(ctx.db);
  const lookupPasswordHash = input.lookupPassword ? await hashPassword(input.lookupPassword) : null;
  const { token, hash } = newAccessToken();

  // One connection for the whole checkout: the SKU and coupon are read in the order's transaction, so a
  // busy pool is waited for once, not twice.
  return withTx(ctx, async (tx) => {
    const sale = await loadSaleSku(tx.db, input.skuId);
    const { sku, product } = sale;
    let prepared = prepareOrder(sale, { quantity: input.quantity, input: input.input, now });
    let coupon: { id: string; code: string } | null = null;
    const code = input.coupon?.trim();
    if (code) {
      const check = await validateCoupon(tx.db, product.merchantId, code, {
        skuId: sku.id,
        productId: product.id,
        categoryId: product.categoryId,
        subtotal: prepared.quote.subtotal,
        now,
        buyerUses: await couponUses(tx, code, contact, product.merchantId),
      });
      if (!check.ok) throw new AppError('ORDER_INPUT_INVALID', { field: 'coupon', reason: check.reason });
      prepared = prepareOrder(sale, {
        quantity: input.quantity,
        input: input.input,
        now,
        coupon: check.coupon,
      });
      coupon = { id: check.coupon.id, code: check.coupon.code };
    }
    const quote = prepared.quote;
    // Serialises one contact's checkouts so the caps below cannot be raced past.
    await contactLock(tx.db, { key: `order-contact:${contact}` });
    await checkCaps(tx, settings, contact, quote.deliveredQuantity, now);
    if (product.perBuyerLimit !== null) {
      const [bought] = await tx.db
        .select({ n: sql<number>`coalesce(sum(${orders.quantity}), 0)::int` })
        .from(orders)
        .where(
          and(
            eq(orders.productId, product.id),
            eq(orders.contact, contact),
            sql`(${inArray(orders.status, [...paidStatuses])} OR (${orders.status} = 'pending_payment' AND ${orders.expiresAt} > ${now}))`,
          ),
        );
      if (bought!.n + input.quantity > product.perBuyerLimit) {
        throw new AppError('QUANTITY_OUT_OF_RANGE', {
          reason: 'per_buyer_limit',
          limit: product.perBuyerLimit,
          bought: bought!.n,
        });
      }
    }
    if (coupon) {
      const used = await tx.db
        .update(coupons)
        .set({ usedCount: sql`${coupons.usedCount} + 1` })
        .where(
          and(
            eq(coupons.id, coupon.id),
            sql`(${coupons.totalLimit} IS NULL OR ${coupons.usedCount} < ${coupons.totalLimit})`,
          ),
        )
        .returning({ id: coupons.id });
      if (!used.length) throw new AppError('ORDER_INPUT_INVALID', { field: 'coupon', reason: 'exhausted' });
    }
    const [order] = await insertOrder(tx.db, {
      ...newOrderValues(prepared, now, new Date(now.getTime() + settings.expiryMinutes * 60_000)),
      couponId: coupon?.id ?? null,
      couponCode: coupon?.code ?? null,
      contact,
      contactKind,
      locale: input.locale,
      lookupPasswordHash,
      accessTokenHash: hash,
      buyerIp: ctx.ip ?? null,
      userId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    });
    await reserveStock(tx, order!);
    await orderEvent(tx, order!, 'order.created', {
      to: 'pending_payment',
      data: { orderNo: order!.orderNo, total: order!.total, quantity: order!.quantity },
    });
    return { order: order!, accessToken: token };
  });
}

/** Reserves an order's stock: card keys from the pool, or units of a manual SKU's virtual cap. */
export async function reserveStock(
  ctx: Ctx,
  order: Pick<OrderRow, 'id' | 'skuId' | 'deliveryMode' | 'deliveredQuantity'>,
): Promise<void> {
  if (order.deliveryMode === 'card_keys') {
    await allocateKeys(ctx, order.skuId, order.deliveredQuantity, order.id);
  } else if (order.deliveryMode === 'manual') {
    const n = order.deliveredQuantity;
    const res = await ctx.db
      .update(skus)
      .set({ manualStockCap: sql`${skus.manualStockCap} - ${n}` })
      .where(
        and(
          eq(skus.id, order.skuId),
          sql`(${skus.manualStockCap} IS NULL OR ${skus.manualStockCap} >= ${n})`,
        ),
      )
      .returning({ id: skus.id });
    if (!res.length) throw new AppError('INSUFFICIENT_STOCK', { requested: n });
  }
}

const contactLock = preparedSql(
  'order_contact_lock',
  sql`SELECT pg_advisory_xact_lock(hashtextextended(${sql.placeholder('key')}, 0))`,
);

/**
 * The live unpaid orders of a contact and of an IP, in one statement for both scopes. With no IP
 * (`ip` null) the IP's side matches nothing.
 */
const unpaidOfBuyer = prepared('unpaid_orders_of_buyer', (db) => {
  const byContact = eq(orders.contact, sql.placeholder('contact'));
  const byIp = eq(orders.buyerIp, sql.placeholder('ip'));
  return db
    .select({
      contactN: sql<number>`count(*) FILTER (WHERE ${byContact})::int`,
      contactUnits: sql<number>`coalesce(sum(${orders.deliveredQuantity}) FILTER (WHERE ${byContact}), 0)::int`,
      ipN: sql<number>`count(*) FILTER (WHERE ${byIp})::int`,
      ipUnits: sql<number>`coalesce(sum(${orders.deliveredQuantity}) FILTER (WHERE ${byIp}), 0)::int`,
    })
    .from(orders)
    .where(
      and(
        or(byContact, byIp),
        eq(orders.status, 'pending_payment'),
        gt(orders.expiresAt, sql.placeholder('now')),
      ),
    );
});

async function checkCaps(
  ctx: Ctx,
  s: Awaited<ReturnType<typeof getOrderSettings>>,
  contact: string,
  units: number,
  now: Date,
): Promise<void> {
  const [r] = await unpaidOfBuyer(ctx.db, { contact, ip: ctx.ip ?? null, now });
  if (r!.contactN + 1 > s.maxUnpaidPerContact || r!.contactUnits + units > s.maxReservedUnitsPerContact) {
    throw new AppError('ORDER_TOO_MANY_UNPAID', { scope: 'contact' });
  }
  if (r!.ipN + 1 > s.maxUnpaidPerIp || r!.ipUnits + units > s.maxReservedUnitsPerIp) {
    throw new AppError('ORDER_TOO_MANY_UNPAID', { scope: 'ip' });
  }
}

async function couponUses(ctx: Ctx, code: string, contact: string, merchantId: string): Promise<number> {
  const [r] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(
      and(
        eq(orders.merchantId, merchantId),
        eq(orders.contact, contact),
        eq(orders.couponCode, code.toUpperCase()),
        sql`${orders.status} NOT IN ('expired', 'cancelled')`,
      ),
    );
  return r!.n;
}
