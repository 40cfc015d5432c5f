import { useState, type HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResellerLevel } from '@kameng/shared';
import { App, Button, Card, Empty, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { adminDockingKeys, deleteLevel, fetchLevels } from '../../api/admin-docking';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatBps } from '../../lib/percent';
import { LevelFormModal } from './LevelFormModal';
import { LevelPrices } from './LevelPrices';

/** Reseller levels (分销等级) with their default discount and price lists (expand a row). */
export function LevelsTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<{ editing: ResellerLevel | null } | null>(null);
  const levels = useQuery({ queryKey: adminDockingKeys.levels, queryFn: fetchLevels });
  const remove = useMutation({
    mutationFn: (l: ResellerLevel) => deleteLevel(l.id),
    onSuccess: () => {
      void message.success(t('adminDocking.levels.deleted'));
      void queryClient.invalidateQueries({ queryKey: adminDockingKeys.levels });
      void queryClient.invalidateQueries({ queryKey: adminDockingKeys.resellers });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  const columns: ColumnsType<ResellerLevel> = [
    { title: t('adminDocking.levels.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('adminDocking.levels.discount'),
      dataIndex: 'discountBps',
      key: 'discountBps',
      align: 'right',
      render: (v: number) => formatBps(v),
    },
    { title: t('adminDocking.levels.prices'), dataIndex: 'priceCount', key: 'priceCount', align: 'right' },
    {
      title: t('adminDocking.levels.resellers'),
      dataIndex: 'resellerCount',
      key: 'resellerCount',
      align: 'right',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, l) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setForm({ editing: l })} data-testid="level-edit">
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            danger
            onClick={() =>
              modal.confirm({
                title: t('adminDocking.levels.deleteTitle', { name: l.name }),
                content:
                  l.resellerCount > 0
                    ? t('adminDocking.levels.deleteInUse', { count: l.resellerCount })
                    : t('adminDocking.levels.deleteBody'),
                okText: t('common.delete'),
                okButtonProps: { danger: true },
                cancelText: t('common.cancel'),
                onOk: () => remove.mutateAsync(l),
              })
            }
            data-testid="level-delete"
          >
            {t('common.delete')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t('adminDocking.levels.title')}
      data-testid="docking-levels"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setForm({ editing: null })}
          data-testid="level-add"
        >
          {t('adminDocking.levels.add')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('adminDocking.levels.help')}</Typography.Paragraph>
      {levels.isError ? (
        <ErrorAlert error={levels.error} onRetry={() => void levels.refetch()} />
      ) : (
        <Table<ResellerLevel>
          rowKey="id"
          columns={columns}
          dataSource={levels.data?.items ?? []}
          loading={levels.isPending}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={false}
          expandable={{ expandedRowRender: (l) => <LevelPrices level={l} /> }}
          onRow={(l) => ({ 'data-testid': 'level-row', 'data-id': l.id }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t('adminDocking.levels.empty')} /> }}
        />
      )}
      {form ? <LevelFormModal editing={form.editing} onClose={() => setForm(null)} /> : null}
    </Card>
  );
}
