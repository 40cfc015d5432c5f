import { randomBytes } from 'node:crypto';
import type { CashierAction } from '@kameng/shared';
import { preparedInsert } from '../../db/prepared';
import { enqueue } from '../../jobs/define-job';
import { AppError, isAppError } from '../../lib/app-error';
import { savepoint, type Ctx } from '../../lib/ctx';
import { lockUnpaidOrder } from '../orders/lock-unpaid-order';
import { getResellerBalance } from '../resellers/reseller-dto';
import { balanceHoldKey, holdOrderBalance, orderHeldBalance, voidOrderBalanceHolds } from './balance-holds';
import { allChannels } from './channel-cache';
import { recordCreateFailure, recordCreateSuccess, todayAmounts } from './channel-health';
import { channelConfig } from './channels';
import { queryPaymentsJob } from './jobs/query-payments-job';
import { getOrderForPayment } from './orders-port';
import type { CreatePaymentResult } from './provider';
import { FIRST_QUERY_MS } from './query-payment';
import { providerFor } from './registry';
import { isRoutable, orderChannels } from './route-channels';
import { paymentAttempts } from './schema';

export interface StartPaymentInput {
  orderId: string;
  channelId?: string;
  method?: string;
  returnUrl: string;
  clientIp: string;
  device: 'pc' | 'mobile' | 'wechat';
  /** config.publicUrl, else the base URL the order request came from (notify URLs are built on it). */
  baseUrl: string;
  /**
   * Part of the total (1 … total − 1 fen) taken from this reseller's prepaid balance: held when the
   * attempt is recorded, posted when the online rest is paid, released on expiry or cancellation.
   */
  balance?: { resellerId: string; amount: number };
}

/** Our trade number (out_trade_no): date-prefixed, random, unguessable. */
export function newTradeNo(now: Date): string {
  const d = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `K${d}${randomBytes(9).toString('hex').toUpperCase()}`;
}

/**
 * Starts paying an order: the channels for the method (or the one asked for) that are enabled, not
 * auto-paused, whose amount range fits, by priority then weight (orderChannels), skipping a channel
 * whose daily limit this amount would pass; when creating fails on one, the failure is counted
 * (channel-health: N in a row pause it) and the next is tried in the same request.
 * Records the attempt and schedules an active query ~30 s later. Under the order's row lock, any
 * balance hold of an earlier attempt is released (the new attempt replaces it) and, with `balance`,
 * that part is held for this attempt, which then asks the channel for the rest only.
 */
export async function startPayment(
  ctx: Ctx,
  input: StartPaymentInput,
): Promise<{ attemptId: string; channelId: string; action: CashierAction; expiresAt: Date }> {
  const order = await getOrderForPayment(ctx.db, input.orderId);
  if (!order) throw new AppError('ORDER_NOT_FOUND');
  if (order.status !== 'pending_payment' || order.expiresAt <= ctx.now()) throw new AppError('ORDER_STATE');
  const balance = input.balance;
  const amount = order.total - (balance?.amount ?? 0);
  if (balance) {
    if (!Number.isSafeInteger(balance.amount) || balance.amount < 1 || amount < 1) {
      throw new AppError('VALIDATION_FAILED', { useBalance: balance.amount, total: order.total });
    }
    // Fail fast, before the gateway is asked; the hold below is what really guarantees it.
    // (What an earlier attempt of this order holds is released below, so it counts as available.)
    const { available: free } = await getResellerBalance(ctx.db, balance.resellerId, order.currency);
    const available = free + (await orderHeldBalance(ctx.db, order.id, balance.resellerId));
    if (available < balance.amount) {
      throw new AppError('BALANCE_INSUFFICIENT', { available, required: balance.amount });
    }
  }
  const now = ctx.now();
  const fit = orderChannels(
    (await allChannels(ctx.db)).filter(
      (c) =>
        (!input.channelId || c.id === input.channelId) &&
        (!input.method || c.method === input.method) &&
        providerFor(c.provider) &&
        isRoutable(c, amount, now),
    ),
  );
  if (fit.length === 0) throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE');
  let created = 0;
  for (const row of fit) {
    if (row.dailyLimit !== null) {
      const used = (await todayAmounts(ctx.db, now, { channelId: row.id, exceptOrder: order.id })).get(
        row.id,
      );
      if ((used ?? 0) + amount > row.dailyLimit) continue;
    }
    const provider = providerFor(row.provider)!;
    const tradeNo = newTradeNo(ctx.now());
    let made: CreatePaymentResult;
    created++;
    try {
      made = await provider.createPayment(channelConfig(ctx.box, row), {
        tradeNo,
        amount,
        currency: order.currency,
        subject: order.title,
        notifyUrl: `${input.baseUrl}/api/pay/notify/${row.id}`,
        returnUrl: input.returnUrl,
        clientIp: input.clientIp,
        device: input.device,
        baseUrl: input.baseUrl,
      });
    } catch (err) {
      ctx.log.warn(
        { err, channelId: row.id, orderId: order.id },
        'payment create failed; trying the next channel',
      );
      // Committed on its own connection: the request may still end in PAYMENT_CREATE_FAILED.
      await recordCreateFailure(ctx, row.id, err);
      continue;
    }
    await recordCreateSuccess(ctx, row);
    try {
      const attemptId = await savepoint(ctx, async (tx) => {
        await lockUnpaidOrder(tx, order.id);
        await voidOrderBalanceHolds(tx, order.id);
        if (balance) {
          await holdOrderBalance(tx, {
            key: balanceHoldKey(order.id, tradeNo),
            orderId: order.id,
            merchantId: order.merchantId,
            resellerId: balance.resellerId,
            amount: balance.amount,
            currency: order.currency,
          });
        }
        const [attempt] = await insertAttempt(tx.db, {
          orderId: order.id,
          channelId: row.id,
          tradeNo,
          providerTradeNo: made.providerTradeNo ?? null,
          amount,
          currency: order.currency,
          action: made.action,
        });
        await enqueue(
          tx,
          queryPaymentsJob,
          { attemptId: attempt!.id },
          { runAt: new Date(ctx.now().getTime() + FIRST_QUERY_MS) },
        );
        return attempt!.id;
      });
      return { attemptId, channelId: row.id, action: made.action, expiresAt: order.expiresAt };
    } catch (err) {
      // The order or the buyer's balance, not the channel, refused: another channel would not help.
      if (isAppError(err, 'BALANCE_INSUFFICIENT') || isAppError(err, 'ORDER_STATE')) throw err;
      ctx.log.warn(
        { err, channelId: row.id, orderId: order.id },
        'payment attempt not recorded; trying the next channel',
      );
    }
  }
  // Every fitting channel had used up its daily limit: none is available (nothing failed).
  if (created === 0) throw new AppError('PAYMENT_CHANNEL_UNAVAILABLE', { reason: 'daily_limit' });
  throw new AppError('PAYMENT_CREATE_FAILED');
}

const insertAttempt = preparedInsert('payment_attempt_insert', paymentAttempts, true);
