import { tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { AppError } from '../../lib/app-error';
import { appendAudit } from '../audit/append-audit';
import { enqueueDeliveryEmail } from '../notifications/enqueue-delivery-email';
import { findMerchantOrder } from './find-merchant-order';
import { orders } from './schema';
import { orderEvent, transitionOrder } from './transition-order';
import { eq, sql } from 'drizzle-orm';

/**
 * The merchant delivers a queued order by hand (orders.manage): the text is stored encrypted, the
 * order becomes delivered and the e-mail is queued; on an already delivered order it replaces the
 * manual text (a correction). Audited 'order.deliver'.
 */
export async function deliverManually(ctx: Ctx, orderId: string, text: string): Promise<void> {
  const merchantId = tenantOf(ctx, 'orders.manage');
  await withTx(ctx, async (tx) => {
    const order = await findMerchantOrder(tx, merchantId, orderId);
    if (order.status !== 'manual' && order.status !== 'delivered') {
      throw new AppError('ORDER_STATE', { status: order.status });
    }
    const manualDelivery = tx.box.encrypt(text, `order-delivery:${order.id}`);
    if (order.status === 'manual') {
      await transitionOrder(tx, order, 'delivered', {
        event: 'order.delivered',
        data: { mode: 'manual', by: 'merchant' },
        set: { manualDelivery, deliveredAt: tx.now() },
      });
    } else {
      await tx.db
        .update(orders)
        .set({ manualDelivery, updatedAt: sql`now()` })
        .where(eq(orders.id, order.id));
      await orderEvent(tx, order, 'order.redelivered', { data: { mode: 'manual' } });
    }
    await enqueueDeliveryEmail(tx, order.id);
    await appendAudit(tx, { action: 'order.deliver', targetType: 'order', targetId: order.id, merchantId });
  });
}
