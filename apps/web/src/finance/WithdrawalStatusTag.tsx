import type { WithdrawalStatus } from '@kameng/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<WithdrawalStatus, string> = {
  requested: 'processing',
  approved: 'gold',
  rejected: 'default',
  paid: 'success',
  failed: 'error',
};

/** A withdrawal's status; `data-status` carries the raw value for tests. */
export function WithdrawalStatusTag({ status }: { status: WithdrawalStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[status]} data-testid="withdrawal-status" data-status={status}>
      {t(`finance.withdrawalStatus.${status}`)}
    </Tag>
  );
}
