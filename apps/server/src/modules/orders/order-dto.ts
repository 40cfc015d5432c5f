import type { MerchantOrderSummary } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { products, skus } from '../catalog/schema';
import { orders } from './schema';

/** The columns of a merchant's order list row (orders ⋈ products ⋈ skus). */
export const summaryColumns = {
  id: orders.id,
  orderNo: orders.orderNo,
  status: orders.status,
  productId: orders.productId,
  skuId: orders.skuId,
  title: products.title,
  skuName: skus.name,
  deliveryMode: orders.deliveryMode,
  quantity: orders.quantity,
  deliveredQuantity: orders.deliveredQuantity,
  total: orders.total,
  refundedAmount: orders.refundedAmount,
  currency: orders.currency,
  contact: orders.contact,
  contactKind: orders.contactKind,
  createdAt: orders.createdAt,
  paidAt: orders.paidAt,
  deliveredAt: orders.deliveredAt,
  manualReason: orders.manualReason,
  manualSince: orders.manualSince,
};

/** orders joined with their product and SKU. */
export function ordersWithProduct(db: DbOrTx) {
  return db
    .select(summaryColumns)
    .from(orders)
    .innerJoin(products, eq(products.id, orders.productId))
    .innerJoin(skus, eq(skus.id, orders.skuId));
}

type SummaryRow = Awaited<ReturnType<typeof ordersWithProduct>>[number];

/** A list row as the API returns it (ISO dates). */
export function toSummary(r: SummaryRow): MerchantOrderSummary {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    paidAt: r.paidAt?.toISOString() ?? null,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    manualSince: r.manualSince?.toISOString() ?? null,
  };
}
