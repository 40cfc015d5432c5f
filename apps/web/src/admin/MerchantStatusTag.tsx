import type { MerchantStatus } from '@kameng/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<MerchantStatus, string> = {
  pending_review: 'processing',
  active: 'success',
  suspended: 'warning',
  banned: 'error',
};

/** A merchant's lifecycle status as a coloured tag. */
export function MerchantStatusTag({ status }: { status: MerchantStatus }) {
  const { t } = useTranslation();
  return <Tag color={colors[status]}>{t(`merchantStatus.${status}`)}</Tag>;
}
