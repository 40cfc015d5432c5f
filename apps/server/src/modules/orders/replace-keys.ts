import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { AppError } from '../../lib/app-error';
import { appendAudit } from '../audit/append-audit';
import { allocateKeys } from '../inventory/allocate-keys';
import { markKeysSold } from '../inventory/mark-keys-sold';
import { enqueueDeliveryEmail } from '../notifications/enqueue-delivery-email';
import { findMerchantOrder } from './find-merchant-order';
import { orderEvent, transitionOrder } from './transition-order';

/**
 * Sends `count` more keys from the SKU's pool to a paid card-key order (orders.manage): a
 * replacement for a key reported invalid, or the delivery of a queued order. The new keys are sold
 * to the order, a queued order becomes delivered, the e-mail is queued; audited 'order.replace_keys'.
 * INSUFFICIENT_STOCK when the pool is short (nothing changes).
 */
export async function replaceKeys(
  ctx: Ctx,
  orderId: string,
  input: { count: number; reason: string },
): Promise<{ sold: number }> {
  const merchantId = tenantOf(ctx, 'orders.manage');
  return withTx(ctx, async (tx) => {
    const order = await findMerchantOrder(tx, merchantId, orderId);
    if (order.deliveryMode !== 'card_keys') throw new AppError('ORDER_STATE', { reason: 'not_card_keys' });
    if (order.status !== 'manual' && order.status !== 'delivered') {
      throw new AppError('ORDER_STATE', { status: order.status });
    }
    const ids = await allocateKeys(tx, order.skuId, input.count, order.id);
    const sold = await markKeysSold(tx, order.id);
    await orderEvent(tx, order, 'order.keys_replaced', {
      data: { count: input.count, reason: input.reason, keyIds: ids },
    });
    if (order.status === 'manual') {
      await transitionOrder(tx, order, 'delivered', {
        event: 'order.delivered',
        data: { mode: 'card_keys', by: 'merchant' },
        set: { deliveredAt: tx.now() },
      });
    }
    await enqueueDeliveryEmail(tx, order.id);
    await appendAudit(tx, {
      action: 'order.replace_keys',
      targetType: 'order',
      targetId: order.id,
      merchantId,
      data: { count: input.count, reason: input.reason },
    });
    return { sold: sold.length };
  });
}
