import type { OrderStatus } from '@kameng/shared';
import type { Transitions } from '../../lib/state-machine';

/**
 * The order lifecycle as data. `expired → paid` (and `cancelled → paid`) is a payment that arrived
 * after the reservation was given up; `paid` moves on to delivered, the manual queue (directly or through delivery_failed) or a
 * refund in the same transaction, so a paid order is never left at rest in `paid`.
 */
export const orderTransitions: Transitions<OrderStatus> = {
  pending_payment: ['paid', 'expired', 'cancelled'],
  expired: ['paid'],
  paid: ['delivered', 'manual', 'delivery_failed', 'refunded', 'partially_refunded'],
  delivery_failed: ['manual'],
  manual: ['delivered', 'refunded', 'partially_refunded'],
  delivered: ['refunded', 'partially_refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  cancelled: ['paid'],
  refunded: [],
};

/** Orders whose money was received (and not fully refunded). */
export const paidStatuses = [
  'paid',
  'delivered',
  'delivery_failed',
  'manual',
  'partially_refunded',
] as const satisfies readonly OrderStatus[];
