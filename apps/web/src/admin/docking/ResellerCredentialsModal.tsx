import { useState, type HTMLAttributes } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminApiReseller, ApiCredential } from '@kameng/shared';
import { App, Button, Empty, InputNumber, Modal, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { adminDockingKeys, fetchResellerCredentials, setCredentialRateLimit } from '../../api/admin-docking';
import { CredentialStateTag, ModeTag } from '../../developer/CredentialStateTag';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';

/** A reseller's keys as the admin sees them (no secrets), with each key's rate limit editable. */
export function ResellerCredentialsModal({
  reseller,
  onClose,
}: {
  reseller: AdminApiReseller;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [limits, setLimits] = useState<Record<string, number | null>>({});
  const list = useQuery({
    queryKey: adminDockingKeys.credentials(reseller.id),
    queryFn: () => fetchResellerCredentials(reseller.id),
  });
  const save = useMutation({
    mutationFn: (v: { id: string; rateLimitPerMinute: number }) =>
      setCredentialRateLimit(v.id, { rateLimitPerMinute: v.rateLimitPerMinute }),
    onSuccess: (c) => {
      void message.success(t('common.saved'));
      setLimits(({ [c.id]: _, ...rest }) => rest);
      void queryClient.invalidateQueries({ queryKey: adminDockingKeys.credentials(reseller.id) });
    },
    onError: (err: Error) => void message.error(err.message),
  });

  const columns: ColumnsType<ApiCredential> = [
    {
      title: t('developer.credentials.name'),
      key: 'name',
      render: (_v, c) => (
        <div>
          <div>{c.name}</div>
          <Typography.Text code style={{ fontSize: 12 }}>
            {c.appKey}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('developer.credentials.mode'), key: 'mode', render: (_v, c) => <ModeTag mode={c.mode} /> },
    {
      title: t('adminDocking.credentials.state'),
      key: 'state',
      render: (_v, c) => <CredentialStateTag state={c.state} />,
    },
    {
      title: t('developer.credentials.lastUsed'),
      key: 'lastUsedAt',
      render: (_v, c) => (c.lastUsedAt ? formatDateTime(c.lastUsedAt, i18n.language) : '—'),
    },
    {
      title: t('adminDocking.credentials.rateLimit'),
      key: 'rateLimit',
      render: (_v, c) => {
        const edited = limits[c.id];
        const value = edited === undefined ? c.rateLimitPerMinute : edited;
        const changed = value !== null && value !== c.rateLimitPerMinute;
        return (
          <Space size={4}>
            <InputNumber<number>
              size="small"
              min={1}
              max={100_000}
              precision={0}
              value={value}
              onChange={(v) => setLimits((l) => ({ ...l, [c.id]: v }))}
              data-testid="rate-limit-input"
            />
            <Button
              size="small"
              type="primary"
              disabled={!changed}
              loading={save.isPending && save.variables.id === c.id}
              onClick={() => value !== null && save.mutate({ id: c.id, rateLimitPerMinute: value })}
              data-testid="rate-limit-save"
            >
              {t('common.save')}
            </Button>
          </Space>
        );
      },
    },
  ];

  return (
    <Modal
      open
      width={860}
      title={t('adminDocking.credentials.title', { name: reseller.name })}
      onCancel={onClose}
      footer={null}
      data-testid="reseller-credentials-modal"
    >
      <Typography.Paragraph type="secondary">{t('adminDocking.credentials.help')}</Typography.Paragraph>
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
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={(c) =>
            ({ 'data-testid': 'admin-credential-row', 'data-id': c.id }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty description={t('adminDocking.credentials.empty')} /> }}
        />
      )}
    </Modal>
  );
}
