import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry } from '@kameng/shared';
import { Button, Empty, Flex, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { fetchAudit } from '../api/admin';
import { queryKeys } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { AuditVerify } from './AuditVerify';

const PAGE_SIZE = 50;

/** The privileged-action audit log, newest first, with an action filter and chain verification. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [action, setAction] = useState('');
  const log = useInfiniteQuery({
    queryKey: [...queryKeys.audit, action],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      fetchAudit({ action: action || undefined, before: pageParam, limit: PAGE_SIZE }),
    getNextPageParam: (last) => {
      const lastId = Number(last.items.at(-1)?.id);
      return last.items.length === PAGE_SIZE && Number.isSafeInteger(lastId) && lastId > 0
        ? lastId
        : undefined;
    },
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: ColumnsType<AuditEntry> = [
    { title: t('admin.audit.columns.id'), dataIndex: 'id', key: 'id', width: 80 },
    {
      title: t('admin.audit.columns.at'),
      dataIndex: 'at',
      key: 'at',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('admin.audit.columns.actor'),
      dataIndex: 'actorEmail',
      key: 'actor',
      render: (v: string | null) => v ?? t('admin.audit.system'),
    },
    {
      title: t('admin.audit.columns.action'),
      dataIndex: 'action',
      key: 'action',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('admin.audit.columns.target'),
      key: 'target',
      render: (_v, e) => (e.targetType ? e.targetType + (e.targetId ? ':' + e.targetId : '') : '—'),
    },
    {
      title: t('admin.audit.columns.ip'),
      dataIndex: 'ip',
      key: 'ip',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('admin.audit.columns.requestId'),
      dataIndex: 'requestId',
      key: 'requestId',
      render: (v: string | null) => v ?? '—',
    },
  ];

  return (
    <div data-testid="admin-audit">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.audit.title')}
      </Typography.Title>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <AuditVerify />
        <Input.Search
          name="action"
          allowClear
          placeholder={t('admin.audit.filterAction')}
          style={{ maxWidth: 320 }}
          onSearch={(v) => setAction(v.trim())}
          enterButton
        />
        {log.isError ? (
          <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            columns={columns}
            dataSource={items}
            loading={log.isPending}
            pagination={false}
            scroll={{ x: 'max-content' }}
            expandable={{
              expandedRowRender: (e) => <pre className="audit-data">{JSON.stringify(e.data, null, 2)}</pre>,
            }}
            locale={{ emptyText: <Empty description={t('admin.audit.empty')} /> }}
          />
        )}
        {log.hasNextPage ? (
          <Flex justify="center">
            <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
              {t('admin.audit.loadMore')}
            </Button>
          </Flex>
        ) : null}
      </Space>
    </div>
  );
}
