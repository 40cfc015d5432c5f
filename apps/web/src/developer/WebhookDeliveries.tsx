import { useState, type HTMLAttributes } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  webhookDeliveryStatuses,
  webhookEventTypes,
  type WebhookAttempt,
  type WebhookDelivery,
} from '@kameng/shared';
import { App, Button, Descriptions, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import {
  developerKeys,
  fetchWebhookDeliveries,
  fetchWebhookEndpoints,
  redeliverWebhook,
  type DeliveryParams,
} from '../api/developer';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { CodeBlock } from './CodeBlock';

const PAGE = 20;

const statusColor: Record<WebhookDelivery['status'], string> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'error',
};

/** The HTTP attempts of one delivery: status code, duration, request and response excerpts. */
function AttemptList({ delivery }: { delivery: WebhookDelivery }) {
  const { t, i18n } = useTranslation();
  if (delivery.attemptLog.length === 0) {
    return <Typography.Text type="secondary">{t('developer.deliveries.noAttempts')}</Typography.Text>;
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="delivery-attempts">
      {delivery.attemptLog.map((a: WebhookAttempt) => (
        <div key={a.attempt} data-testid="delivery-attempt" data-status={a.responseStatus ?? ''}>
          <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 4 }}>
            <Descriptions.Item label={t('developer.deliveries.attempt')}>#{a.attempt}</Descriptions.Item>
            <Descriptions.Item label={t('developer.deliveries.time')}>
              {formatDateTime(a.createdAt, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('developer.deliveries.responseStatus')}>
              {a.responseStatus === null ? (
                <Tag color="error">{a.error ?? t('developer.deliveries.noResponse')}</Tag>
              ) : (
                <Tag color={a.responseStatus < 300 ? 'success' : 'error'}>{a.responseStatus}</Tag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('developer.deliveries.duration')}>
              {a.durationMs} ms
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{t('developer.deliveries.request')}</Typography.Text>
          <CodeBlock>
            {Object.entries(a.requestHeaders)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n') +
              '\n\n' +
              a.requestBody}
          </CodeBlock>
          <Typography.Text type="secondary">{t('developer.deliveries.response')}</Typography.Text>
          <CodeBlock>{a.responseBody ?? a.error ?? '—'}</CodeBlock>
        </div>
      ))}
    </Space>
  );
}

/** The delivery log with filters; each row expands to its attempts, and can be sent again. */
export function WebhookDeliveries() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [endpointId, setEndpointId] = useState('');
  const [status, setStatus] = useState('');
  const [eventType, setEventType] = useState('');
  const endpoints = useQuery({
    queryKey: [...developerKeys.webhooks, 'endpoints'],
    queryFn: fetchWebhookEndpoints,
  });
  const params: DeliveryParams = {
    endpointId: endpointId || undefined,
    status: (status || undefined) as DeliveryParams['status'],
    eventType: (eventType || undefined) as DeliveryParams['eventType'],
  };
  const deliveries = useInfiniteQuery({
    queryKey: [...developerKeys.webhooks, 'deliveries', params],
    queryFn: ({ pageParam }) => fetchWebhookDeliveries({ ...params, cursor: pageParam, limit: PAGE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const redeliver = useMutation({
    mutationFn: (d: WebhookDelivery) => redeliverWebhook(d.id),
    onSuccess: (d) => {
      void message.success(t('developer.deliveries.redelivered', { status: d.lastStatus ?? '—' }));
      void queryClient.invalidateQueries({ queryKey: [...developerKeys.webhooks, 'deliveries'] });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  const rows = deliveries.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = !!(endpointId || status || eventType);
  const columns: ColumnsType<WebhookDelivery> = [
    {
      title: t('developer.deliveries.time'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('developer.deliveries.event'),
      dataIndex: 'eventType',
      key: 'eventType',
      render: (v: string) => (
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('developer.webhooks.url'),
      dataIndex: 'url',
      key: 'url',
      render: (v: string) => (
        <Typography.Text style={{ maxWidth: 280, display: 'inline-block', wordBreak: 'break-all' }}>
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: WebhookDelivery['status']) => (
        <Tag color={statusColor[s]} data-testid="delivery-status" data-status={s}>
          {t(`developer.deliveries.status.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('developer.deliveries.lastStatus'),
      key: 'lastStatus',
      render: (_v, d) => d.lastStatus ?? d.lastError ?? '—',
    },
    { title: t('developer.deliveries.attempts'), dataIndex: 'attempts', key: 'attempts', align: 'right' },
    {
      title: t('developer.deliveries.nextAttempt'),
      dataIndex: 'nextAttemptAt',
      key: 'nextAttemptAt',
      render: (v: string | null) => (v ? formatDateTime(v, i18n.language) : '—'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, d) => (
        <Button
          type="link"
          size="small"
          loading={redeliver.isPending && redeliver.variables.id === d.id}
          onClick={() => redeliver.mutate(d)}
          data-testid="delivery-redeliver"
        >
          {t('developer.deliveries.redeliver')}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="webhook-deliveries">
      <Space wrap>
        <Select
          style={{ width: 260 }}
          value={endpointId}
          onChange={setEndpointId}
          data-testid="delivery-endpoint-filter"
          options={[
            { value: '', label: t('developer.deliveries.allEndpoints') },
            ...(endpoints.data?.items ?? []).map((e) => ({ value: e.id, label: e.url })),
          ]}
        />
        <Select
          style={{ width: 150 }}
          value={status}
          onChange={setStatus}
          data-testid="delivery-status-filter"
          options={[
            { value: '', label: t('developer.deliveries.allStatuses') },
            ...webhookDeliveryStatuses.map((s) => ({
              value: s,
              label: t(`developer.deliveries.status.${s}`),
            })),
          ]}
        />
        <Select
          style={{ width: 220 }}
          value={eventType}
          onChange={setEventType}
          data-testid="delivery-event-filter"
          options={[
            { value: '', label: t('developer.deliveries.allEvents') },
            ...[...webhookEventTypes, 'test.ping'].map((e) => ({ value: e, label: e })),
          ]}
        />
        <Button onClick={() => void deliveries.refetch()} loading={deliveries.isRefetching}>
          {t('developer.deliveries.refresh')}
        </Button>
      </Space>
      {deliveries.isError ? (
        <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : (
        <Table<WebhookDelivery>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={deliveries.isPending}
          size="small"
          // A fixed width (not max-content): the expanded attempt excerpts then wrap instead of widening the table.
          scroll={{ x: 1000 }}
          pagination={false}
          expandable={{ expandedRowRender: (d) => <AttemptList delivery={d} /> }}
          onRow={(d) =>
            ({
              'data-testid': 'delivery-row',
              'data-id': d.id,
              'data-status': d.status,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{
            emptyText: (
              <Empty
                description={
                  filtered ? t('developer.deliveries.emptyFiltered') : t('developer.deliveries.empty')
                }
              />
            ),
          }}
        />
      )}
      {deliveries.hasNextPage ? (
        <Button block loading={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
          {t('developer.calls.loadMore')}
        </Button>
      ) : null}
    </Space>
  );
}
