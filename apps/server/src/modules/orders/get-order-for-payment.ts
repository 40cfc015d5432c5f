import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { products } from '../catalog/schema';
import { orders } from './schema';

/** What the payments module needs of an order to charge it. */
export interface OrderForPayment {
  id: string;
  orderNo: string;
  merchantId: string;
  title: string;
  total: number;
  currency: string;
  status: (typeof orders.$inferSelect)['status'];
  expiresAt: Date;
}

/** An order as payments sees it, or ORDER_NOT_FOUND. */
export async function getOrderForPayment(db: DbOrTx, orderId: string): Promise<OrderForPayment> {
  const [row] = await orderForPayment(db, { orderId });
  if (!row) throw new AppError('ORDER_NOT_FOUND');
  return row;
}

const orderForPayment = prepared('order_for_payment', (db) =>
  db
    .select({
      id: orders.id,
      orderNo: orders.orderNo,
      merchantId: orders.merchantId,
      title: products.title,
      total: orders.total,
      currency: orders.currency,
      status: orders.status,
      expiresAt: orders.expiresAt,
    })
    .from(orders)
    .innerJoin(products, eq(products.id, orders.productId))
    .where(eq(orders.id, sql.placeholder('orderId'))),
);
