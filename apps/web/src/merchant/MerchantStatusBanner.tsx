import type { MerchantStatus } from '@kameng/shared';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';

const types = {
  pending_review: 'info',
  active: 'success',
  suspended: 'warning',
  banned: 'error',
} as const satisfies Record<MerchantStatus, 'info' | 'success' | 'warning' | 'error'>;

/** Explains what the merchant's status means for selling (e.g. 审核中: nothing sells before approval). */
export function MerchantStatusBanner({ status }: { status: MerchantStatus }) {
  const { t } = useTranslation();
  return (
    <Alert
      type={types[status]}
      showIcon
      data-testid="merchant-status-banner"
      data-status={status}
      title={t(`merchant.banner.${status}.title`)}
      description={t(`merchant.banner.${status}.description`)}
    />
  );
}
