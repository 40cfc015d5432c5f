import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { KeyBatch } from '@kameng/shared';
import { App, Button, Empty, Popconfirm, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { deleteBatch, fetchBatches, invalidLinesUrl } from '../../api/inventory';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatDateTime } from '../../layout/format-date-time';
import { useCan } from '../use-can';

/** The SKU's import batches with their counts; unsold batches can be deleted. */
export function BatchList({ skuId }: { skuId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canImport = useCan('keys.import');
  const list = useQuery({ queryKey: queryKeys.batches(skuId), queryFn: () => fetchBatches(skuId) });
  const remove = useMutation({
    mutationFn: (b: KeyBatch) => deleteBatch(b.id),
    onSuccess: () => {
      void message.success(t('keys.batch.deleted'));
      void queryClient.invalidateQueries({ queryKey: queryKeys.skuKeys(skuId) });
    },
    onError: (err: Error) => void message.error(err.message),
  });

  const columns: ColumnsType<KeyBatch> = [
    {
      title: t('keys.batch.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('keys.batch.source'),
      key: 'source',
      render: (_v, b) => (
        <Space size={4}>
          <Tag>{t(`keys.batch.sources.${b.source}`)}</Tag>
          {b.filename ?? ''}
          {b.status === 'failed' ? <Tag color="error">{t('keys.batch.failed')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('keys.batch.imported'), dataIndex: 'imported', key: 'imported' },
    {
      title: t('keys.batch.duplicates'),
      key: 'duplicates',
      render: (_v, b) => `${b.duplicatesInFile} / ${b.duplicatesExisting}`,
    },
    {
      title: t('keys.batch.invalid'),
      dataIndex: 'invalid',
      key: 'invalid',
      render: (v: number, b) =>
        v > 0 ? (
          <a href={invalidLinesUrl(b.id)} download>
            {v}
          </a>
        ) : (
          v
        ),
    },
    { title: t('keys.batch.remaining'), dataIndex: 'remaining', key: 'remaining' },
    { title: t('keys.batch.sold'), dataIndex: 'sold', key: 'sold' },
  ];
  if (canImport) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_v, b) => (
        <Popconfirm
          title={t('keys.batch.confirmDelete')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => remove.mutate(b)}
          disabled={b.sold > 0}
        >
          <Button type="link" size="small" danger disabled={b.sold > 0} data-testid="batch-delete">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ),
    });
  }

  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Table<KeyBatch>
      rowKey="id"
      data-testid="batch-list"
      columns={columns}
      dataSource={list.data?.items ?? []}
      loading={list.isPending}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('keys.batch.empty')} /> }}
    />
  );
}
