import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import {
  merchantStatementAccounts,
  type MerchantStatementAccount,
  type StatementLine,
  type StatementPage,
} from '@kameng/shared';
import { App, AutoComplete, Button, Empty, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { StatementParams } from '../api/finance';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { localDateToIso } from '../lib/datetime-local';
import { formatFen } from '../lib/money';
import { knownEntryKinds, useEntryKindLabel } from './entry-kind';

const PAGE = 50;

/**
 * A statement of one merchant account, newest first, with filters (account, entry kind, date range),
 * "load more" paging by cursor and an optional CSV export of the same filters.
 */
export function StatementView(props: {
  queryKey: readonly unknown[];
  fetchPage: (params: StatementParams) => Promise<StatementPage>;
  onExport?: (params: StatementParams) => Promise<void>;
  /** False for single-account statements (resellers): no account filter, none sent. */
  accountFilter?: boolean;
}) {
  const withAccount = props.accountFilter !== false;
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const kindLabel = useEntryKindLabel();
  const [account, setAccount] = useState<MerchantStatementAccount>('available');
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filters: StatementParams = {
    account: withAccount ? account : undefined,
    kind: kind.trim() || undefined,
    from: localDateToIso(from) ?? undefined,
    // The end day is inclusive on screen; the API's range is [from, to).
    to: localDateToIso(to, 1) ?? undefined,
  };
  const lines = useInfiniteQuery({
    queryKey: [...props.queryKey, filters],
    queryFn: ({ pageParam }) => props.fetchPage({ ...filters, before: pageParam, limit: PAGE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const exporting = useMutation({
    mutationFn: () => props.onExport!(filters),
    onSuccess: () => void message.success(t('finance.statement.exported')),
    onError: (err: Error) => void message.error(err.message),
  });
  const rows = lines.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<StatementLine> = [
    {
      title: t('finance.statement.columns.time'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('finance.statement.columns.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: string) => kindLabel(k),
    },
    {
      title: t('finance.statement.columns.amount'),
      key: 'amount',
      align: 'right',
      render: (_v, l) => (
        <Typography.Text type={l.direction === 'in' ? 'success' : 'danger'} data-testid="statement-amount">
          {(l.direction === 'in' ? '+' : '−') + formatFen(l.amount)}
        </Typography.Text>
      ),
    },
    {
      title: t('finance.statement.columns.balanceAfter'),
      dataIndex: 'balanceAfter',
      key: 'balanceAfter',
      align: 'right',
      render: (v: number | null) => (v === null ? '—' : formatFen(v)),
    },
    {
      title: t('finance.statement.columns.reference'),
      dataIndex: 'reference',
      key: 'reference',
      render: (r: StatementLine['reference']) =>
        r ? <Typography.Text code>{`${r.type}:${r.id}`}</Typography.Text> : '—',
    },
    {
      title: t('finance.statement.columns.memo'),
      dataIndex: 'memo',
      key: 'memo',
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <div data-testid="statement">
      <Space wrap style={{ marginBottom: 12 }}>
        {withAccount ? (
          <Select<MerchantStatementAccount>
            value={account}
            onChange={setAccount}
            style={{ width: 140 }}
            aria-label={t('finance.statement.account')}
            data-testid="statement-account-filter"
            options={merchantStatementAccounts.map((a) => ({ value: a, label: t(`finance.account.${a}`) }))}
          />
        ) : null}
        <AutoComplete
          value={kind}
          onChange={(v: string) => setKind(v)}
          allowClear
          style={{ width: 180 }}
          placeholder={t('finance.statement.kindPlaceholder')}
          aria-label={t('finance.statement.kind')}
          data-testid="statement-kind-filter"
          options={knownEntryKinds.map((k) => ({ value: k, label: kindLabel(k) }))}
          filterOption={(input, option) =>
            !!option &&
            (option.value.includes(input) || String(option.label).toLowerCase().includes(input.toLowerCase()))
          }
        />
        <Input
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          aria-label={t('finance.statement.from')}
          style={{ width: 160 }}
          data-testid="statement-from"
        />
        <Input
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          aria-label={t('finance.statement.to')}
          style={{ width: 160 }}
          data-testid="statement-to"
        />
        {props.onExport ? (
          <Button
            icon={<DownloadOutlined />}
            loading={exporting.isPending}
            onClick={() => exporting.mutate()}
            data-testid="statement-export"
          >
            {t('finance.statement.export')}
          </Button>
        ) : null}
      </Space>
      {lines.isError ? (
        <ErrorAlert error={lines.error} onRetry={() => void lines.refetch()} />
      ) : (
        <>
          <Table<StatementLine>
            rowKey="transferId"
            columns={columns}
            dataSource={rows}
            loading={lines.isPending}
            pagination={false}
            size="small"
            scroll={{ x: 'max-content' }}
            data-testid="statement-table"
            locale={{ emptyText: <Empty description={t('finance.statement.empty')} /> }}
          />
          {lines.hasNextPage ? (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button
                loading={lines.isFetchingNextPage}
                onClick={() => void lines.fetchNextPage()}
                data-testid="statement-load-more"
              >
                {t('finance.statement.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
