import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { NotifyLogEntry } from '@kameng/shared';
import { Empty, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchNotifies } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { NotifyVerdictTag } from '../../merchant/orders/OrderDetailPage';
import { NotifyReason } from './NotifyReason';

type Verdict = NotifyLogEntry['verdict'];

/** Route /admin/payments/notifies: every notify received, newest first, raw (redacted) on expand. */
export function NotifyLogPage() {
  const { t, i18n } = useTranslation();
  const [channelId, setChannelId] = useState('');
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const params = { channelId: channelId.trim() || undefined, verdict, limit: 200 };
  const list = useQuery({
    queryKey: [...queryKeys.notifyLog, params],
    queryFn: () => fetchNotifies(params),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnsType<NotifyLogEntry> = [
    {
      title: t('payments.notifies.at'),
      dataIndex: 'createdAt',
      key: 'at',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('payments.notifies.channel'),
      dataIndex: 'channelId',
      key: 'channel',
      render: (v: string) => <code>{v}</code>,
    },
    { title: t('payments.notifies.method'), dataIndex: 'method', key: 'method' },
    {
      title: t('payments.notifies.verdict'),
      dataIndex: 'verdict',
      key: 'verdict',
      render: (v: Verdict) => <NotifyVerdictTag verdict={v} />,
    },
    {
      title: t('payments.notifies.reason'),
      dataIndex: 'reason',
      key: 'reason',
      render: (v: string | null) => <NotifyReason code={v} />,
    },
    {
      title: t('payments.notifies.order'),
      dataIndex: 'orderId',
      key: 'order',
      render: (v: string | null) =>
        v ? <Typography.Text copyable={{ text: v }}>{v.slice(0, 8)}…</Typography.Text> : '—',
    },
    {
      title: t('payments.notifies.ip'),
      dataIndex: 'remoteIp',
      key: 'ip',
      render: (v: string | null) => <NotifyReason code={v} />,
    },
  ];
  return (
    <div data-testid="admin-notify-log">
      <Typography.Title level={4}>{t('payments.notifies.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('payments.notifies.channel')}
          onSearch={setChannelId}
          style={{ width: 200 }}
        />
        <Select<Verdict>
          allowClear
          placeholder={t('payments.notifies.allVerdicts')}
          value={verdict}
          onChange={setVerdict}
          style={{ width: 160 }}
          options={(['accepted', 'duplicate', 'rejected'] as const).map((v) => ({
            value: v,
            label: t(`notifyVerdict.${v}`),
          }))}
          data-testid="notify-verdict-filter"
        />
      </Space>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<NotifyLogEntry>
        rowKey="id"
        size="small"
        scroll={{ x: true }}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        locale={{ emptyText: <Empty description={t('payments.notifies.empty')} /> }}
        expandable={{ expandedRowRender: (n) => <pre className="raw-notify">{n.raw}</pre> }}
      />
    </div>
  );
}
