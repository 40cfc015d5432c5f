import { useState, type HTMLAttributes } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  apiAccessStatuses,
  apiVersions,
  type AdminApiReseller,
  type ApiAccessAction,
  type ApiAccessStatus,
  type ApiVersion,
} from '@kameng/shared';
import { App, Button, Card, Empty, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import {
  adminDockingKeys,
  fetchApiResellers,
  fetchLevels,
  pinApiVersion,
  setResellerLevel,
} from '../../api/admin-docking';
import { ApiStatusTag } from '../../developer/ApiStatusTag';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { AccessActionModal } from './AccessActionModal';
import { ResellerCredentialsModal } from './ResellerCredentialsModal';

/** Which access changes each status allows (the server enforces the same table). */
const actionsFor: Record<ApiAccessStatus, ApiAccessAction[]> = {
  none: ['approve'],
  pending: ['approve', 'reject', 'suspend'],
  approved: ['suspend'],
  suspended: ['restore'],
};

const AUTO = 'auto';

/** Resellers' API access (approve / reject / suspend / restore), version pin and level. */
export function ResellersApiTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ApiAccessStatus | ''>('');
  const [acting, setActing] = useState<{ reseller: AdminApiReseller; action: ApiAccessAction } | null>(null);
  const [keysOf, setKeysOf] = useState<AdminApiReseller | null>(null);
  const list = useQuery({
    queryKey: [...adminDockingKeys.resellers, status],
    queryFn: () => fetchApiResellers({ apiStatus: status || undefined }),
  });
  const levels = useQuery({ queryKey: adminDockingKeys.levels, queryFn: fetchLevels });
  const done = () => {
    void message.success(t('common.saved'));
    void queryClient.invalidateQueries({ queryKey: adminDockingKeys.resellers });
    void queryClient.invalidateQueries({ queryKey: adminDockingKeys.levels });
  };
  const pin = useMutation({
    mutationFn: (v: { id: string; version: ApiVersion | null }) =>
      pinApiVersion(v.id, { version: v.version }),
    onSuccess: done,
    onError: (err: Error) => void message.error(err.message),
  });
  const level = useMutation({
    mutationFn: (v: { id: string; levelId: string | null }) => setResellerLevel(v.id, { levelId: v.levelId }),
    onSuccess: done,
    onError: (err: Error) => void message.error(err.message),
  });

  const columns: ColumnsType<AdminApiReseller> = [
    {
      title: t('adminDocking.resellers.name'),
      key: 'name',
      render: (_v, r) => (
        <div>
          <div>{r.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.email}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('adminDocking.resellers.apiStatus'),
      dataIndex: 'apiStatus',
      key: 'apiStatus',
      render: (s: ApiAccessStatus) => <ApiStatusTag status={s} />,
    },
    {
      title: t('adminDocking.resellers.version'),
      key: 'version',
      render: (_v, r) => (
        <Space orientation="vertical" size={2}>
          <Select<string>
            size="small"
            style={{ width: 150 }}
            value={r.apiVersion ?? AUTO}
            loading={pin.isPending && pin.variables.id === r.id}
            onChange={(v) => pin.mutate({ id: r.id, version: v === AUTO ? null : (v as ApiVersion) })}
            data-testid="version-pin"
            options={[
              { value: AUTO, label: t('adminDocking.resellers.versionAuto') },
              ...apiVersions.map((v) => ({
                value: v,
                label: t('adminDocking.resellers.pinned', { version: v }),
              })),
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('adminDocking.resellers.served', { version: r.servedVersion })}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('adminDocking.resellers.level'),
      key: 'level',
      render: (_v, r) => (
        <Select<string>
          size="small"
          style={{ width: 150 }}
          value={r.level?.id ?? ''}
          loading={level.isPending && level.variables.id === r.id}
          onChange={(v) => level.mutate({ id: r.id, levelId: v || null })}
          data-testid="level-select"
          options={[
            { value: '', label: t('adminDocking.resellers.noLevel') },
            ...(levels.data?.items ?? []).map((l) => ({ value: l.id, label: l.name })),
          ]}
        />
      ),
    },
    {
      title: t('adminDocking.resellers.credentials'),
      key: 'activeCredentials',
      align: 'right',
      render: (_v, r) => (
        <Button type="link" size="small" onClick={() => setKeysOf(r)} data-testid="reseller-credentials">
          {t('adminDocking.credentials.manage', { count: r.activeCredentials })}
        </Button>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, r) => (
        <Space size={0} wrap>
          {actionsFor[r.apiStatus].map((action) => (
            <Button
              key={action}
              type="link"
              size="small"
              danger={action === 'suspend' || action === 'reject'}
              onClick={() => setActing({ reseller: r, action })}
              data-testid={`access-${action}`}
            >
              {t(`adminDocking.resellers.actions.${action}`)}
            </Button>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t('adminDocking.resellers.title')}
      data-testid="docking-resellers"
      extra={
        <Select<ApiAccessStatus | ''>
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          data-testid="api-status-filter"
          options={[
            { value: '', label: t('adminDocking.resellers.allStatuses') },
            ...apiAccessStatuses.map((s) => ({ value: s, label: t(`developer.apiStatus.${s}`) })),
          ]}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('adminDocking.resellers.help')}</Typography.Paragraph>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<AdminApiReseller>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) =>
            ({
              'data-testid': 'docking-reseller-row',
              'data-id': r.id,
              'data-api-status': r.apiStatus,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{
            emptyText: (
              <Empty
                description={
                  status ? t('adminDocking.resellers.emptyFiltered') : t('adminDocking.resellers.empty')
                }
              />
            ),
          }}
        />
      )}
      {acting ? (
        <AccessActionModal
          reseller={acting.reseller}
          action={acting.action}
          onClose={() => setActing(null)}
        />
      ) : null}
      {keysOf ? <ResellerCredentialsModal reseller={keysOf} onClose={() => setKeysOf(null)} /> : null}
    </Card>
  );
}
