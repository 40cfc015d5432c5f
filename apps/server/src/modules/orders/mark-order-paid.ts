import { eq, sql } from 'drizzle-orm';
import { AppError, isAppError } from '../../lib/app-error';
import { prepared } from '../../db/prepared';
import { savepoint, withTx, type Ctx } from '../../lib/ctx';
import { recordOrderPayment } from '../finance/record-order-payment';
import { skus } from '../catalog/schema';
import { findHoldsByKeys } from '../ledger/find-holds';
import type { BalancePart } from '../ledger/post-order';
import { holdOrderBalance, voidOrderBalanceHolds } from '../payments/balance-holds';
import { markKeysSold } from '../inventory/mark-keys-sold';
import { enqueueDeliveryEmail } from '../notifications/enqueue-delivery-email';
import { reserveStock, type OrderRow } from './create-order';
import { orders } from './schema';
import { transitionOrder } from './transition-order';

/** A verified payment, as payments reports it. */
export interface OrderPaidInput {
  orderId: string;
  /** The online attempt; null for a payment wholly from a balance. */
  attemptId: string | null;
  channelId: string;
  /**
   * In fen, what arrived through the channel (0 for a payment wholly from a balance); payments has
   * already checked that it plus the balance part equals the order's total.
   */
  amount: number;
  paidAt: Date;
  /**
   * The part paid from a reseller's prepaid balance: reserved by the attempt's hold (`holdKey`), or
   * debited now (`holdKey` null: a payment wholly from the balance, which fails with
   * LEDGER_INSUFFICIENT_FUNDS — and writes nothing — when the balance cannot cover it).
   */
  balance?: { resellerId: string; amount: number; holdKey: string | null };
}

/** What happened to the order: delivered at once, queued for a person, or a repeat of a payment. */
export type MarkPaidOutcome = 'delivered' | 'manual' | 'already_paid';

/** The key of the hold that takes again a balance part whose first hold was released (paid late). */
const reholdKey = (orderId: string) => `order:${orderId}:balance:rehold`;

/**
 * Confirms an order's payment, in the caller's transaction: one conditional transition from
 * pending_payment (or expired / cancelled: paid late) to paid, the ledger posting, then delivery in the same
 * transaction — keys sold, shared text attached — or the manual queue (manual SKU, stock lost after
 * expiry, any delivery failure). A repeated call is harmless ('already_paid').
 *
 * Balance holds: the paying attempt's hold is posted with the channel part; every other pending hold
 * of the order is released. When the paying attempt's hold was already released (the order expired or
 * was cancelled, or another attempt replaced it), the balance part is held again; if the balance no
 * longer covers it, the order is paid with what arrived online and queued for a person
 * (`balance_short`).
 */
export async function markOrderPaid(ctx: Ctx, p: OrderPaidInput): Promise<{ outcome: MarkPaidOutcome }> {
  return withTx(ctx, async (tx) => {
    const [order] = await orderForUpdate(tx.db, { orderId: p.orderId });
    if (!order) throw new AppError('ORDER_NOT_FOUND');
    if (order.status !== 'pending_payment' && order.status !== 'expired' && order.status !== 'cancelled') {
      // Only the first payment takes money from a balance: a second attempt's hold is released.
      if (p.balance?.holdKey) await voidOrderBalanceHolds(tx, order.id);
      return { outcome: 'already_paid' };
    }
    // Money arrived for an order whose reservation was given up: take the stock again or queue it.
    const late = order.status !== 'pending_payment';
    await voidOrderBalanceHolds(tx, order.id, p.balance?.holdKey ?? undefined);
    const balance = p.balance ? await secureBalance(tx, order, p.balance) : undefined;
    const short = p.balance && !balance ? p.balance.amount : 0;
    const ref = { id: order.id, merchantId: order.merchantId, status: order.status };
    await transitionOrder(tx, ref, 'paid', {
      event: 'order.paid',
      data: {
        attemptId: p.attemptId,
        channelId: p.channelId,
        amount: p.amount,
        late,
        ...(p.balance ? { balance: balance?.amount ?? 0 } : {}),
        ...(short ? { balanceShort: short } : {}),
      },
      set: { paidAt: p.paidAt, paymentChannelId: p.channelId },
    });
    const outcome = short ? await shortOfBalance(tx, ref, short) : await fulfil(tx, order, ref, late);
    // Posted last: the ledger's shared accounts (platform cash, fee revenue) are row-locked from here to
    // the commit, so concurrent deliveries wait on them for as short a time as possible.
    await recordOrderPayment(tx, {
      orderId: order.id,
      merchantId: order.merchantId,
      channelId: p.channelId,
      amount: p.amount + (balance?.amount ?? 0),
      paidAt: p.paidAt,
      currency: order.currency,
      ...(balance ? { balance } : {}),
    });
    return { outcome };
  });
}

const orderForUpdate = prepared('order_for_update', (db) =>
  db
    .select()
    .from(orders)
    .where(eq(orders.id, sql.placeholder('orderId')))
    .for('update'),
);

/**
 * The balance part as the ledger posts it: debited directly, or through the attempt's pending hold,
 * or through a new hold when that one was released — null when the balance no longer covers it.
 */
async function secureBalance(
  tx: Ctx,
  order: OrderRow,
  part: NonNullable<OrderPaidInput['balance']>,
): Promise<BalancePart | null> {
  const base = { resellerId: part.resellerId, amount: part.amount };
  if (part.holdKey === null) return { ...base, holdId: null };
  const [held] = await findHoldsByKeys(tx.db, [part.holdKey], { pendingOnly: true });
  if (held) return { ...base, holdId: held.id };
  try {
    const holdId = await savepoint(tx, (sp) =>
      holdOrderBalance(sp, {
        key: reholdKey(order.id),
        orderId: order.id,
        merchantId: order.merchantId,
        resellerId: part.resellerId,
        amount: part.amount,
        currency: order.currency,
      }),
    );
    return { ...base, holdId };
  } catch (err) {
    if (isAppError(err, 'BALANCE_INSUFFICIENT')) return null;
    throw err;
  }
}

/** The online part arrived but the balance part could not be taken again: a person decides (deliver, refund, ask). */
async function shortOfBalance(tx: Ctx, ref: OrderRef, short: number): Promise<MarkPaidOutcome> {
  await toManual(tx, ref, 'balance_short');
  tx.log.warn({ orderId: ref.id, short }, 'order paid online but its balance part is gone');
  return 'manual';
}

type OrderRef = { id: string; merchantId: string; status: OrderRow['status'] };

/** Delivers a just-paid order, or puts it in the manual queue; says which. */
async function fulfil(tx: Ctx, order: OrderRow, ref: OrderRef, late: boolean): Promise<MarkPaidOutcome> {
  if (late) {
    try {
      await savepoint(tx, (sp) => reserveStock(sp, order));
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
    failure = await savepoint(tx, (sp) => deliver(sp, order));
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
