import type { ApiOrder, ApiOrderServed, ApiOrderStatus, ApiVersion, OrderStatus } from '@kameng/shared';

/**
 * How an order's status reads in the open API. The shop's statuses carry checkout detail an
 * integrator has no use for, so they fold into seven:
 *
 * | order status                        | API status           |
 * |-------------------------------------|----------------------|
 * | pending_payment                     | pending_payment (hosted checkout: the buyer has not paid yet; an API order is paid as it is created) |
 * | paid                                | processing (transient: delivery runs in the payment's transaction) |
 * | manual, reason `manual_sku`         | processing (manual goods waiting for the merchant) |
 * | manual (other reasons), delivery_failed | manual (a delivery problem queued for a person) |
 * | delivered                           | delivered            |
 * | refunded, never delivered           | cancelled (cancelled before delivery, paid back) |
 * | refunded after delivery             | refunded             |
 * | partially_refunded                  | partially_refunded   |
 * | expired, cancelled                  | cancelled            |
 */
export function apiStatusOf(
  status: OrderStatus,
  manualReason: string | null,
  deliveredAt: Date | null,
): ApiOrderStatus {
  switch (status) {
    case 'pending_payment':
      return 'pending_payment';
    case 'paid':
      return 'processing';
    case 'manual':
      return manualReason === 'manual_sku' ? 'processing' : 'manual';
    case 'delivery_failed':
      return 'manual';
    case 'delivered':
      return 'delivered';
    case 'refunded':
      return deliveredAt ? 'refunded' : 'cancelled';
    case 'partially_refunded':
      return 'partially_refunded';
    case 'expired':
    case 'cancelled':
      return 'cancelled';
  }
}

/**
 * An order in the shape of the version served: 1.0 as loaded; 1.1 adds `delivery.items` (the card
 * keys, then the text), one list for every delivery mode.
 */
export function servedOrder(order: ApiOrder, version: ApiVersion): ApiOrderServed {
  if (version === '1.0' || !order.delivery) return order;
  const { keys, text } = order.delivery;
  return {
    ...order,
    delivery: {
      keys,
      text,
      items: [
        ...keys.map((content) => ({ kind: 'card_key' as const, content })),
        ...(text !== null ? [{ kind: 'text' as const, content: text }] : []),
      ],
    },
  };
}
