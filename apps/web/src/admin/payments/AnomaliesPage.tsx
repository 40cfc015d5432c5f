import { useQuery } from '@tanstack/react-query';
import type { PaymentAnomaly } from '@kameng/shared';
import { Empty, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchAnomalies } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';

const COLORS: Record<PaymentAnomaly['type'], string> = {
  notify_rejected: 'error',
  healed_by_query: 'warning',
  amount_mismatch: 'magenta',
};

/** Route /admin/payments/anomalies: rejected notifies, amount mismatches, orders healed by active query. */
export function AnomaliesPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery({ queryKey: queryKeys.anomalies, queryFn: fetchAnomalies });
  const columns: ColumnsType<PaymentAnomaly> = [
    {
      title: t('payments.notifies.at'),
      dataIndex: 'at',
      key: 'at',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('payments.anomalies.type'),
      dataIndex: 'type',
      key: 'type',
      render: (v: PaymentAnomaly['type']) => (
        <Tag color={COLORS[v]} data-testid="anomaly-type" data-type={v}>
          {t(`payments.anomalies.types.${v}`)}
        </Tag>
      ),
    },
    {
      title: t('payments.notifies.channel'),
      dataIndex: 'channelId',
      key: 'channel',
      render: (v: string) => <code>{v}</code>,
    },
    {
      title: t('payments.notifies.reason'),
      dataIndex: 'reason',
      key: 'reason',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('payments.notifies.order'),
      dataIndex: 'orderId',
      key: 'order',
      render: (v: string | null) =>
        v ? (
          <Typography.Text copyable={{ text: v }} data-testid="anomaly-order">
            {v.slice(0, 8)}…
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <div data-testid="admin-anomalies">
      <Typography.Title level={4}>{t('payments.anomalies.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('payments.anomalies.help')}</Typography.Paragraph>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<PaymentAnomaly>
        rowKey={(a) => a.type + a.at + (a.attemptId ?? '') + (a.orderId ?? '')}
        size="small"
        scroll={{ x: true }}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        locale={{ emptyText: <Empty description={t('payments.anomalies.empty')} /> }}
        expandable={{
          rowExpandable: (a) => !!a.raw,
          expandedRowRender: (a) => <pre className="raw-notify">{a.raw}</pre>,
        }}
      />
    </div>
  );
}
