import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PaymentAnomaly } from '@kameng/shared';
import { App, Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchAnomalies, resumeChannel } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { MarkRefundedOfflineModal } from './MarkRefundedOfflineModal';
import { ANOMALY_COLORS, DUPLICATE_COLORS } from './anomaly-colors';
import { NotifyReason } from './NotifyReason';

/**
 * Route /admin/payments/anomalies: rejected notifies, amount mismatches, orders healed by active query,
 * orders paid twice with the refund of the second payment ("refund by hand" → mark refunded offline),
 * channels paused automatically ("resume channel") and failed channel refunds (the merchant retries).
 */
export function AnomaliesPage() {
  const { t, i18n } = useTranslation();
  const list = useQuery({ queryKey: queryKeys.anomalies, queryFn: fetchAnomalies });
  const [marking, setMarking] = useState<PaymentAnomaly | null>(null);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const resume = useMutation({
    mutationFn: (channelId: string) => resumeChannel(channelId),
    onSuccess: async () => {
      void message.success(t('payments.anomalies.resumed'));
      await qc.invalidateQueries({ queryKey: queryKeys.anomalies });
      await qc.invalidateQueries({ queryKey: queryKeys.paymentChannels });
    },
    onError: (e) => void message.error(e.message),
  });
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
        <Tag color={ANOMALY_COLORS[v]} data-testid="anomaly-type" data-type={v}>
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
      render: (v: string | null, a) => {
        const i = a.incident;
        if (!i) return <NotifyReason code={v} />;
        return (
          <Space direction="vertical" size={0} data-testid="anomaly-incident">
            <span>{v ?? '—'}</span>
            {a.type === 'channel_paused' && i.pausedUntil ? (
              <Typography.Text type="secondary">
                {t('payments.anomalies.pausedUntil', { at: formatDateTime(i.pausedUntil, i18n.language) })}
              </Typography.Text>
            ) : null}
            {a.type === 'refund_failed' && i.amount !== null ? (
              <Tooltip title={t('payments.anomalies.refundRetry')}>
                <Typography.Text type="secondary">
                  {t('payments.anomalies.refundAmount', { amount: formatFen(i.amount) })}
                </Typography.Text>
              </Tooltip>
            ) : null}
            {i.resolvedAt ? (
              <Tag color="success">
                {t('payments.anomalies.resolved', { at: formatDateTime(i.resolvedAt, i18n.language) })}
              </Tag>
            ) : null}
          </Space>
        );
      },
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
      render: (_v, a) => {
        if (a.duplicateRefund?.canMarkOffline) {
          return (
            <Button size="small" danger data-testid="mark-refunded-offline" onClick={() => setMarking(a)}>
              {t('payments.anomalies.markOffline')}
            </Button>
          );
        }
        if (a.type === 'channel_paused' && a.incident && !a.incident.resolvedAt) {
          return (
            <Button
              size="small"
              data-testid="anomaly-resume-channel"
              loading={resume.isPending && resume.variables === a.channelId}
              onClick={() => resume.mutate(a.channelId)}
            >
              {t('payments.anomalies.resumeChannel')}
            </Button>
          );
        }
        return null;
      },
    },
  ];
  return (
    <div data-testid="admin-anomalies">
      <Typography.Title level={4}>{t('payments.anomalies.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('payments.anomalies.help')}</Typography.Paragraph>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<PaymentAnomaly>
        rowKey={(a) => a.incident?.id ?? a.type + a.at + (a.attemptId ?? '') + (a.orderId ?? '')}
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
