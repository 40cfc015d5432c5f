import { useState, type HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ResellerAccount } from '@kameng/shared';
import { App, Button, Card, Drawer, Empty, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchResellers, fetchResellerStatement, setResellerStatus } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { StatementView } from '../../finance/StatementView';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { CreateResellerModal, TopUpModal } from './ResellerModals';

/** Resellers with their prepaid balances (预存款); open one for a user, top one up. */
export function ResellersTab() {
  const { t, i18n } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [toppingUp, setToppingUp] = useState<ResellerAccount | null>(null);
  const [viewing, setViewing] = useState<ResellerAccount | null>(null);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: financeKeys.resellers, queryFn: fetchResellers });
  const toggle = useMutation({
    mutationFn: (r: ResellerAccount) =>
      setResellerStatus(r.id, { status: r.status === 'active' ? 'suspended' : 'active' }),
    onSuccess: () => {
      void message.success(t('adminFinance.resellers.statusChanged'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.resellers });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  const columns: ColumnsType<ResellerAccount> = [
    { title: t('adminFinance.resellers.name'), dataIndex: 'name', key: 'name' },
    { title: t('field.email'), dataIndex: 'email', key: 'email' },
    {
      title: t('field.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: ResellerAccount['status']) => (
        <Tag color={s === 'active' ? 'success' : 'default'}>{t(`adminFinance.resellers.status.${s}`)}</Tag>
      ),
    },
    {
      title: t('adminFinance.resellers.available'),
      key: 'available',
      align: 'right',
      render: (_v, r) => <span data-testid="reseller-available">{formatFen(r.balance.available)}</span>,
    },
    {
      title: t('adminFinance.resellers.pending'),
      key: 'pending',
      align: 'right',
      render: (_v, r) => formatFen(r.balance.pending),
    },
    {
      title: t('adminFinance.resellers.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, r) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setToppingUp(r)} data-testid="reseller-topup">
            {t('adminFinance.resellers.topUp')}
          </Button>
          <Button type="link" size="small" onClick={() => setViewing(r)} data-testid="reseller-statement">
            {t('adminFinance.resellers.statement')}
          </Button>
          <Button
            type="link"
            size="small"
            danger={r.status === 'active'}
            loading={toggle.isPending && toggle.variables.id === r.id}
            onClick={() => toggle.mutate(r)}
            data-testid="reseller-toggle"
          >
            {r.status === 'active'
              ? t('adminFinance.resellers.suspend')
              : t('adminFinance.resellers.activate')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t('adminFinance.resellers.title')}
      data-testid="reseller-list"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          data-testid="reseller-add"
        >
          {t('adminFinance.resellers.add')}
        </Button>
      }
    >
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ResellerAccount>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-testid': 'reseller-row', 'data-id': r.id }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t('adminFinance.resellers.empty')} /> }}
        />
      )}
      {adding ? <CreateResellerModal onClose={() => setAdding(false)} /> : null}
      {toppingUp ? <TopUpModal reseller={toppingUp} onClose={() => setToppingUp(null)} /> : null}
      <Drawer
        open={!!viewing}
        onClose={() => setViewing(null)}
        size="large"
        destroyOnHidden
        title={viewing ? t('adminFinance.resellers.statementTitle', { name: viewing.name }) : null}
      >
        {viewing ? (
          <StatementView
            accountFilter={false}
            queryKey={[...financeKeys.resellers, viewing.id, 'statement']}
            fetchPage={({ account: _account, ...params }) => fetchResellerStatement(viewing.id, params)}
          />
        ) : null}
      </Drawer>
    </Card>
  );
}
