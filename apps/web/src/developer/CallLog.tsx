import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { statusClasses, type ApiCallEntry, type ApiCallPage } from '@kameng/shared';
import { Button, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { CallParams } from '../api/developer';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { localInputToIso } from '../lib/datetime-local';
import { useDebounced } from '../lib/use-debounced';
import { errorCodeText } from './error-code-text';

const PAGE = 50;

/** Filter values of the call log as typed (before they become query parameters). */
interface Filters {
  credentialId: string;
  status: string;
  route: string;
  errorCode: string;
  from: string;
  to: string;
}

const emptyFilters: Filters = { credentialId: '', status: '', route: '', errorCode: '', from: '', to: '' };

function statusColor(status: number): string {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warning';
  if (status >= 300) return 'default';
  return 'success';
}

/** The API call log (newest first, "load more") with filters; the admin variant adds its own columns. */
export function CallLog(props: {
  queryKey: readonly unknown[];
  fetchPage: (params: CallParams) => Promise<ApiCallPage>;
  /** Keys to filter by; the admin (all accounts) has none. */
  credentials?: { id: string; label: string }[];
  extraFilter?: ReactNode;
  extraColumns?: ColumnsType<ApiCallEntry>;
}) {
  const { t, i18n } = useTranslation();
  const [f, setF] = useState<Filters>(emptyFilters);
  const route = useDebounced(f.route.trim(), 300);
  const code = useDebounced(f.errorCode.trim().toUpperCase(), 300);
  const codeValid = code === '' || /^[A-Z0-9_]{1,64}$/.test(code);
  const params: CallParams = {
    credentialId: f.credentialId || undefined,
    status: (f.status || undefined) as CallParams['status'],
    route: route || undefined,
    errorCode: codeValid ? code || undefined : undefined,
    from: localInputToIso(f.from) ?? undefined,
    to: localInputToIso(f.to) ?? undefined,
  };
  const calls = useInfiniteQuery({
    queryKey: [...props.queryKey, params],
    queryFn: ({ pageParam }) => props.fetchPage({ ...params, before: pageParam, limit: PAGE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const rows = calls.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<Filters>) => setF((old) => ({ ...old, ...patch }));
  const filtered = Object.values(f).some((v) => v !== '');

  const columns: ColumnsType<ApiCallEntry> = [
    {
      title: t('developer.calls.time'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    ...(props.extraColumns ?? []),
    {
      title: t('developer.calls.request'),
      key: 'request',
      render: (_v, c) => (
        <Typography.Text code>
          {c.method} {c.route}
        </Typography.Text>
      ),
    },
    {
      title: t('developer.calls.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: number) => (
        <Tag color={statusColor(s)} data-testid="call-status">
          {s}
        </Tag>
      ),
    },
    {
      title: t('developer.calls.error'),
      dataIndex: 'errorCode',
      key: 'errorCode',
      render: (c: string | null) => {
        if (!c) return '—';
        const text = errorCodeText(c, i18n.language);
        return (
          <span data-testid="call-error" data-code={c}>
            <Typography.Text code>{c}</Typography.Text>
            {text ? <div style={{ maxWidth: 320, whiteSpace: 'normal' }}>{text}</div> : null}
          </span>
        );
      },
    },
    {
      title: t('developer.calls.duration'),
      dataIndex: 'durationMs',
      key: 'durationMs',
      align: 'right',
      render: (v: number) => t('developer.calls.ms', { ms: v < 10 ? v.toFixed(1) : Math.round(v) }),
    },
    { title: 'AppKey', dataIndex: 'appKey', key: 'appKey', render: (v: string | null) => v ?? '—' },
    {
      title: t('developer.calls.version'),
      dataIndex: 'version',
      key: 'version',
      render: (v: string | null) => v ?? '—',
    },
    { title: 'IP', dataIndex: 'ip', key: 'ip', render: (v: string | null) => v ?? '—' },
    {
      title: t('developer.calls.requestId'),
      dataIndex: 'requestId',
      key: 'requestId',
      render: (v: string | null) =>
        v ? (
          <Tooltip title={v}>
            <Typography.Text copyable={{ text: v }} style={{ fontSize: 12 }}>
              {v.slice(0, 8)}…
            </Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="call-log">
      <Space wrap>
        {props.extraFilter}
        {props.credentials ? (
          <Select
            style={{ width: 220 }}
            value={f.credentialId}
            onChange={(v) => set({ credentialId: v })}
            data-testid="call-credential-filter"
            options={[
              { value: '', label: t('developer.calls.allCredentials') },
              ...props.credentials.map((c) => ({ value: c.id, label: c.label })),
            ]}
          />
        ) : null}
        <Select
          style={{ width: 140 }}
          value={f.status}
          onChange={(v) => set({ status: v })}
          data-testid="call-status-filter"
          options={[
            { value: '', label: t('developer.calls.allStatuses') },
            ...statusClasses.map((s) => ({ value: s, label: s })),
          ]}
        />
        <Input
          style={{ width: 220 }}
          allowClear
          value={f.route}
          onChange={(e) => set({ route: e.target.value })}
          placeholder={t('developer.calls.routePlaceholder')}
          name="route"
          maxLength={200}
        />
        <Input
          style={{ width: 220 }}
          allowClear
          value={f.errorCode}
          onChange={(e) => set({ errorCode: e.target.value })}
          placeholder={t('developer.calls.errorCodePlaceholder')}
          status={codeValid ? undefined : 'error'}
          name="errorCode"
          maxLength={64}
        />
        <Input
          type="datetime-local"
          value={f.from}
          onChange={(e) => set({ from: e.target.value })}
          aria-label={t('developer.calls.from')}
          name="from"
          style={{ width: 200 }}
        />
        <Input
          type="datetime-local"
          value={f.to}
          onChange={(e) => set({ to: e.target.value })}
          aria-label={t('developer.calls.to')}
          name="to"
          style={{ width: 200 }}
        />
        {filtered ? <Button onClick={() => setF(emptyFilters)}>{t('developer.calls.clear')}</Button> : null}
      </Space>
      {calls.isError ? (
        <ErrorAlert error={calls.error} onRetry={() => void calls.refetch()} />
      ) : (
        <Table<ApiCallEntry>
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={calls.isPending}
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={false}
          onRow={(c) =>
            ({ 'data-testid': 'call-row', 'data-status': c.status }) as HTMLAttributes<HTMLElement>
          }
          locale={{
            emptyText: (
              <Empty
                description={filtered ? t('developer.calls.emptyFiltered') : t('developer.calls.empty')}
              />
            ),
          }}
        />
      )}
      {calls.hasNextPage ? (
        <Button block loading={calls.isFetchingNextPage} onClick={() => void calls.fetchNextPage()}>
          {t('developer.calls.loadMore')}
        </Button>
      ) : null}
    </Space>
  );
}
