import { useState } from 'react';
import { DownloadOutlined, EyeOutlined, StopOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keyStatuses, type CardKey, type KeyStatus } from '@kameng/shared';
import { App, Button, Empty, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchBatches, fetchKeys, voidKeys } from '../../api/inventory';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { localInputToIso } from '../../lib/datetime-local';
import { useCan } from '../use-can';
import { ExportKeysModal } from './ExportKeysModal';
import { RevealKeyModal } from './RevealKeyModal';

const PAGE = 50;
const statusColors: Record<KeyStatus, string> = {
  available: 'success',
  reserved: 'processing',
  sold: 'default',
  void: 'error',
};

/** The SKU's keys, masked, with filters; reveal one, void selected ones, export available ones. */
export function KeyList({ skuId }: { skuId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canReveal = useCan('keys.reveal');
  const canExport = useCan('keys.export');
  const canVoid = useCan('keys.import');
  const [status, setStatus] = useState<KeyStatus | undefined>();
  const [batchId, setBatchId] = useState<string | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [revealing, setRevealing] = useState<CardKey | null>(null);
  const [exporting, setExporting] = useState(false);
  const batches = useQuery({ queryKey: queryKeys.batches(skuId), queryFn: () => fetchBatches(skuId) });
  const filters = {
    status,
    batchId,
    from: localInputToIso(from) ?? undefined,
    to: localInputToIso(to) ?? undefined,
  };
  const keys = useInfiniteQuery({
    queryKey: [...queryKeys.keys(skuId), filters],
    queryFn: ({ pageParam }) => fetchKeys(skuId, { ...filters, before: pageParam, limit: PAGE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) =>
      last.items.length < PAGE ? undefined : Number(last.items[last.items.length - 1]!.id),
  });
  const rows = keys.data?.pages.flatMap((p) => p.items) ?? [];
  const voiding = useMutation({
    mutationFn: (ids: string[]) => voidKeys(skuId, ids.map(Number)),
    onSuccess: (res) => {
      void message.success(t('keys.list.voided', { count: res.voided }));
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: queryKeys.skuKeys(skuId) });
    },
    onError: (err: Error) => void message.error(err.message),
  });

  const batchName = (id: string) => {
    const b = batches.data?.items.find((x) => x.id === id);
    return b ? (b.filename ?? formatDateTime(b.createdAt, i18n.language)) : id.slice(0, 8);
  };
  const columns: ColumnsType<CardKey> = [
    { title: 'ID', dataIndex: 'id', key: 'id' },
    {
      title: t('keys.list.key'),
      dataIndex: 'masked',
      key: 'masked',
      render: (v: string) => (
        <Typography.Text code data-testid="key-masked">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: KeyStatus) => <Tag color={statusColors[s]}>{t(`keys.status.${s}`)}</Tag>,
    },
    {
      title: t('keys.list.batch'),
      dataIndex: 'batchId',
      key: 'batchId',
      render: (id: string) => batchName(id),
    },
    {
      title: t('keys.batch.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('keys.list.soldAt'),
      dataIndex: 'soldAt',
      key: 'soldAt',
      render: (v: string | null) => (v ? formatDateTime(v, i18n.language) : '—'),
    },
  ];
  if (canReveal) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_v, k) => (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          onClick={() => setRevealing(k)}
          data-testid="key-reveal"
        >
          {t('keys.list.reveal')}
        </Button>
      ),
    });
  }

  return (
    <div data-testid="key-list">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<KeyStatus>
          allowClear
          placeholder={t('keys.list.allStatuses')}
          value={status}
          onChange={setStatus}
          style={{ width: 130 }}
          options={keyStatuses.map((s) => ({ value: s, label: t(`keys.status.${s}`) }))}
          data-testid="key-status-filter"
        />
        <Select<string>
          allowClear
          placeholder={t('keys.list.allBatches')}
          value={batchId}
          onChange={setBatchId}
          style={{ width: 200 }}
          options={(batches.data?.items ?? []).map((b) => ({ value: b.id, label: batchName(b.id) }))}
        />
        <Input
          type="datetime-local"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          aria-label={t('keys.list.from')}
          style={{ width: 200 }}
        />
        <Input
          type="datetime-local"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          aria-label={t('keys.list.to')}
          style={{ width: 200 }}
        />
        {canVoid ? (
          <Popconfirm
            title={t('keys.list.confirmVoid', { count: selected.length })}
            okText={t('keys.list.void')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => voiding.mutate(selected)}
            disabled={selected.length === 0}
          >
            <Button
              danger
              icon={<StopOutlined />}
              disabled={selected.length === 0}
              loading={voiding.isPending}
              data-testid="key-void"
            >
              {t('keys.list.voidSelected', { count: selected.length })}
            </Button>
          </Popconfirm>
        ) : null}
        {canExport ? (
          <Button icon={<DownloadOutlined />} onClick={() => setExporting(true)} data-testid="key-export">
            {t('keys.export.button')}
          </Button>
        ) : null}
      </Space>
      {keys.isError ? (
        <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />
      ) : (
        <>
          <Table<CardKey>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={keys.isPending}
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowSelection={
              canVoid
                ? {
                    selectedRowKeys: selected,
                    onChange: (ks) => setSelected(ks.map(String)),
                    getCheckboxProps: (k) => ({ disabled: k.status !== 'available' }),
                  }
                : undefined
            }
            locale={{ emptyText: <Empty description={t('keys.list.empty')} /> }}
          />
          {keys.hasNextPage ? (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button loading={keys.isFetchingNextPage} onClick={() => void keys.fetchNextPage()}>
                {t('admin.audit.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
      {revealing ? <RevealKeyModal cardKey={revealing} onClose={() => setRevealing(null)} /> : null}
      {exporting ? (
        <ExportKeysModal
          skuId={skuId}
          batches={batches.data?.items ?? []}
          onClose={() => setExporting(false)}
        />
      ) : null}
    </div>
  );
}
