import type { MerchantOrderDetail } from '@kameng/shared';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { orders, orderEvents } from './schema';
import { ordersWithProduct, toSummary } from './order-dto';
import { listOrderNotifies } from '../payments/list-notifies';

/** One of the merchant's orders with its timeline and payment notifies (orders.read); another merchant's is NOT_FOUND. */
export async function getOrderDetail(ctx: Ctx, orderId: string): Promise<MerchantOrderDetail> {
  const merchantId = tenantOf(ctx, 'orders.read');
  const [row] = await ordersWithProduct(ctx.db).where(
    and(eq(orders.id, orderId), eq(orders.merchantId, merchantId)),
  );
  if (!row) throw new AppError('NOT_FOUND');
  const [o] = await ctx.db.select().from(orders).where(eq(orders.id, orderId));
  const events = await ctx.db
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(asc(orderEvents.id));
  return {
    ...toSummary(row),
    unitPrice: o!.unitPrice,
    subtotal: o!.subtotal,
    discount: o!.discount,
    couponCode: o!.couponCode,
    buyerInput: o!.buyerInput,
    locale: o!.locale,
    buyerIp: o!.buyerIp,
    paymentChannelId: o!.paymentChannelId,
    expiresAt: o!.expiresAt.toISOString(),
    manualText: o!.manualDelivery ? ctx.box.decryptText(o!.manualDelivery, `order-delivery:${o!.id}`) : null,
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      data: e.data,
      createdAt: e.createdAt.toISOString(),
    })),
    notifies: await listOrderNotifies(ctx.db, orderId),
  };
}
