import { and, inArray } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { keyStockOf, skuStockInfo } from '../catalog/product-dto';
import { skus } from '../catalog/schema';
import { stockOf } from '../docking/api-catalog';
import { orders } from '../orders/schema';
import type { EmitWebhookEventInput } from './emit-webhook-event';
import { webhookListeners } from './webhook-listeners';

/** Order events that move a SKU's sellable stock: the reservation at checkout and its release. */
const STOCK_MOVING_ORDER_EVENTS = new Set(['order.created', 'order.expired', 'order.cancelled']);

/** An outbox event as the relay hands it over. */
export interface RelayedEvent {
  type: string;
  subjectType: string;
  subjectId: string;
}

/**
 * The stock.changed events of one relay batch, one per SKU whose stock moved: through a merchant
 * action (the inventory module's own stock.changed) or through checkouts — the orders module records
 * no stock event per order, as that would cost every checkout a write; the relay derives them from
 * the order events that reserved or released stock. Each carries the stock as API v1 shows it
 * (`{ sku: { id, product_id, stock } }`), read now, so a burst of orders makes one event per SKU
 * and batch. Nothing is read when no enabled endpoint listens to stock.changed.
 */
export async function stockChangedEvents(ctx: Ctx, batch: RelayedEvent[]): Promise<EmitWebhookEventInput[]> {
  const skuIds = new Set(
    batch.filter((e) => e.type === 'stock.changed' && e.subjectType === 'sku').map((e) => e.subjectId),
  );
  const orderIds = batch
    .filter((e) => e.subjectType === 'order' && STOCK_MOVING_ORDER_EVENTS.has(e.type))
    .map((e) => e.subjectId);
  if (!skuIds.size && !orderIds.length) return [];
  const listeners = await webhookListeners(ctx, 'stock.changed');
  if (!listeners.length) return [];
  if (orderIds.length) {
    const moved = await ctx.db
      .selectDistinct({ skuId: orders.skuId })
      .from(orders)
      .where(and(inArray(orders.id, orderIds), inArray(orders.deliveryMode, ['card_keys', 'manual'])));
    for (const m of moved) skuIds.add(m.skuId);
  }
  if (!skuIds.size) return [];
  const rows = await ctx.db
    .select({
      id: skus.id,
      productId: skus.productId,
      deliveryMode: skus.deliveryMode,
      manualStockCap: skus.manualStockCap,
      lowStockThreshold: skus.lowStockThreshold,
    })
    .from(skus)
    .where(inArray(skus.id, [...skuIds]));
  const keys = await keyStockOf(ctx.db, rows);
  return rows.flatMap((s) => {
    const sku = {
      id: s.id,
      product_id: s.productId,
      stock: stockOf(s, skuStockInfo(s, keys.get(s.id)).available),
    };
    return listeners.map((l) => ({
      resellerId: l.resellerId,
      mode: l.mode,
      type: 'stock.changed' as const,
      subjectKey: `sku:${s.id}`,
      data: { sku },
    }));
  });
}
