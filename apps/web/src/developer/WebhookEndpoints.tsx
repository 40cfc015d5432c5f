import { useState, type HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WebhookEndpoint, WebhookEndpointWithSecret } from '@kameng/shared';
import { App, Button, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import {
  deleteWebhookEndpoint,
  developerKeys,
  fetchWebhookEndpoints,
  rollWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from '../api/developer';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { ModeTag } from './CredentialStateTag';
import { SecretOnceModal } from './SecretOnceModal';
import { WebhookEndpointModal } from './WebhookEndpointModal';

/** Webhook endpoints: add, edit, disable / enable, roll the signing secret, send a test event, delete. */
export function WebhookEndpoints({ onTestSent }: { onTestSent: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: [...developerKeys.webhooks, 'endpoints'],
    queryFn: fetchWebhookEndpoints,
  });
  const [form, setForm] = useState<{ editing: WebhookEndpoint | null } | null>(null);
  // The signing secret lives here only while its modal is open.
  const [secret, setSecret] = useState<{ value: WebhookEndpointWithSecret; rolled: boolean } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: developerKeys.webhooks });
  const onError = (err: Error) => void message.error(err.message);
  const toggle = useMutation({
    mutationFn: (e: WebhookEndpoint) => updateWebhookEndpoint(e.id, { enabled: e.status !== 'enabled' }),
    onSuccess: () => {
      void message.success(t('common.saved'));
      refresh();
    },
    onError,
  });
  const roll = useMutation({
    mutationFn: (e: WebhookEndpoint) => rollWebhookSecret(e.id),
    onSuccess: (value) => {
      setSecret({ value, rolled: true });
      refresh();
    },
    onError,
  });
  const test = useMutation({
    mutationFn: (e: WebhookEndpoint) => sendTestWebhook(e.id),
    onSuccess: (d) => {
      void message[d.status === 'succeeded' ? 'success' : 'warning'](
        d.status === 'succeeded'
          ? t('developer.webhooks.testSent', { status: d.lastStatus ?? '—' })
          : t('developer.webhooks.testFailed', { status: d.lastStatus ?? d.lastError ?? '—' }),
      );
      refresh();
      onTestSent();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (e: WebhookEndpoint) => deleteWebhookEndpoint(e.id),
    onSuccess: () => {
      void message.success(t('developer.webhooks.deleted'));
      refresh();
    },
    onError,
  });
  const confirm = (title: string, content: string, okText: string, onOk: () => Promise<unknown>) =>
    modal.confirm({
      title,
      content,
      okText,
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk,
    });

  const columns: ColumnsType<WebhookEndpoint> = [
    {
      title: t('developer.webhooks.url'),
      key: 'url',
      render: (_v, e) => (
        <div style={{ maxWidth: 360 }}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {e.url}
          </Typography.Text>
          {e.description ? (
            <div>
              <Typography.Text type="secondary">{e.description}</Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('developer.credentials.mode'),
      dataIndex: 'mode',
      key: 'mode',
      render: (m: WebhookEndpoint['mode']) => <ModeTag mode={m} />,
    },
    {
      title: t('developer.webhooks.events'),
      dataIndex: 'eventTypes',
      key: 'eventTypes',
      render: (types: string[]) => (
        <Space size={[0, 4]} wrap style={{ maxWidth: 280 }}>
          {types.map((x) => (
            <Tag key={x}>{x}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('field.status'),
      key: 'status',
      render: (_v, e) =>
        e.status === 'enabled' ? (
          <Tag color="success" data-testid="webhook-status" data-status="enabled">
            {t('developer.webhooks.enabled')}
          </Tag>
        ) : (
          <Tooltip
            title={
              e.disabledAt
                ? `${formatDateTime(e.disabledAt, i18n.language)} · ${
                    e.disabledReason === 'delivery_failed'
                      ? t('developer.webhooks.disabledFailed')
                      : t('developer.webhooks.disabledByOwner')
                  }`
                : undefined
            }
          >
            <Tag
              color={e.disabledReason === 'delivery_failed' ? 'error' : 'default'}
              data-testid="webhook-status"
              data-status="disabled"
            >
              {e.disabledReason === 'delivery_failed'
                ? t('developer.webhooks.disabledFailed')
                : t('developer.webhooks.disabled')}
            </Tag>
          </Tooltip>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, e) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setForm({ editing: e })} data-testid="webhook-edit">
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            disabled={e.status !== 'enabled'}
            loading={test.isPending && test.variables.id === e.id}
            onClick={() => test.mutate(e)}
            data-testid="webhook-test"
          >
            {t('developer.webhooks.sendTest')}
          </Button>
          <Button
            type="link"
            size="small"
            loading={roll.isPending && roll.variables.id === e.id}
            onClick={() =>
              confirm(
                t('developer.webhooks.rollTitle'),
                t('developer.webhooks.rollBody'),
                t('developer.webhooks.roll'),
                () => roll.mutateAsync(e),
              )
            }
            data-testid="webhook-roll"
          >
            {t('developer.webhooks.roll')}
          </Button>
          <Button
            type="link"
            size="small"
            danger={e.status === 'enabled'}
            loading={toggle.isPending && toggle.variables.id === e.id}
            onClick={() =>
              e.status === 'enabled'
                ? confirm(
                    t('developer.webhooks.disableTitle'),
                    t('developer.webhooks.disableBody'),
                    t('common.disable'),
                    () => toggle.mutateAsync(e),
                  )
                : toggle.mutate(e)
            }
            data-testid="webhook-toggle"
          >
            {e.status === 'enabled' ? t('common.disable') : t('common.enable')}
          </Button>
          <Button
            type="link"
            size="small"
            danger
            onClick={() =>
              confirm(
                t('developer.webhooks.deleteTitle'),
                t('developer.webhooks.deleteBody'),
                t('common.delete'),
                () => remove.mutateAsync(e),
              )
            }
            data-testid="webhook-delete"
          >
            {t('common.delete')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="webhook-endpoints">
      <Space style={{ marginBottom: 16 }} wrap>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setForm({ editing: null })}
          data-testid="webhook-add"
        >
          {t('developer.webhooks.add')}
        </Button>
        <Typography.Text type="secondary">{t('developer.webhooks.help')}</Typography.Text>
      </Space>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<WebhookEndpoint>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={false}
          onRow={(e) => ({ 'data-testid': 'webhook-row', 'data-id': e.id }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t('developer.webhooks.empty')} /> }}
        />
      )}
      {form ? (
        <WebhookEndpointModal
          editing={form.editing}
          onCreated={(value) => setSecret({ value, rolled: false })}
          onClose={() => setForm(null)}
        />
      ) : null}
      {secret ? (
        <SecretOnceModal
          title={
            secret.rolled ? t('developer.webhooks.secretRolledTitle') : t('developer.webhooks.secretTitle')
          }
          note={t('developer.webhooks.secretNote')}
          rows={[
            {
              label: t('developer.webhooks.url'),
              value: secret.value.endpoint.url,
              testId: 'secret-webhook-url',
            },
            { label: t('developer.webhooks.secret'), value: secret.value.secret, testId: 'webhook-secret' },
          ]}
          onClose={() => setSecret(null)}
        />
      ) : null}
    </div>
  );
}
