import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelTestResult, PaymentChannel } from '@kameng/shared';
import { App, Button, Empty, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchChannels, setChannelEnabled, testChannel } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { MethodLabel } from '../../checkout/MethodLabel';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatFen } from '../../lib/money';
import { ChannelModal } from './ChannelModal';

/** Route /admin/payments: the payment channels (configure, test, pause / resume). */
export function ChannelsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<PaymentChannel | 'new' | null>(null);
  const list = useQuery({ queryKey: queryKeys.paymentChannels, queryFn: fetchChannels });
  const toggle = useMutation({
    mutationFn: (c: PaymentChannel) => setChannelEnabled(c.id, !c.enabled),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: queryKeys.paymentChannels });
    },
    onError: (e) => void message.error(e.message),
  });
  const test = useMutation({
    mutationFn: (c: PaymentChannel) => testChannel(c.id),
    onSuccess: (r: ChannelTestResult) =>
      void modal.info({
        title: r.ok ? t('payments.channels.testOk') : t('payments.channels.testFailed'),
        content: (
          <div data-testid="channel-test-result" data-ok={r.ok}>
            {r.error ? <Typography.Paragraph type="danger">{r.error}</Typography.Paragraph> : null}
            {r.providerTradeNo ? (
              <Typography.Paragraph>
                {t('payments.channels.providerTradeNo')}: <code>{r.providerTradeNo}</code>
              </Typography.Paragraph>
            ) : null}
            {r.action ? <pre className="raw-notify">{JSON.stringify(r.action, null, 2)}</pre> : null}
          </div>
        ),
      }),
    onError: (e) => void message.error(e.message),
  });

  const columns: ColumnsType<PaymentChannel> = [
    { title: t('payments.channels.id'), dataIndex: 'id', key: 'id', render: (v: string) => <code>{v}</code> },
    { title: t('payments.channels.name'), dataIndex: 'name', key: 'name' },
    { title: t('payments.channels.provider'), dataIndex: 'provider', key: 'provider' },
    {
      title: t('payments.channels.method'),
      dataIndex: 'method',
      key: 'method',
      render: (m: string) => <MethodLabel method={m} />,
    },
    {
      title: t('payments.channels.state'),
      dataIndex: 'enabled',
      key: 'enabled',
      render: (v: boolean) => (
        <Tag color={v ? 'success' : 'default'} data-testid="channel-state" data-enabled={v}>
          {v ? t('payments.channels.enabled') : t('payments.channels.paused')}
        </Tag>
      ),
    },
    { title: t('payments.channels.priority'), dataIndex: 'priority', key: 'priority' },
    {
      title: t('payments.channels.limits'),
      key: 'limits',
      render: (_v, c) =>
        (c.minAmount !== null ? formatFen(c.minAmount) : '—') +
        ' – ' +
        (c.maxAmount !== null ? formatFen(c.maxAmount) : '—'),
    },
    {
      title: t('payments.channels.credentials'),
      dataIndex: 'hasCredentials',
      key: 'cred',
      render: (v: boolean) =>
        v ? (
          <Tag color="success">{t('payments.channels.credSet')}</Tag>
        ) : (
          <Tag color="error">{t('payments.channels.credMissing')}</Tag>
        ),
    },
    {
      title: t('payments.channels.faults'),
      key: 'faults',
      render: (_v, c) => <FaultTags channel={c} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, c) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(c)} data-testid="channel-edit">
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            loading={test.isPending && test.variables.id === c.id}
            onClick={() => test.mutate(c)}
            data-testid="channel-test"
          >
            {t('payments.channels.test')}
          </Button>
          <Button
            type="link"
            size="small"
            danger={c.enabled}
            loading={toggle.isPending && toggle.variables.id === c.id}
            onClick={() => toggle.mutate(c)}
            data-testid="channel-toggle"
          >
            {c.enabled ? t('payments.channels.pause') : t('payments.channels.resume')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="admin-payment-channels">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('payments.channels.title')}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="channel-add">
          {t('payments.channels.add')}
        </Button>
      </Space>
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      <Table<PaymentChannel>
        rowKey="id"
        size="middle"
        scroll={{ x: true }}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={false}
        locale={{ emptyText: <Empty description={t('payments.channels.empty')} /> }}
        expandable={{
          expandedRowRender: (c) => (
            <Typography.Text type="secondary">
              {t('payments.channels.notifyPath')}: <Typography.Text copyable>{c.notifyPath}</Typography.Text>
            </Typography.Text>
          ),
        }}
      />
      {editing ? (
        <ChannelModal channel={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}

function FaultTags({ channel }: { channel: PaymentChannel }) {
  const { t } = useTranslation();
  if (channel.provider !== 'sandbox') return <>—</>;
  const faults = (channel.settings.faults ?? {}) as {
    delayMs?: number;
    drop?: boolean;
    duplicate?: boolean;
    reorder?: boolean;
    corrupt?: string | null;
  };
  const tags: string[] = [];
  if (faults.delayMs) tags.push(t('payments.faults.delayShort', { ms: faults.delayMs }));
  if (faults.drop) tags.push(t('payments.faults.drop'));
  if (faults.duplicate) tags.push(t('payments.faults.duplicate'));
  if (faults.reorder) tags.push(t('payments.faults.reorder'));
  if (faults.corrupt) tags.push(t('payments.faults.corruptShort', { what: faults.corrupt }));
  if (tags.length === 0)
    return <Typography.Text type="secondary">{t('payments.faults.none')}</Typography.Text>;
  return (
    <span data-testid="channel-faults">
      {tags.map((x) => (
        <Tag key={x} color="orange">
          {x}
        </Tag>
      ))}
    </span>
  );
}
