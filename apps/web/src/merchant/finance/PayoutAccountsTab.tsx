import { useState, type HTMLAttributes } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PayoutAccount, PayoutAccountKind } from '@kameng/shared';
import { App, Button, Card, Empty, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { deletePayoutAccount, fetchPayoutAccounts } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { useCan } from '../use-can';
import { PayoutAccountModal } from './PayoutAccountModal';

/** The merchant's saved payout accounts (收款账户): list, add, delete. */
export function PayoutAccountsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canManage = useCan('finance.withdraw');
  const [adding, setAdding] = useState(false);
  const list = useQuery({ queryKey: financeKeys.payoutAccounts, queryFn: fetchPayoutAccounts });
  const remove = useMutation({
    mutationFn: (a: PayoutAccount) => deletePayoutAccount(a.id),
    onSuccess: () => {
      void message.success(t('finance.payout.deleted'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.payoutAccounts });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  const columns: ColumnsType<PayoutAccount> = [
    {
      title: t('finance.payout.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: PayoutAccountKind) => t(`finance.payout.kinds.${k}`),
    },
    {
      title: t('finance.payout.account'),
      key: 'account',
      render: (_v, a) => (
        <>
          {a.bankName ? <span>{a.bankName} </span> : null}
          <Typography.Text code data-testid="payout-masked">
            {a.accountMasked}
          </Typography.Text>
        </>
      ),
    },
    { title: t('finance.payout.holderName'), dataIndex: 'holderName', key: 'holderName' },
    {
      title: t('finance.payout.label'),
      dataIndex: 'label',
      key: 'label',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('finance.history.columns.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_v, a) => (
        <Popconfirm
          title={t('finance.payout.confirmDelete', { account: a.accountMasked })}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => remove.mutate(a)}
        >
          <Button
            type="link"
            size="small"
            danger
            loading={remove.isPending && remove.variables.id === a.id}
            data-testid="payout-delete"
          >
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ),
    });
  }
  return (
    <Card
      title={t('finance.payout.title')}
      data-testid="payout-accounts"
      extra={
        canManage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="payout-add"
          >
            {t('finance.payout.add')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('finance.payout.masked')}</Typography.Paragraph>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<PayoutAccount>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isPending}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(a) => ({ 'data-testid': 'payout-row', 'data-id': a.id }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t('finance.payout.empty')} /> }}
        />
      )}
      {adding ? <PayoutAccountModal onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}
