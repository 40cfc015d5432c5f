import { lazy, Suspense, useState, type HTMLAttributes, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ApiStats, ApiStatsPerKey } from '@kameng/shared';
import { Card, Col, Empty, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';

/** 0.0123 → '1.23%' (display only: error rates are ratios, not money). */
const formatPercent = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

// recharts is big: it is fetched with this chunk, on the dashboards only.
const StatsCharts = lazy(() => import('./StatsCharts'));

/** 24 h or 7 d. */
export type StatsRange = ApiStats['range'];

const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);

/**
 * Monitoring: totals, per-key figures and the charts (calls per bucket, error rate, latency
 * percentiles) over 24 h or 7 d, optionally for one key. The admin passes its own fetcher and filters.
 */
export function StatsDashboard(props: {
  queryKey: readonly unknown[];
  fetchStats: (params: { range: StatsRange; credentialId?: string }) => Promise<ApiStats>;
  /** Keys to pick from; without them (admin, all accounts) there is no key selector. */
  credentials?: { id: string; label: string }[];
  extraFilter?: ReactNode;
  extraColumns?: ColumnsType<ApiStatsPerKey>;
}) {
  const { t } = useTranslation();
  const [range, setRange] = useState<StatsRange>('24h');
  const [credentialId, setCredentialId] = useState('');
  const stats = useQuery({
    queryKey: [...props.queryKey, range, credentialId],
    queryFn: () => props.fetchStats({ range, credentialId: credentialId || undefined }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const s = stats.data;
  const columns: ColumnsType<ApiStatsPerKey> = [
    ...(props.extraColumns ?? []),
    {
      title: t('developer.dashboard.key'),
      key: 'key',
      render: (_v, k) =>
        k.appKey ? (
          <span>
            {k.name} <Typography.Text code>{k.appKey}</Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary">{t('developer.dashboard.unknownKey')}</Typography.Text>
        ),
    },
    { title: t('developer.dashboard.calls'), dataIndex: 'calls', key: 'calls', align: 'right' },
    { title: t('developer.dashboard.errors'), dataIndex: 'errors', key: 'errors', align: 'right' },
    {
      title: t('developer.dashboard.errorRate'),
      dataIndex: 'errorRate',
      key: 'errorRate',
      align: 'right',
      render: (v: number) => formatPercent(v),
    },
    { title: 'p95', dataIndex: 'p95', key: 'p95', align: 'right', render: ms },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="stats-dashboard">
      <Space wrap>
        <Segmented<StatsRange>
          value={range}
          onChange={setRange}
          options={[
            { value: '24h', label: t('developer.dashboard.range24h') },
            { value: '7d', label: t('developer.dashboard.range7d') },
          ]}
          data-testid="stats-range"
        />
        {props.extraFilter}
        {props.credentials ? (
          <Select
            style={{ width: 240 }}
            value={credentialId}
            onChange={setCredentialId}
            data-testid="stats-key-filter"
            options={[
              { value: '', label: t('developer.dashboard.allKeys') },
              ...props.credentials.map((c) => ({ value: c.id, label: c.label })),
            ]}
          />
        ) : null}
      </Space>
      {stats.isError ? (
        <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />
      ) : !s ? (
        <PageLoading />
      ) : (
        <>
          <Card size="small" data-testid="stats-totals">
            <Row gutter={[16, 16]}>
              <Col xs={12} md={4}>
                <Statistic
                  title={t('developer.dashboard.calls')}
                  value={s.totals.calls}
                  valueRender={(n) => <span data-testid="stats-total-calls">{n}</span>}
                />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title={t('developer.dashboard.errors')} value={s.totals.errors} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic
                  title={t('developer.dashboard.errorRate')}
                  value={formatPercent(s.totals.errorRate)}
                />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title="p50" value={ms(s.totals.p50)} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title="p95" value={ms(s.totals.p95)} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title="p99" value={ms(s.totals.p99)} />
              </Col>
            </Row>
          </Card>
          {s.totals.calls === 0 ? (
            <Empty description={t('developer.dashboard.noCalls')} data-testid="stats-empty" />
          ) : null}
          <Suspense fallback={<PageLoading />}>
            <StatsCharts stats={s} />
          </Suspense>
          <Card size="small" title={t('developer.dashboard.perKey')}>
            <Table<ApiStatsPerKey>
              rowKey={(k) => `${k.resellerId ?? ''}:${k.credentialId ?? 'none'}`}
              columns={columns}
              dataSource={s.perKey}
              size="small"
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              onRow={() => ({ 'data-testid': 'stats-key-row' }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty description={t('developer.dashboard.noCalls')} /> }}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
