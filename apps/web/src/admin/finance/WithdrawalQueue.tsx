import { useState, type HTMLAttributes } from 'react';
import { useQuery } from '@tanstack/react-query';
import { withdrawalStatuses, type Withdrawal, type WithdrawalStatus } from '@kameng/shared';
import { Button, Empty, Select, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchWithdrawalQueue } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { PayoutAccountLabel } from '../../finance/PayoutAccountLabel';
import { WithdrawalNote } from '../../finance/WithdrawalNote';
import { WithdrawalStatusTag } from '../../finance/WithdrawalStatusTag';
import { withdrawalAmountColumns } from '../../finance/withdrawal-amount-columns';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { WithdrawalActionModal, type ReviewKind } from './WithdrawalActionModal';

/** 'open' = requested + approved (what still needs the platform), the default. */
type QueueFilter = 'open' | 'all' | WithdrawalStatus;

async function fetchQueue(filter: QueueFilter): Promise<Withdrawal[]> {
  if (filter === 'open') {
    const [requested, approved] = await Promise.all([
      fetchWithdrawalQueue({ status: 'requested', limit: 200 }),
      fetchWithdrawalQueue({ status: 'approved', limit: 200 }),
    ]);
    return [...requested.items, ...approved.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  const res = await fetchWithdrawalQueue({ status: filter === 'all' ? undefined : filter, limit: 200 });
  return res.items;
}

const actionsByStatus: Partial<Record<WithdrawalStatus, ReviewKind[]>> = {
  requested: ['approve', 'reject'],
  approved: ['paid', 'failed'],
};

/** The withdrawal review queue: approve or reject requests, then mark approved ones paid or failed. */
export function WithdrawalQueue() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<QueueFilter>('open');
  const [action, setAction] = useState<{ withdrawal: Withdrawal; kind: ReviewKind } | null>(null);
  const list = useQuery({ queryKey: [...financeKeys.queue, filter], queryFn: () => fetchQueue(filter) });

  const columns: ColumnsType<Withdrawal> = [
    {
      title: t('finance.history.columns.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('adminFinance.review.merchant'),
      key: 'merchant',
      render: (_v, w) => <Link to={`/admin/finance/merchants/${w.merchantId}`}>{w.merchantName}</Link>,
    },
    {
      title: t('adminFinance.review.payoutAccount'),
      key: 'account',
      render: (_v, w) => <PayoutAccountLabel account={w.payoutAccount} />,
    },
    ...withdrawalAmountColumns(t, { strongNet: true }),
    {
      title: t('field.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: WithdrawalStatus) => <WithdrawalStatusTag status={s} />,
    },
    { title: t('finance.history.columns.note'), key: 'note', render: (_v, w) => <WithdrawalNote w={w} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_v, w) => (
        <Space size={0} wrap>
          {(actionsByStatus[w.status] ?? []).map((kind) => (
            <Button
              key={kind}
              type="link"
              size="small"
              danger={kind === 'reject' || kind === 'failed'}
              data-testid={`withdrawal-${kind}`}
              onClick={() => setAction({ withdrawal: w, kind })}
            >
              {t(`adminFinance.review.${kind}`)}
            </Button>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="withdrawal-queue">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<QueueFilter>
          style={{ minWidth: 180 }}
          value={filter}
          onChange={setFilter}
          aria-label={t('adminFinance.review.filterStatus')}
          data-testid="withdrawal-status-filter"
          options={[
            {
              value: 'open',
              label: `${t('finance.withdrawalStatus.requested')} + ${t('finance.withdrawalStatus.approved')}`,
            },
            { value: 'all', label: t('adminFinance.review.allStatuses') },
            ...withdrawalStatuses.map((s) => ({ value: s, label: t(`finance.withdrawalStatus.${s}`) })),
          ]}
        />
      </Space>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Withdrawal>
          rowKey="id"
          columns={columns}
          dataSource={list.data ?? []}
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
          locale={{ emptyText: <Empty description={t('adminFinance.review.empty')} /> }}
        />
      )}
      {action ? (
        <WithdrawalActionModal
          withdrawal={action.withdrawal}
          kind={action.kind}
          onClose={() => setAction(null)}
        />
      ) : null}
    </div>
  );
}
