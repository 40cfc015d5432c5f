import { useQuery } from '@tanstack/react-query';
import type { DuplicateRefundStatus, PaymentAnomaly } from '@kameng/shared';
import { Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchAnomalies } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { MarkRefundedOfflineModal } from './MarkRefundedOfflineModal';

const COLORS: Record<PaymentAnomaly['type'], string> = {
  notify_rejected: 'error',
  healed_by_query: 'warning',
  amount_mismatch: 'magenta',
  paid_twice: 'volcano',
};

const DUPLICATE_COLORS: Record<DuplicateRefundStatus, string> = {
  pending: 'processing',
  refunding: 'processing',
  refunded: 'success',
  manual: 'error',
  refunded_offline: 'success',
};

/**
 * Route /admin/payments/anomalies: rejected notifies, amount mismatches, orders healed by active query,
 * and orders paid twice with the refund of the second payment ("refund by hand" → mark refunded offline).
 */
export function AnomaliesPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery({ queryKey: queryKeys.anomalies, queryFn: fetchAnomalies });
  const [marking, setMarking] = useState<PaymentAnomaly | null>(null);
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
      render: (v: string | null, a) =>
        v ? (
          <Space direction="vertical" size={0}>
            <Typography.Text copyable={{ text: a.orderNo ?? v }} data-testid="anomaly-order">
              {a.orderNo ?? `${v.slice(0, 8)}…`}
            </Typography.Text>
            {a.merchantId ? (
              <Link to={`/admin/finance/merchants/${a.merchantId}`}>
                {t('payments.anomalies.merchantLedger')}
              </Link>
            ) : null}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('payments.anomalies.duplicate'),
      key: 'duplicate',
      render: (_v, a) => {
        const d = a.duplicateRefund;
        if (!d) return '—';
        const details = [
          t('payments.anomalies.tries', { count: d.tries }),
          d.lastError ? t('payments.anomalies.lastError', { error: d.lastError }) : null,
          d.ref ? t('payments.anomalies.ref', { ref: d.ref }) : null,
        ].filter(Boolean);
        return (
          <Space direction="vertical" size={0}>
            <Tooltip title={details.join(' · ')}>
              <Tag color={DUPLICATE_COLORS[d.status]} data-testid="duplicate-status" data-status={d.status}>
                {t(`payments.anomalies.duplicateStatus.${d.status}`)}
              </Tag>
            </Tooltip>
            <Typography.Text type="secondary">{formatFen(d.amount)}</Typography.Text>
          </Space>
        );
      },
    },
    {
      title: '',
      key: 'actions',
      render: (_v, a) =>
        a.duplicateRefund?.canMarkOffline ? (
          <Button size="small" danger data-testid="mark-refunded-offline" onClick={() => setMarking(a)}>
            {t('payments.anomalies.markOffline')}
          </Button>
        ) : null,
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
      {marking ? <MarkRefundedOfflineModal anomaly={marking} onClose={() => setMarking(null)} /> : null}
    </div>
  );
}
