import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { recordOrderPayment } from '../finance/record-order-payment';
import { skus } from '../catalog/schema';
import { markKeysSold } from '../inventory/mark-keys-sold';
import { enqueueDeliveryEmail } from '../notifications/enqueue-delivery-email';
import { reserveStock, type OrderRow } from './create-order';
import { orders } from './schema';
import { transitionOrder } from './transition-order';

/** A verified payment, as payments reports it. */
export interface OrderPaidInput {
  orderId: string;
  attemptId: string;
  channelId: string;
  /** In fen; payments has already checked it equals the order's total. */
  amount: number;
  paidAt: Date;
}

/** What happened to the order: delivered at once, queued for a person, or a repeat of a payment. */
export type MarkPaidOutcome = 'delivered' | 'manual' | 'already_paid';

/**
 * Confirms an order's payment, in the caller's transaction: one conditional transition from
 * pending_payment (or expired / cancelled: paid late) to paid, the ledger posting, then delivery in the same
 * transaction — keys sold, shared text attached — or the manual queue (manual SKU, stock lost after
 * expiry, any delivery failure). A repeated call is harmless ('already_paid').
 */
export async function markOrderPaid(ctx: Ctx, p: OrderPaidInput): Promise<{ outcome: MarkPaidOutcome }> {
  return withTx(ctx, async (tx) => {
    const [order] = await tx.db.select().from(orders).where(eq(orders.id, p.orderId)).for('update');
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    if (order.status !== 'pending_payment' && order.status !== 'expired' && order.status !== 'cancelled') {
      return { outcome: 'already_paid' };
    }
    // Money arrived for an order whose reservation was given up: take the stock again or queue it.
    const late = order.status !== 'pending_payment';
    const ref = { id: order.id, merchantId: order.merchantId, status: order.status };
    await transitionOrder(tx, ref, 'paid', {
      event: 'order.paid',
      data: { attemptId: p.attemptId, channelId: p.channelId, amount: p.amount, late },
      set: { paidAt: p.paidAt, paymentChannelId: p.channelId },
    });
    const outcome = await fulfil(tx, order, ref, late);
    // Posted last: the ledger's shared accounts (platform cash, fee revenue) are row-locked from here to
    // the commit, so concurrent deliveries wait on them for as short a time as possible.
    await recordOrderPayment(tx, {
      orderId: order.id,
      merchantId: order.merchantId,
      channelId: p.channelId,
      amount: p.amount,
      paidAt: p.paidAt,
      currency: order.currency,
    });
    return { outcome };
  });
}

type OrderRef = { id: string; merchantId: string; status: OrderRow['status'] };

/** Delivers a just-paid order, or puts it in the manual queue; says which. */
async function fulfil(tx: Ctx, order: OrderRow, ref: OrderRef, late: boolean): Promise<MarkPaidOutcome> {
  if (late) {
    try {
      await withTx(tx, (sp) => reserveStock(sp, order));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'INSUFFICIENT_STOCK')) throw err;
      await toManual(tx, ref, 'paid_after_expiry');
      return 'manual';
    }
  }
  if (order.deliveryMode === 'manual' || order.deliveryMode === 'upstream') {
    await toManual(tx, ref, order.deliveryMode === 'manual' ? 'manual_sku' : 'upstream');
    return 'manual';
  }
  let failure: string | null;
  try {
    failure = await withTx(tx, (sp) => deliver(sp, order));
  } catch (err) {
    if (err instanceof ReservationLost) failure = 'reservation_lost';
    else {
      tx.log.error({ err, orderId: order.id }, 'delivery failed');
      failure = 'delivery_error';
    }
  }
  if (failure) {
    await transitionOrder(tx, ref, 'delivery_failed', {
      event: 'order.delivery_failed',
      data: { reason: failure },
    });
    await toManual(tx, ref, failure);
    return 'manual';
  }
  await transitionOrder(tx, ref, 'delivered', {
    event: 'order.delivered',
    data: { mode: order.deliveryMode, quantity: order.deliveredQuantity },
    set: { deliveredAt: tx.now() },
  });
  await enqueueDeliveryEmail(tx, order.id);
  return 'delivered';
}

/** Hands over the goods; returns why it could not (the savepoint is rolled back then), or null. */
async function deliver(ctx: Ctx, order: OrderRow): Promise<string | null> {
  if (order.deliveryMode === 'card_keys') {
    const sold = await markKeysSold(ctx, order.id);
    if (sold.length !== order.deliveredQuantity) throw new ReservationLost(sold.length);
    return null;
  }
  const [sku] = await ctx.db
    .select({ has: sql<boolean>`${skus.sharedText} IS NOT NULL` })
    .from(skus)
    .where(eq(skus.id, order.skuId));
  return sku?.has ? null : 'shared_text_missing';
}

class ReservationLost extends Error {
  constructor(readonly found: number) {
    super('reservation_lost');
  }
}

/** Puts a paid order in the manual queue, with why (its SLA age starts now). */
export async function toManual(ctx: Ctx, ref: OrderRef, reason: string): Promise<void> {
  await transitionOrder(ctx, ref, 'manual', {
    event: 'order.manual',
    data: { reason },
    set: { manualReason: reason, manualSince: ctx.now() },
  });
}
