import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelTestResult, PaymentChannel } from '@kameng/shared';
import { App, Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchChannels, pauseChannel, resumeChannel, testChannel } from '../../api/admin-payments';
import { queryKeys } from '../../api/queries';
import { MethodLabel } from '../../checkout/MethodLabel';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { ChannelModal } from './ChannelModal';

/** Route /admin/payments: the payment channels (configure, test, pause / resume). */
export function ChannelsPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState<PaymentChannel | 'new' | null>(null);
  const list = useQuery({ queryKey: queryKeys.paymentChannels, queryFn: fetchChannels });
  // Enabled and not auto-paused: pause by hand; otherwise resume now (clears an automatic pause too).
  const toggle = useMutation({
    mutationFn: (c: PaymentChannel) =>
      c.health === 'ok' || c.health === 'failing' ? pauseChannel(c.id) : resumeChannel(c.id),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      // Resuming resolves the channel's paused anomaly: both lists change.
      await qc.invalidateQueries({ queryKey: queryKeys.paymentChannels });
      await qc.invalidateQueries({ queryKey: queryKeys.anomalies });
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
      dataIndex: 'health',
      key: 'health',
      render: (_v, c) => <HealthTag channel={c} lang={i18n.language} />,
    },
    {
      title: t('payments.channels.priority'),
      key: 'priority',
      render: (_v, c) => (
        <Tooltip title={t('payments.channels.weightHelp')}>
          {c.priority} · {t('payments.channels.weightShort', { weight: c.weight })}
        </Tooltip>
      ),
    },
    {
      title: t('payments.channels.limits'),
      key: 'limits',
      render: (_v, c) => (
        <Space direction="vertical" size={0}>
          <span>
            {(c.minAmount !== null ? formatFen(c.minAmount) : '—') +
              ' – ' +
              (c.maxAmount !== null ? formatFen(c.maxAmount) : '—')}
          </span>
          <Typography.Text type="secondary" data-testid="channel-daily">
            {c.dailyLimit !== null
              ? t('payments.channels.todayOf', {
                  used: formatFen(c.todayAmount),
                  limit: formatFen(c.dailyLimit),
                })
              : t('payments.channels.todayNoLimit', { used: formatFen(c.todayAmount) })}
          </Typography.Text>
        </Space>
      ),
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
            danger={c.health === 'ok' || c.health === 'failing'}
            loading={toggle.isPending && toggle.variables.id === c.id}
            onClick={() => toggle.mutate(c)}
            data-testid="channel-toggle"
          >
            {c.health === 'ok' || c.health === 'failing'
              ? t('payments.channels.pause')
              : c.health === 'auto_paused'
                ? t('payments.channels.resumeNow')
                : t('payments.channels.resume')}
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

const HEALTH_COLORS: Record<PaymentChannel['health'], string> = {
  ok: 'success',
  failing: 'warning',
  auto_paused: 'error',
  disabled: 'default',
};

/** ok / failing (n in a row) / auto-paused until … / paused by hand; the last error on hover. */
function HealthTag({ channel: c, lang }: { channel: PaymentChannel; lang: string }) {
  const { t } = useTranslation();
  const label =
    c.health === 'auto_paused' && c.pausedUntil
      ? t('payments.channels.autoPausedUntil', { at: formatDateTime(c.pausedUntil, lang) })
      : t(`payments.channels.health.${c.health}`);
  const details = [
    c.consecutiveFailures > 0 ? t('payments.channels.failures', { count: c.consecutiveFailures }) : null,
    c.lastError
      ? t('payments.channels.lastError', {
          error: c.lastError,
          at: c.lastFailureAt ? formatDateTime(c.lastFailureAt, lang) : '',
        })
      : null,
  ].filter(Boolean);
  const tag = (
    <Tag
      color={HEALTH_COLORS[c.health]}
      data-testid="channel-state"
      data-enabled={c.enabled}
      data-health={c.health}
    >
      {label}
    </Tag>
  );
  if (details.length === 0) return tag;
  return (
    <Space direction="vertical" size={0}>
      {tag}
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12, maxWidth: 240 }}
        ellipsis={{ tooltip: details.join(' · ') }}
      >
        {details.join(' · ')}
      </Typography.Text>
    </Space>
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
