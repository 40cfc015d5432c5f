import { BALANCE_CHANNEL_ID } from '@kameng/shared';
import { AppError, isAppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { reserveStock } from './create-order';
import { markOrderPaid, type MarkPaidOutcome } from './mark-order-paid';
import { newAccessToken } from './order-number';
import { getOrderSettings } from './order-settings';
import { insertOrder, newOrderValues, type PreparedOrder } from './prepare-order';
import { orderEvent } from './transition-order';

/** An order placed and paid at once from a reseller's prepaid balance (the open API). */
export interface BalanceOrderInput {
  /** The order's id, chosen by the caller so it can link its own rows in the same transaction. */
  orderId: string;
  prepared: PreparedOrder;
  /** Where the delivery e-mail goes (already checked). */
  contact: string;
  locale: 'zh-CN' | 'en';
  userId: string;
  resellerId: string;
}

/**
 * Creates an order and pays it wholly from the reseller's balance in ctx's transaction (one of its
 * own outside one): the order row, its stock reserved (card keys / manual cap — INSUFFICIENT_STOCK),
 * 'order.created', then markOrderPaid with the balance debited directly, which delivers card keys and
 * shared text at once and queues manual goods (outcome 'delivered' / 'manual'). BALANCE_INSUFFICIENT
 * when the balance cannot cover the total — the transaction then fails whole: no order, no hold, no
 * reserved key.
 *
 * Unlike guest checkout there is no per-contact lock and no anti-hoarding or per-buyer cap: the
 * order is paid in the same transaction (nothing is held unpaid), and a reseller's parallel orders
 * must not queue behind each other.
 */
export async function createBalanceOrder(
  ctx: Ctx,
  input: BalanceOrderInput,
): Promise<{ orderId: string; orderNo: string; outcome: MarkPaidOutcome }> {
  const settings = await getOrderSettings(ctx.db);
  try {
    return await withTx(ctx, async (tx) => {
      const now = tx.now();
      const [created] = await insertOrder(tx.db, {
        id: input.orderId,
        ...newOrderValues(input.prepared, now, new Date(now.getTime() + settings.expiryMinutes * 60_000)),
        contact: input.contact,
        contactKind: 'email',
        locale: input.locale,
        // Never shown to anyone: the reseller reaches the order through the API.
        accessTokenHash: newAccessToken().hash,
        buyerIp: tx.ip ?? null,
        userId: input.userId,
      });
      const order = created!;
      await reserveStock(tx, order);
      await orderEvent(tx, order, 'order.created', {
        to: 'pending_payment',
        data: { orderNo: order.orderNo, total: order.total, quantity: order.quantity, via: 'api' },
      });
      const { outcome } = await markOrderPaid(tx, {
        orderId: order.id,
        attemptId: null,
        channelId: BALANCE_CHANNEL_ID,
        amount: 0,
        paidAt: now,
        balance: { resellerId: input.resellerId, amount: order.total, holdKey: null },
      });
      return { orderId: order.id, orderNo: order.orderNo, outcome };
    });
  } catch (err) {
    if (isAppError(err, 'LEDGER_INSUFFICIENT_FUNDS')) throw new AppError('BALANCE_INSUFFICIENT', err.details);
    throw err;
  }
}
