import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { StaffMember } from '@kameng/shared';
import { App, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { deleteStaff, fetchStaff, updateStaff } from '../api/merchant';
import { queryKeys, useMe } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { Forbidden } from '../layout/Forbidden';
import { formatDateTime } from '../layout/format-date-time';
import { hasPermission } from './has-permission';
import { StaffFormModal } from './StaffFormModal';

/** The merchant's team: the owner and staff accounts with their permissions. */
export function StaffPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const canManage = hasPermission(me.data, 'staff.manage');
  const [editing, setEditing] = useState<StaffMember | 'new' | null>(null);
  const list = useQuery({ queryKey: queryKeys.staff, queryFn: fetchStaff, enabled: canManage });
  const onChanged = (text: string) => {
    void message.success(text);
    void queryClient.invalidateQueries({ queryKey: queryKeys.staff });
  };
  const onFailed = (err: Error) => void message.error(err.message);
  const toggle = useMutation({
    mutationFn: (s: StaffMember) => updateStaff(s.id, { disabled: !s.disabled }),
    onSuccess: () => onChanged(t('merchant.staff.updated')),
    onError: onFailed,
  });
  const remove = useMutation({
    mutationFn: (s: StaffMember) => deleteStaff(s.id),
    onSuccess: () => onChanged(t('merchant.staff.deleted')),
    onError: onFailed,
  });

  if (!canManage) return <Forbidden />;

  const columns: ColumnsType<StaffMember> = [
    {
      title: t('field.displayName'),
      dataIndex: 'displayName',
      key: 'displayName',
      render: (v: string, s) => (
        <Space size={4}>
          {v}
          {s.userId === me.data?.id ? <Tag>{t('merchant.staff.you')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('field.email'), dataIndex: 'email', key: 'email' },
    {
      title: t('merchant.staff.columns.role'),
      dataIndex: 'role',
      key: 'role',
      render: (r: StaffMember['role']) => (
        <Tag color={r === 'owner' ? 'gold' : 'blue'}>{t(`merchant.role.${r}`)}</Tag>
      ),
    },
    {
      title: t('field.permissions'),
      key: 'permissions',
      render: (_v, s) =>
        s.role === 'owner' ? (
          <Typography.Text type="secondary">{t('merchant.staff.allPermissions')}</Typography.Text>
        ) : s.permissions.length === 0 ? (
          '—'
        ) : (
          <Space size={[4, 4]} wrap>
            {s.permissions.map((p) => (
              <Tag key={p}>{t(`permissions.${p}`)}</Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('field.status'),
      dataIndex: 'disabled',
      key: 'disabled',
      render: (d: boolean) =>
        d ? (
          <Tag color="default">{t('merchant.staff.disabled')}</Tag>
        ) : (
          <Tag color="success">{t('merchant.staff.enabled')}</Tag>
        ),
    },
    {
      title: t('merchant.staff.columns.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, s) =>
        s.role === 'owner' || s.userId === me.data?.id ? null : (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => setEditing(s)} data-testid="staff-edit">
              {t('common.edit')}
            </Button>
            <Button
              type="link"
              size="small"
              loading={toggle.isPending && toggle.variables.id === s.id}
              onClick={() => toggle.mutate(s)}
              data-testid="staff-toggle"
            >
              {s.disabled ? t('common.enable') : t('common.disable')}
            </Button>
            <Popconfirm
              title={t('merchant.staff.confirmDelete', { name: s.displayName })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutate(s)}
            >
              <Button type="link" size="small" danger data-testid="staff-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <div data-testid="merchant-staff">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('merchant.staff.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="staff-add"
        >
          {t('merchant.staff.add')}
        </Button>
      </Space>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<StaffMember>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          scroll={{ x: 'max-content' }}
          pagination={false}
          locale={{ emptyText: <Empty description={t('merchant.staff.empty')} /> }}
        />
      )}
      {editing ? (
        <StaffFormModal staff={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
