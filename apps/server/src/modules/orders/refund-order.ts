import { randomUUID } from 'node:crypto';
import type { OrderStatus } from '@kameng/shared';
import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { AppError } from '../../lib/app-error';
import { appendAudit } from '../audit/append-audit';
import { recordOrderRefund } from '../finance/record-order-refund';
import { releaseKeys } from '../inventory/release-keys';
import { voidOrderKeys } from '../inventory/void-order-keys';
import { refundPayment } from '../payments/refund-payment';
import type { OrderRow } from './create-order';
import { findMerchantOrder } from './find-merchant-order';
import { transitionOrder } from './transition-order';

const refundable: ReadonlySet<OrderStatus> = new Set(['delivered', 'manual', 'partially_refunded', 'paid']);

/** The refund request of the merchant console. */
export interface RefundInput {
  /** In fen, at most what is left to refund. */
  amount: number;
  reason: string;
  /** Through the payment channel's refund; otherwise recorded as refunded offline. */
  toChannel: boolean;
}

/**
 * Refunds (part of) a paid order (orders.manage): the channel refund when asked, the ledger reversal
 * (recordOrderRefund), status refunded / partially_refunded, and on a full refund the order's keys
 * are voided. All in one transaction, audited 'order.refund'. REFUND_EXCEEDS_PAID past the total.
 */
export async function refundOrder(
  ctx: Ctx,
  orderId: string,
  input: RefundInput,
): Promise<{ status: OrderStatus; refundedAmount: number; offline: boolean }> {
  const merchantId = tenantOf(ctx, 'orders.manage');
  return withTx(ctx, async (tx) => {
    const order = await findMerchantOrder(tx, merchantId, orderId);
    return applyRefund(tx, order, input);
  });
}

/**
 * The refund itself, for a caller that found and locked the order (merchant console, API cancel), in
 * its transaction: the channel refund when asked, the ledger reversal (a wholly balance-paid order is
 * paid back to the reseller's balance), status refunded / partially_refunded, on a full refund the
 * order's keys voided (sold) or released (still reserved), audited 'order.refund' with `audit` added.
 */
export async function applyRefund(
  tx: Ctx,
  order: OrderRow,
  input: RefundInput,
  audit: Record<string, unknown> = {},
): Promise<{ status: OrderStatus; refundedAmount: number; offline: boolean }> {
  if (!refundable.has(order.status)) throw new AppError('ORDER_STATE', { status: order.status });
  const left = order.total - order.refundedAmount;
  if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > left) {
    throw new AppError('REFUND_EXCEEDS_PAID', { refundable: left });
  }
  const full = input.amount === left;
  let offline = true;
  if (input.toChannel) {
    const res = await refundPayment(tx, {
      orderId: order.id,
      amount: input.amount,
      reason: input.reason,
      refundedBefore: order.refundedAmount,
    });
    offline = res.offline;
  }
  const refundId = randomUUID();
  await recordOrderRefund(tx, { orderId: order.id, refundId, amount: input.amount });
  let voided = 0;
  if (full) {
    voided = await voidOrderKeys(tx, order.id);
    await releaseKeys(tx, order.id);
  }
  const to: OrderStatus = full ? 'refunded' : 'partially_refunded';
  const refundedAmount = order.refundedAmount + input.amount;
  await transitionOrder(tx, order, to, {
    event: 'order.refunded',
    data: {
      refundId,
      amount: input.amount,
      reason: input.reason,
      toChannel: input.toChannel,
      offline,
      voided,
    },
    set: { refundedAmount },
  });
  await appendAudit(tx, {
    action: 'order.refund',
    targetType: 'order',
    targetId: order.id,
    merchantId: order.merchantId,
    data: {
      amount: input.amount,
      reason: input.reason,
      toChannel: input.toChannel,
      offline,
      refundId,
      ...audit,
    },
  });
  return { status: to, refundedAmount, offline };
}
