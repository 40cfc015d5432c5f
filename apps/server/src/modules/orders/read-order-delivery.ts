import { eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { products, skus } from '../catalog/schema';
import { readOrderKeys } from '../inventory/read-order-keys';
import { orders } from './schema';

/** Everything delivered for an order, decrypted (result page and e-mail). */
export interface OrderDeliveryContent {
  orderNo: string;
  title: string;
  skuName: string;
  locale: 'zh-CN' | 'en';
  contact: string;
  contactKind: 'email' | 'phone' | 'qq';
  usageGuide: string;
  keys: string[];
  sharedText: string | null;
  manualText: string | null;
}

const delivered = new Set(['delivered', 'refunded', 'partially_refunded', 'manual']);

/**
 * The decrypted delivery of an order. The caller has checked who may see it (token holder, the
 * merchant, the e-mail job). Shared text only once the order was delivered.
 */
export async function readOrderDelivery(ctx: Ctx, orderId: string): Promise<OrderDeliveryContent> {
  const [row] = await deliveryOf(ctx.db, { orderId });
  if (!row) throw new AppError('ORDER_NOT_FOUND');
  const shared =
    row.deliveryMode === 'shared_text' && row.deliveredAt && delivered.has(row.status) && row.sharedText
      ? ctx.box.decryptText(row.sharedText, `sku-text:${row.skuId}`)
      : null;
  return {
    orderNo: row.orderNo,
    title: row.title,
    skuName: row.skuName,
    locale: row.locale,
    contact: row.contact,
    contactKind: row.contactKind,
    usageGuide: row.usageGuide,
    keys: (await readOrderKeys(ctx, orderId)).map((k) => k.secret),
    sharedText: shared,
    manualText: row.manualDelivery
      ? ctx.box.decryptText(row.manualDelivery, `order-delivery:${row.id}`)
      : null,
  };
}

const deliveryOf = prepared('order_delivery', (db) =>
  db
    .select({
      id: orders.id,
      status: orders.status,
      deliveryMode: orders.deliveryMode,
      deliveredAt: orders.deliveredAt,
      orderNo: orders.orderNo,
      title: products.title,
      skuName: skus.name,
      skuId: skus.id,
      locale: orders.locale,
      contact: orders.contact,
      contactKind: orders.contactKind,
      usageGuide: products.usageGuide,
      sharedText: skus.sharedText,
      manualDelivery: orders.manualDelivery,
    })
    .from(orders)
    .innerJoin(products, eq(products.id, orders.productId))
    .innerJoin(skus, eq(skus.id, orders.skuId))
    .where(eq(orders.id, sql.placeholder('orderId'))),
);
