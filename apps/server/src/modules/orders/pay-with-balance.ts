import { BALANCE_CHANNEL_ID, type CashierAction } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { AppError, isAppError } from '../../lib/app-error';
import { requireUser, withTx, type Ctx } from '../../lib/ctx';
import { startPayment, type StartPaymentInput } from '../payments/start-payment';
import { resellerOf } from '../resellers/reseller-of';
import type { OrderRow } from './create-order';
import { markOrderPaid } from './mark-order-paid';
import { paidStatuses } from './order-state';
import { orders } from './schema';

/** How much of the balance to use, and where to pay the rest (as for an online payment). */
export interface PayWithBalanceInput extends Omit<StartPaymentInput, 'orderId' | 'balance'> {
  /** Fen from the balance; 'all' (or the total) pays the whole order from it. */
  useBalance: number | 'all';
}

/** Paid at once from the balance, or the online rest started with the balance part held. */
export type PayWithBalanceResult =
  | { paid: true; order: OrderRow }
  | {
      paid: false;
      balanceHeld: number;
      payment: { attemptId: string; channelId: string; action: CashierAction; expiresAt: Date };
    };

/**
 * Pays an order (opened with its token by the caller) from the signed-in reseller's prepaid balance.
 * Only the user who placed the order may (BALANCE_NOT_ALLOWED otherwise, also for guest orders).
 * The whole total: one transaction through markOrderPaid with the balance debited instead of a
 * channel (no channel fee; commission as usual), BALANCE_INSUFFICIENT and nothing written when it
 * does not cover it; a repeat (double click) finds the order paid from the balance and returns it.
 * Less than the total: startPayment for the rest, holding the balance part until it is paid.
 */
export async function payWithBalance(
  ctx: Ctx,
  order: OrderRow,
  input: PayWithBalanceInput,
): Promise<PayWithBalanceResult> {
  const user = requireUser(ctx);
  if (order.userId === null || order.userId !== user.userId) throw new AppError('BALANCE_NOT_ALLOWED');
  const resellerId = await resellerOf(ctx);
  const amount = input.useBalance === 'all' ? order.total : input.useBalance;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > order.total) {
    throw new AppError('VALIDATION_FAILED', { useBalance: input.useBalance, total: order.total });
  }
  if (amount < order.total) {
    const { useBalance: _, ...online } = input;
    const payment = await startPayment(ctx, {
      ...online,
      orderId: order.id,
      balance: { resellerId, amount },
    });
    return { paid: false, balanceHeld: amount, payment };
  }
  try {
    return await withTx(ctx, async (tx) => {
      const [o] = await tx.db.select().from(orders).where(eq(orders.id, order.id)).for('update');
      if (!o) throw new AppError('ORDER_NOT_FOUND');
      if (o.status !== 'pending_payment') {
        // A double click: the first request paid it from this balance; answer like it did.
        const paid = (paidStatuses as readonly string[]).includes(o.status);
        if (paid && o.paymentChannelId === BALANCE_CHANNEL_ID) return { paid: true as const, order: o };
        throw new AppError('ORDER_STATE', { status: o.status });
      }
      if (o.expiresAt <= tx.now()) throw new AppError('ORDER_STATE', { status: 'expired' });
      await markOrderPaid(tx, {
        orderId: o.id,
        attemptId: null,
        channelId: BALANCE_CHANNEL_ID,
        amount: 0,
        paidAt: tx.now(),
        balance: { resellerId, amount: o.total, holdKey: null },
      });
      const [after] = await tx.db.select().from(orders).where(eq(orders.id, o.id));
      return { paid: true as const, order: after! };
    });
  } catch (err) {
    if (isAppError(err, 'LEDGER_INSUFFICIENT_FUNDS')) throw new AppError('BALANCE_INSUFFICIENT', err.details);
    throw err;
  }
}
