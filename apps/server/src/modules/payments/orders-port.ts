import type { DbOrTx } from '../../db/client';
import { isAppError } from '../../lib/app-error';
import { getOrderForPayment as getOrder, type OrderForPayment } from '../orders/get-order-for-payment';

export { markOrderPaid } from '../orders/mark-order-paid';
export { merchantOrderIds, merchantOrderRefs } from '../orders/merchant-orders-ref';
export type { OrderForPayment };

/** The order facts a payment needs, or undefined when there is no such order. */
export async function getOrderForPayment(db: DbOrTx, orderId: string): Promise<OrderForPayment | undefined> {
  try {
    return await getOrder(db, orderId);
  } catch (err) {
    if (isAppError(err, 'ORDER_NOT_FOUND')) return undefined;
    throw err;
  }
}
