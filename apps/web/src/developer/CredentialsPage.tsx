import { useState, type HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiCredential, ApiCredentialWithSecret } from '@kameng/shared';
import { Alert, App, Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { developerKeys, fetchCredentials, revokeCredential } from '../api/developer';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { CredentialFormModal } from './CredentialFormModal';
import { CredentialStateTag, ModeTag } from './CredentialStateTag';
import { RotateModal } from './RotateModal';
import { SecretOnceModal } from './SecretOnceModal';
import { useDeveloperOverview } from './use-developer-overview';

/** API credentials: list, create (secret shown once), edit, rotate with overlap, revoke. */
export function CredentialsPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const overview = useDeveloperOverview();
  const list = useQuery({ queryKey: developerKeys.credentials, queryFn: fetchCredentials });
  const [form, setForm] = useState<{ editing: ApiCredential | null } | null>(null);
  const [rotating, setRotating] = useState<ApiCredential | null>(null);
  // The secret lives in this state only while its modal is open; closing drops it for good.
  const [issued, setIssued] = useState<{ value: ApiCredentialWithSecret; rotated: boolean } | null>(null);
  const revoke = useMutation({
    mutationFn: (c: ApiCredential) => revokeCredential(c.id),
    onSuccess: () => {
      void message.success(t('developer.credentials.revoked'));
      void queryClient.invalidateQueries({ queryKey: developerKeys.credentials });
      void queryClient.invalidateQueries({ queryKey: developerKeys.overview });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  const apiStatus = overview.data?.apiStatus ?? 'none';
  const canCreate = apiStatus === 'pending' || apiStatus === 'approved';
  const dt = (v: string | null) => (v ? formatDateTime(v, i18n.language) : '—');

  const confirmRevoke = (c: ApiCredential) =>
    modal.confirm({
      title: t('developer.credentials.revokeTitle', { name: c.name }),
      content: t('developer.credentials.revokeBody'),
      okText: t('developer.credentials.revoke'),
      okButtonProps: { danger: true, 'data-testid': 'revoke-confirm' },
      cancelText: t('common.cancel'),
      onOk: () => revoke.mutateAsync(c),
    });

  const columns: ColumnsType<ApiCredential> = [
    { title: t('developer.credentials.name'), dataIndex: 'name', key: 'name' },
    {
      title: 'AppKey',
      dataIndex: 'appKey',
      key: 'appKey',
      render: (v: string) => (
        <Typography.Text code copyable={{ text: v }} data-testid="credential-app-key">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('developer.credentials.mode'),
      dataIndex: 'mode',
      key: 'mode',
      render: (m: ApiCredential['mode']) => <ModeTag mode={m} />,
    },
    {
      title: t('field.status'),
      key: 'state',
      render: (_v, c) => (
        <Space size={4} wrap>
          <CredentialStateTag state={c.state} />
          {c.previousSecretValidUntil && c.state === 'active' ? (
            <Tooltip
              title={t('developer.credentials.overlapUntil', { until: dt(c.previousSecretValidUntil) })}
            >
              <Tag color="gold">{t('developer.credentials.rotating')}</Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('developer.credentials.scopes'),
      dataIndex: 'scopes',
      key: 'scopes',
      render: (scopes: string[]) => (
        <Space size={[0, 4]} wrap style={{ maxWidth: 260 }}>
          {scopes.map((s) => (
            <Tag key={s}>{s}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('developer.credentials.ipAllowList'),
      dataIndex: 'ipAllowList',
      key: 'ip',
      render: (ips: string[]) =>
        ips.length === 0 ? (
          <Typography.Text type="secondary">{t('developer.credentials.anyIp')}</Typography.Text>
        ) : (
          <Tooltip title={ips.join(', ')}>
            <span>
              {ips.length <= 2 ? ips.join(', ') : t('developer.credentials.ipCount', { count: ips.length })}
            </span>
          </Tooltip>
        ),
    },
    {
      title: t('developer.credentials.expiresAt'),
      dataIndex: 'expiresAt',
      key: 'expiresAt',
      render: (v: string | null) => (v ? dt(v) : t('developer.credentials.never')),
    },
    { title: t('developer.credentials.lastUsed'), dataIndex: 'lastUsedAt', key: 'lastUsedAt', render: dt },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_v, c) =>
        c.state === 'revoked' ? null : (
          <Space size={0} wrap>
            <Button
              type="link"
              size="small"
              onClick={() => setForm({ editing: c })}
              data-testid="credential-edit"
            >
              {t('common.edit')}
            </Button>
            <Button type="link" size="small" onClick={() => setRotating(c)} data-testid="credential-rotate">
              {t('developer.credentials.rotate')}
            </Button>
            <Button
              type="link"
              size="small"
              danger
              loading={revoke.isPending && revoke.variables.id === c.id}
              onClick={() => confirmRevoke(c)}
              data-testid="credential-revoke"
            >
              {t('developer.credentials.revoke')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card
      title={t('developer.credentials.title')}
      data-testid="credential-list"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={!canCreate}
          onClick={() => setForm({ editing: null })}
          data-testid="credential-add"
        >
          {t('developer.credentials.create')}
        </Button>
      }
    >
      {overview.data && !canCreate ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`developer.accessHelp.${apiStatus}`)}
        />
      ) : null}
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ApiCredential>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(c) =>
            ({
              'data-testid': 'credential-row',
              'data-id': c.id,
              'data-state': c.state,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty description={t('developer.credentials.empty')} /> }}
        />
      )}
      {form ? (
        <CredentialFormModal
          editing={form.editing}
          liveAllowed={apiStatus === 'approved'}
          onCreated={(value) => setIssued({ value, rotated: false })}
          onClose={() => setForm(null)}
        />
      ) : null}
      {rotating ? (
        <RotateModal
          credential={rotating}
          onRotated={(value) => setIssued({ value, rotated: true })}
          onClose={() => setRotating(null)}
        />
      ) : null}
      {issued ? (
        <SecretOnceModal
          title={issued.rotated ? t('developer.secret.rotatedTitle') : t('developer.secret.title')}
          note={
            issued.rotated && issued.value.credential.previousSecretValidUntil
              ? t('developer.secret.overlap', { until: dt(issued.value.credential.previousSecretValidUntil) })
              : undefined
          }
          rows={[
            {
              label: t('developer.credentials.name'),
              value: issued.value.credential.name,
              testId: 'secret-name',
            },
            { label: 'AppKey', value: issued.value.credential.appKey, testId: 'secret-app-key' },
            { label: 'AppSecret', value: issued.value.appSecret, testId: 'app-secret' },
          ]}
          onClose={() => setIssued(null)}
        />
      ) : null}
    </Card>
  );
}
