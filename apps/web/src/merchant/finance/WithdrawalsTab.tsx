import type { HTMLAttributes } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Withdrawal, WithdrawalStatus } from '@kameng/shared';
import { Alert, Card, Empty, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchMyWithdrawals } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { PayoutAccountLabel } from '../../finance/PayoutAccountLabel';
import { WithdrawalNote } from '../../finance/WithdrawalNote';
import { WithdrawalStatusTag } from '../../finance/WithdrawalStatusTag';
import { withdrawalAmountColumns } from '../../finance/withdrawal-amount-columns';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { useCan } from '../use-can';
import { WithdrawForm } from './WithdrawForm';

/** Withdrawal request form (with finance.withdraw) and the merchant's withdrawal history. */
export function WithdrawalsTab() {
  const { t, i18n } = useTranslation();
  const canWithdraw = useCan('finance.withdraw');
  const list = useQuery({
    queryKey: financeKeys.withdrawals,
    queryFn: () => fetchMyWithdrawals({ limit: 200 }),
  });
  const columns: ColumnsType<Withdrawal> = [
    {
      title: t('finance.history.columns.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('finance.history.columns.account'),
      key: 'account',
      render: (_v, w) => <PayoutAccountLabel account={w.payoutAccount} />,
    },
    ...withdrawalAmountColumns(t),
    {
      title: t('finance.history.columns.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: WithdrawalStatus) => <WithdrawalStatusTag status={s} />,
    },
    { title: t('finance.history.columns.note'), key: 'note', render: (_v, w) => <WithdrawalNote w={w} /> },
  ];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {canWithdraw ? (
        <WithdrawForm />
      ) : (
        <Alert type="info" showIcon title={t('finance.withdraw.noPermission')} />
      )}
      <Card title={t('finance.history.title')} data-testid="withdrawal-history">
        {list.isError ? (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Withdrawal>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isPending}
            size="small"
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            onRow={(w) =>
              ({
                'data-testid': 'withdrawal-row',
                'data-id': w.id,
                'data-status': w.status,
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={t('finance.history.empty')} /> }}
          />
        )}
      </Card>
    </Space>
  );
}
