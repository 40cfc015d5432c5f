import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { merchantStatuses, type Merchant, type MerchantStatus } from '@kameng/shared';
import { Button, Empty, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchMerchants } from '../api/admin';
import { queryKeys } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { MerchantStatusModal, type TargetStatus } from './MerchantStatusModal';
import { MerchantStatusTag } from './MerchantStatusTag';

const targets: TargetStatus[] = ['active', 'suspended', 'banned'];

/** Merchant review and lifecycle: list by status, activate / suspend / ban with a reason. */
export function MerchantsPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<MerchantStatus | undefined>(undefined);
  const [action, setAction] = useState<{ merchant: Merchant; target: TargetStatus } | null>(null);
  const list = useQuery({
    queryKey: [...queryKeys.adminMerchants, status ?? 'all'],
    queryFn: () => fetchMerchants({ status, limit: 200 }),
  });

  const columns: ColumnsType<Merchant> = [
    { title: t('admin.merchants.columns.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('field.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (kind: Merchant['kind']) => t(`merchantKind.${kind}`),
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: MerchantStatus) => <MerchantStatusTag status={s} />,
    },
    { title: t('field.email'), dataIndex: 'contactEmail', key: 'contactEmail' },
    {
      title: t('field.contactPhone'),
      dataIndex: 'contactPhone',
      key: 'contactPhone',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('admin.merchants.columns.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, m) => (
        <Space size={0} wrap>
          <Link to={`/admin/finance/merchants/${m.id}`}>
            <Button type="link" size="small" data-testid="merchant-finance">
              {t('adminFinance.merchant.action')}
            </Button>
          </Link>
          {targets
            .filter((target) => target !== m.status)
            .map((target) => (
              <Button
                key={target}
                type="link"
                size="small"
                danger={target !== 'active'}
                data-testid={`merchant-${target}`}
                onClick={() => setAction({ merchant: m, target })}
              >
                {t(`admin.merchants.action.${target}`)}
              </Button>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="admin-merchants">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('admin.merchants.title')}
        </Typography.Title>
        <Select<MerchantStatus | 'all'>
          style={{ minWidth: 160 }}
          value={status ?? 'all'}
          onChange={(v) => setStatus(v === 'all' ? undefined : v)}
          aria-label={t('admin.merchants.filterStatus')}
          data-testid="merchant-status-filter"
          options={[
            { value: 'all', label: t('admin.merchants.allStatuses') },
            ...merchantStatuses.map((s) => ({ value: s, label: t(`merchantStatus.${s}`) })),
          ]}
        />
      </Space>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Merchant>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('admin.merchants.empty')} /> }}
        />
      )}
      {action ? (
        <MerchantStatusModal
          merchant={action.merchant}
          target={action.target}
          onClose={() => setAction(null)}
        />
      ) : null}
    </div>
  );
}
