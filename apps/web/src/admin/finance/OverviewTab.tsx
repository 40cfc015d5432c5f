import type { ReactNode } from 'react';
import { BankOutlined, DollarOutlined, PercentageOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { FinanceOverview } from '@kameng/shared';
import { Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchFinanceOverview } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatFen } from '../../lib/money';
import { LedgerCheckCard } from './LedgerCheckCard';

function StatCard(props: {
  testId: string;
  title: string;
  icon: ReactNode;
  value: string;
  extra?: ReactNode;
}) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic
        title={props.title}
        prefix={props.icon}
        value={props.value}
        valueRender={() => <span data-testid={props.testId}>{props.value}</span>}
      />
      {props.extra ? <Typography.Text type="secondary">{props.extra}</Typography.Text> : null}
    </Card>
  );
}

function OverviewCards({ o }: { o: FinanceOverview }) {
  const { t } = useTranslation();
  const l = o.merchantLiabilities;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} sm={12} xl={6}>
        <StatCard
          testId="overview-fee-revenue"
          title={t('adminFinance.overview.feeRevenue')}
          icon={<PercentageOutlined />}
          value={formatFen(o.platformFeeRevenue)}
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <StatCard
          testId="overview-channel-fees"
          title={t('adminFinance.overview.channelFees')}
          icon={<BankOutlined />}
          value={formatFen(o.channelFeeExpense)}
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <StatCard
          testId="overview-liabilities"
          title={t('adminFinance.overview.liabilities')}
          icon={<DollarOutlined />}
          value={formatFen(l.pending + l.available + l.withdrawing)}
          extra={t('adminFinance.overview.liabilitiesHint', {
            pending: formatFen(l.pending),
            available: formatFen(l.available),
            withdrawing: formatFen(l.withdrawing),
          })}
        />
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <StatCard
          testId="overview-pending-withdrawals"
          title={t('adminFinance.overview.pendingWithdrawals')}
          icon={<SwapOutlined />}
          value={String(o.withdrawals.requested)}
          extra={
            <Link to="/admin/finance/withdrawals">
              {t('adminFinance.overview.approvedWithdrawals', { count: o.withdrawals.approved })}
            </Link>
          }
        />
      </Col>
    </Row>
  );
}

/** Platform revenue and fees, what is owed to merchants and resellers, cash by channel, and the ledger check. */
export function OverviewTab() {
  const { t } = useTranslation();
  const overview = useQuery({ queryKey: financeKeys.overview, queryFn: fetchFinanceOverview });
  const o = overview.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="finance-overview">
      {overview.isError ? (
        <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />
      ) : !o ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <OverviewCards o={o} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('adminFinance.overview.cashByChannel')}>
                <Table
                  rowKey="channelId"
                  size="small"
                  pagination={false}
                  dataSource={o.cashByChannel}
                  locale={{ emptyText: <Empty description={t('adminFinance.overview.noChannels')} /> }}
                  columns={[
                    { title: t('adminFinance.overview.channel'), dataIndex: 'channelId', key: 'channelId' },
                    {
                      title: t('adminFinance.overview.amount'),
                      dataIndex: 'amount',
                      key: 'amount',
                      align: 'right',
                      render: (v: number) => formatFen(v),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small">
                <Space size="large" wrap>
                  <Statistic
                    title={t('adminFinance.overview.resellerBalances')}
                    value={formatFen(o.resellerBalances)}
                  />
                  <Statistic
                    title={t('adminFinance.overview.receivable')}
                    value={formatFen(o.merchantLiabilities.receivable)}
                  />
                </Space>
              </Card>
            </Col>
          </Row>
        </>
      )}
      <LedgerCheckCard />
    </Space>
  );
}
