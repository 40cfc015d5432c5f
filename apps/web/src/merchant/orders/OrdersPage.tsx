import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MerchantOrderSummary, OrderStatus } from '@kameng/shared';
import { Button, Empty, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchMerchantOrders } from '../../api/merchant-orders';
import { ORDER_STATUSES } from '../../api/orders';
import { queryKeys } from '../../api/queries';
import { OrderStatusTag } from '../../checkout/OrderStatusTag';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { formatDateTime } from '../../layout/format-date-time';
import { localDateToIso } from '../../lib/datetime-local';
import { formatFen } from '../../lib/money';
import { useCan } from '../use-can';

const PAGE_SIZE = 20;

/** Route /merchant/orders: orders with status, search and date filters (needs orders.read). */
export function OrdersPage() {
  const { t, i18n } = useTranslation();
  const canRead = useCan('orders.read');
  const [status, setStatus] = useState<OrderStatus | undefined>();
  const [q, setQ] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const params = {
    status,
    q: q.trim() || undefined,
    from: localDateToIso(from) ?? undefined,
    to: localDateToIso(to, 1) ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useQuery({
    queryKey: [...queryKeys.merchantOrders, 'list', params],
    queryFn: () => fetchMerchantOrders(params),
    enabled: canRead,
    placeholderData: keepPreviousData,
  });
  if (!canRead) return <Forbidden />;

  const columns: ColumnsType<MerchantOrderSummary> = [
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
    {
      title: t('orders.product'),
      key: 'product',
      render: (_v, o) => `${o.title} · ${o.skuName}`,
    },
    { title: t('orders.quantity'), dataIndex: 'quantity', key: 'quantity' },
    {
      title: t('orders.total'),
      dataIndex: 'total',
      key: 'total',
      render: (v: number, o) => (
        <span>
          {formatFen(v)}
          {o.refundedAmount > 0 ? (
            <Typography.Text type="secondary"> (−{formatFen(o.refundedAmount)})</Typography.Text>
          ) : null}
        </span>
      ),
    },
    {
      title: t('orders.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: OrderStatus) => <OrderStatusTag status={s} />,
    },
    { title: t('orders.contact'), dataIndex: 'contact', key: 'contact' },
    {
      title: t('orders.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
  ];

  const filtered = Boolean(status || q || from || to);
  return (
    <div data-testid="merchant-orders">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('orders.title')}
        </Typography.Title>
        <Link to="/merchant/orders/manual">
          <Button data-testid="manual-queue-link">{t('orders.manualQueue')}</Button>
        </Link>
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('orders.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
          style={{ width: 260 }}
          data-testid="order-search"
        />
        <Select<OrderStatus>
          allowClear
          placeholder={t('orders.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          style={{ width: 160 }}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orderStatus.${s}`) }))}
          data-testid="order-status-filter"
        />
        <Input
          type="date"
          value={from}
          aria-label={t('orders.from')}
          onChange={(e) => {
            setFrom(e.target.value);
            setPage(1);
          }}
          style={{ width: 160 }}
          data-testid="order-from"
        />
        <Input
          type="date"
          value={to}
          aria-label={t('orders.to')}
          onChange={(e) => {
            setTo(e.target.value);
            setPage(1);
          }}
          style={{ width: 160 }}
          data-testid="order-to"
        />
      </Space>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<MerchantOrderSummary>
        rowKey="id"
        size="middle"
        scroll={{ x: true }}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        locale={{
          emptyText: <Empty description={filtered ? t('orders.emptyFiltered') : t('orders.empty')} />,
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        onRow={(o) =>
          ({ 'data-testid': 'order-row', 'data-status': o.status }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}
