import type { OrderStatus, PublicOrderView } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { products, skus } from '../catalog/schema';
import { hostedReturnUrl } from '../docking/hosted-return-url';
import type { OrderRow } from './create-order';
import { findOrderByNo, tokenOpens } from './order-access';
import { waitForOrderSignal } from './order-signals';
import { readOrderDelivery } from './read-order-delivery';

const showsDelivery: ReadonlySet<OrderStatus> = new Set([
  'delivered',
  'manual',
  'partially_refunded',
  'refunded',
]);

/** A long poll re-reads the order this often, for changes made by another app process. */
const RECHECK_MS = 2000;

/** Statuses with nothing to show the buyer yet: a long poll waits for them to change. */
const awaiting: ReadonlySet<OrderStatus> = new Set(['pending_payment', 'paid']);

/**
 * The buyer's view of an order: status and amounts for anyone holding the (unguessable) number, the
 * delivery — keys, shared text, manual text, usage guide — only with the order's token. With the
 * token and `waitMs`, an order with nothing to show yet is answered when it changes (or at the
 * timeout, or when the buyer goes away): one request instead of a poll a second.
 */
export async function getPublicOrder(
  ctx: Ctx,
  orderNo: string,
  token: string | undefined,
  opts: { waitMs?: number; abort?: AbortSignal } = {},
): Promise<PublicOrderView> {
  let order = await findOrderByNo(ctx, orderNo);
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  const opened = tokenOpens(ctx, order, token);
  if (opened && opts.waitMs) {
    // Woken by this process's signal, or finding another process's change at the next re-read.
    const seen = order.status;
    const until = Date.now() + opts.waitMs;
    while (order.status === seen && awaiting.has(seen) && Date.now() < until && !opts.abort?.aborted) {
      await waitForOrderSignal(order.id, Math.min(RECHECK_MS, until - Date.now()), opts.abort);
      order = (await findOrderByNo(ctx, orderNo)) ?? order;
    }
  }
  return publicView(ctx, order, opened);
}

/** Shapes an order for the buyer; `opened` says whether the delivery may be shown. */
export async function publicView(ctx: Ctx, order: OrderRow, opened: boolean): Promise<PublicOrderView> {
  let delivery: PublicOrderView['delivery'] = null;
  // The delivery carries the names; without it they are read on their own.
  let names: { title: string; skuName: string } | undefined;
  if (opened && showsDelivery.has(order.status)) {
    const d = await readOrderDelivery(ctx, order.id);
    names = d;
    if (d.keys.length || d.sharedText || d.manualText) {
      delivery = {
        keys: d.keys,
        sharedText: d.sharedText,
        manualText: d.manualText,
        usageGuide: d.usageGuide || null,
      };
    }
  }
  names ??= (
    await ctx.db
      .select({ title: products.title, skuName: skus.name })
      .from(skus)
      .innerJoin(products, eq(products.id, skus.productId))
      .where(eq(skus.id, order.skuId))
  )[0];
  return {
    orderNo: order.orderNo,
    status: order.status,
    title: names?.title ?? '',
    skuName: names?.skuName ?? '',
    quantity: order.quantity,
    deliveredQuantity: order.deliveredQuantity,
    unitPrice: order.unitPrice,
    subtotal: order.subtotal,
    discount: order.discount,
    total: order.total,
    refundedAmount: order.refundedAmount,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
    expiresAt: order.expiresAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    deliveredAt: order.deliveredAt?.toISOString() ?? null,
    placedByViewer: order.userId !== null && ctx.actor.kind === 'user' && ctx.actor.userId === order.userId,
    delivery,
    returnUrl: opened ? await hostedReturnUrl(ctx, order.id) : null,
  };
}
