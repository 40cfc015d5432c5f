import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../api/orders';

const COLORS: Record<OrderStatus, string> = {
  pending_payment: 'default',
  paid: 'processing',
  delivered: 'success',
  delivery_failed: 'error',
  manual: 'warning',
  expired: 'default',
  cancelled: 'default',
  refunded: 'purple',
  partially_refunded: 'purple',
};

/** An order status as a coloured tag in the current language. */
export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="order-status" data-status={status}>
      {t(`orderStatus.${status}`)}
    </Tag>
  );
}
