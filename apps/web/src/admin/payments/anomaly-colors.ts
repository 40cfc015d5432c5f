import type { DuplicateRefundStatus, PaymentAnomaly } from '@kameng/shared';

/** Tag colours of the anomaly types (admin and merchant views). */
export const ANOMALY_COLORS: Record<PaymentAnomaly['type'], string> = {
  notify_rejected: 'error',
  healed_by_query: 'warning',
  amount_mismatch: 'magenta',
  paid_twice: 'volcano',
  channel_paused: 'orange',
  refund_failed: 'red',
};

/** Tag colours of a duplicate payment's refund state. */
export const DUPLICATE_COLORS: Record<DuplicateRefundStatus, string> = {
  pending: 'processing',
  refunding: 'processing',
  refunded: 'success',
  manual: 'error',
  refunded_offline: 'success',
};
