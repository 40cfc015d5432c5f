import type { ApiAccessStatus } from '@kameng/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<ApiAccessStatus, string> = {
  none: 'default',
  pending: 'processing',
  approved: 'success',
  suspended: 'error',
};

/** A reseller's API access status as a coloured tag (data-status for tests). */
export function ApiStatusTag({ status }: { status: ApiAccessStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[status]} data-testid="api-status" data-status={status}>
      {t(`developer.apiStatus.${status}`)}
    </Tag>
  );
}
