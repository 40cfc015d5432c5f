import type { Withdrawal } from '@kameng/shared';
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { formatFen } from '../lib/money';

/** The amount, fee and net columns both withdrawal tables show (the admin queue stresses the net). */
export function withdrawalAmountColumns(
  t: TFunction,
  opts: { strongNet?: boolean } = {},
): ColumnsType<Withdrawal> {
  return [
    {
      title: t('finance.history.columns.amount'),
      dataIndex: 'amount',
      key: 'amount',
      align: 'right',
      render: (v: number) => <span data-testid="withdrawal-amount">{formatFen(v)}</span>,
    },
    {
      title: t('finance.history.columns.fee'),
      dataIndex: 'fee',
      key: 'fee',
      align: 'right',
      render: (v: number) => formatFen(v),
    },
    {
      title: t('finance.history.columns.net'),
      dataIndex: 'netAmount',
      key: 'netAmount',
      align: 'right',
      render: (v: number) =>
        opts.strongNet ? <Typography.Text strong>{formatFen(v)}</Typography.Text> : formatFen(v),
    },
  ];
}
