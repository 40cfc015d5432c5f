import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { fetchMerchantFinance, type StatementParams } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { BalanceCards } from '../../finance/BalanceCards';
import { StatementView } from '../../finance/StatementView';
import { formatBps } from '../../lib/percent';
import { MerchantTermsForm } from './MerchantTermsForm';

/** One merchant's ledger for the platform: balances, terms (editable) and statement. */
export function MerchantLedgerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const summary = useQuery({
    queryKey: [...financeKeys.merchantLedger(id), 'summary'],
    queryFn: () => fetchMerchantFinance(id, { limit: 1 }),
  });
  const fetchPage = async (params: StatementParams) => (await fetchMerchantFinance(id, params)).statement;
  const data = summary.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div data-testid="merchant-ledger" data-merchant-id={id}>
        <Space wrap style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('adminFinance.merchant.title')}
            {data ? ` · ${data.merchantName}` : ''}
          </Typography.Title>
          <Space wrap>
            <Link to="/admin/merchants">
              <Button icon={<ArrowLeftOutlined />}>{t('adminFinance.merchant.back')}</Button>
            </Link>
            <Link to={`/admin/finance/adjustments?merchantId=${encodeURIComponent(id)}`}>
              <Button icon={<EditOutlined />} data-testid="merchant-ledger-adjust">
                {t('adminFinance.merchant.adjust')}
              </Button>
            </Link>
          </Space>
        </Space>
        <BalanceCards
          balance={data?.balance}
          loading={summary.isPending}
          error={summary.error}
          onRetry={() => void summary.refetch()}
        />
      </div>
      {data ? (
        <Card title={t('adminFinance.merchant.terms')} size="small">
          <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('adminFinance.merchant.settlementDays')}>
              {t('adminFinance.fees.days', { n: data.terms.settlementDays })}
            </Descriptions.Item>
            <Descriptions.Item label={t('adminFinance.merchant.commission')}>
              {formatBps(data.terms.commissionBps)}
            </Descriptions.Item>
          </Descriptions>
          <MerchantTermsForm terms={data.terms} />
        </Card>
      ) : summary.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : null}
      {summary.isError ? null : (
        <Card title={t('finance.tabs.statement')} size="small">
          <StatementView queryKey={[...financeKeys.merchantLedger(id), 'statement']} fetchPage={fetchPage} />
        </Card>
      )}
    </Space>
  );
}
