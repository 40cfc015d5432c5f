import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { merchantAnomalyTypes, type PaymentAnomaly } from '@kameng/shared';
import { Button, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchMerchantAnomalies } from '../../api/merchant-orders';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { useCan } from '../use-can';
import { ANOMALY_COLORS, DUPLICATE_COLORS } from '../../admin/payments/anomaly-colors';
import { NotifyReason } from '../../admin/payments/NotifyReason';

type AnomalyType = (typeof merchantAnomalyTypes)[number];

const PAGE_SIZE = 20;

/**
 * Route /merchant/orders/anomalies (needs orders.read): the payment anomalies of the merchant's own
 * orders, newest first, by type — rejected notifies (raw text redacted as stored), payments healed by
 * query, orders paid twice (the duplicate refund is the platform's: read-only here) and failed refunds
 * (retried from the order). Channel-level anomalies are the platform's and never shown here.
 */
export function PaymentAnomaliesPage() {
  const { t, i18n } = useTranslation();
  const canRead = useCan('orders.read');
  const [type, setType] = useState<AnomalyType | undefined>();
  const [page, setPage] = useState(1);
  const params = { type, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ['merchant', 'payment-anomalies', params],
    queryFn: () => fetchMerchantAnomalies(params),
    enabled: canRead,
    placeholderData: keepPreviousData,
  });
  if (!canRead) return <Forbidden />;

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
      render: (v: AnomalyType) => (
        <Tag color={ANOMALY_COLORS[v]} data-testid="anomaly-type" data-type={v}>
          {t(`payments.anomalies.types.${v}`)}
        </Tag>
      ),
    },
    {
      title: t('orders.orderNo'),
      dataIndex: 'orderNo',
      key: 'order',
      render: (v: string | null, a) =>
        a.orderId ? (
          <Link to={`/merchant/orders/${a.orderId}`} data-testid="anomaly-order">
            {v ?? `${a.orderId.slice(0, 8)}…`}
          </Link>
        ) : (
          '—'
        ),
    },
    {
      title: t('payments.notifies.reason'),
      key: 'reason',
      render: (_v, a) => (
        <Space direction="vertical" size={0}>
          {a.type === 'refund_failed' ? <span>{a.reason ?? '—'}</span> : <NotifyReason code={a.reason} />}
          {a.type === 'refund_failed' ? (
            <>
              {a.incident?.amount != null ? (
                <Typography.Text type="secondary">
                  {t('payments.anomalies.refundAmount', { amount: formatFen(a.incident.amount) })}
                </Typography.Text>
              ) : null}
              <Typography.Text type="warning" data-testid="anomaly-refund-hint">
                {t('payments.merchantAnomalies.refundRetry')}
              </Typography.Text>
            </>
          ) : null}
          {a.duplicateRefund ? (
            <Space size={4} wrap>
              <Tag
                color={DUPLICATE_COLORS[a.duplicateRefund.status]}
                data-testid="anomaly-duplicate"
                data-status={a.duplicateRefund.status}
              >
                {t(`payments.anomalies.duplicateStatus.${a.duplicateRefund.status}`)}
              </Tag>
              <Typography.Text type="secondary">{formatFen(a.duplicateRefund.amount)}</Typography.Text>
              <Typography.Text type="secondary">
                {t('payments.merchantAnomalies.platformRefunds')}
              </Typography.Text>
            </Space>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('payments.notifies.channel'),
      dataIndex: 'channelId',
      key: 'channel',
      render: (v: string) => <code>{v}</code>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, a) =>
        a.orderId ? (
          <Link to={`/merchant/orders/${a.orderId}`}>
            <Button size="small" data-testid="anomaly-open-order">
              {t('payments.merchantAnomalies.openOrder')}
            </Button>
          </Link>
        ) : null,
    },
  ];

  return (
    <div data-testid="merchant-anomalies">
      <Typography.Title level={3}>{t('payments.merchantAnomalies.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('payments.merchantAnomalies.help')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<AnomalyType>
          allowClear
          placeholder={t('payments.merchantAnomalies.allTypes')}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          style={{ width: 200 }}
          options={merchantAnomalyTypes.map((v) => ({ value: v, label: t(`payments.anomalies.types.${v}`) }))}
          data-testid="anomaly-type-filter"
        />
      </Space>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<PaymentAnomaly>
        rowKey={(a) => a.incident?.id ?? `${a.type}:${a.at}:${a.attemptId ?? ''}:${a.orderId ?? ''}`}
        size="middle"
        scroll={{ x: true }}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{
          emptyText: (
            <Empty
              description={
                type ? t('payments.merchantAnomalies.emptyFiltered') : t('payments.merchantAnomalies.empty')
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        expandable={{
          rowExpandable: (a) => !!a.raw,
          expandedRowRender: (a) => (
            <div>
              <Typography.Text type="secondary">{t('payments.merchantAnomalies.raw')}</Typography.Text>
              <pre className="raw-notify" data-testid="anomaly-raw">
                {a.raw}
              </pre>
            </div>
          ),
        }}
        onRow={(a) =>
          ({ 'data-testid': 'anomaly-row', 'data-type': a.type }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}
