import { useQuery } from '@tanstack/react-query';
import type { ManualQueue } from '@kameng/shared';
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchManualQueue } from '../../api/merchant-orders';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { useCan } from '../use-can';

type Item = ManualQueue['items'][number];

/** SLA thresholds for the age badge: under 30 min fine, under 2 h warning, beyond late. */
const SLA_WARN = 30 * 60;
const SLA_LATE = 2 * 60 * 60;

/** "1 h 05 min" style age. */
function useAge() {
  const { t } = useTranslation();
  return (seconds: number) => {
    const m = Math.floor(seconds / 60);
    if (m < 60) return t('orders.age.minutes', { m });
    const h = Math.floor(m / 60);
    if (h < 48) return t('orders.age.hours', { h, m: m % 60 });
    return t('orders.age.days', { d: Math.floor(h / 24), h: h % 24 });
  };
}

export function SlaBadge({ seconds }: { seconds: number }) {
  const age = useAge();
  const level = seconds >= SLA_LATE ? 'late' : seconds >= SLA_WARN ? 'warn' : 'ok';
  return (
    <Tag
      color={level === 'late' ? 'error' : level === 'warn' ? 'warning' : 'success'}
      data-testid="sla-age"
      data-level={level}
    >
      {age(seconds)}
    </Tag>
  );
}

/** Route /merchant/orders/manual: orders waiting for a person, oldest first, with their SLA age. */
export function ManualQueuePage() {
  const { t, i18n } = useTranslation();
  const canRead = useCan('orders.read');
  const queue = useQuery({
    queryKey: queryKeys.manualQueue,
    queryFn: fetchManualQueue,
    enabled: canRead,
    refetchInterval: 30_000,
  });
  if (!canRead) return <Forbidden />;
  const items = [...(queue.data?.items ?? [])].sort((a, b) => b.ageSeconds - a.ageSeconds);
  const columns: ColumnsType<Item> = [
    {
      title: t('orders.age.title'),
      dataIndex: 'ageSeconds',
      key: 'age',
      render: (s: number) => <SlaBadge seconds={s} />,
    },
    {
      title: t('orders.orderNo'),
      dataIndex: 'orderNo',
      key: 'orderNo',
      render: (v: string, o) => (
        <Link to={`/merchant/orders/${o.id}`} data-testid="order-link">
          {v}
        </Link>
      ),
    },
    { title: t('orders.product'), key: 'product', render: (_v, o) => `${o.title} · ${o.skuName}` },
    { title: t('orders.quantity'), key: 'qty', render: (_v, o) => `${o.deliveredQuantity}/${o.quantity}` },
    { title: t('orders.total'), dataIndex: 'total', key: 'total', render: (v: number) => formatFen(v) },
    {
      title: t('orders.manualReason'),
      dataIndex: 'manualReason',
      key: 'reason',
      render: (v: string | null) => v ?? '—',
    },
    { title: t('orders.contact'), dataIndex: 'contact', key: 'contact' },
    {
      title: t('orders.manualSince'),
      dataIndex: 'manualSince',
      key: 'since',
      render: (v: string | null) => (v ? formatDateTime(v, i18n.language) : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, o) => (
        <Link to={`/merchant/orders/${o.id}`}>
          <Button type="link" size="small" data-testid="manual-handle">
            {t('orders.handle')}
          </Button>
        </Link>
      ),
    },
  ];
  return (
    <div data-testid="manual-queue">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orders.manualQueue')}
        </Typography.Title>
        <Link to="/merchant/orders">{t('orders.backToList')}</Link>
      </Space>
      <Typography.Paragraph type="secondary">{t('orders.manualQueueHelp')}</Typography.Paragraph>
      {queue.isError ? <ErrorAlert error={queue.error} onRetry={() => void queue.refetch()} /> : null}
      <Table<Item>
        rowKey="id"
        size="middle"
        scroll={{ x: true }}
        columns={columns}
        dataSource={items}
        loading={queue.isFetching}
        pagination={false}
        locale={{ emptyText: <Empty description={t('orders.manualEmpty')} /> }}
      />
    </div>
  );
}
