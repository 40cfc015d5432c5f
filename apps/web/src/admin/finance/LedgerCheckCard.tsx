import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkLedger, type LedgerProblem } from '../../api/finance';
import { ErrorAlert } from '../../layout/ErrorAlert';

/** Runs the ledger invariant check on the server and shows the result (ok, or the list of problems). */
export function LedgerCheckCard() {
  const { t } = useTranslation();
  const mutation = useMutation({ mutationFn: checkLedger });
  const result = mutation.data;
  return (
    <Card title={t('adminFinance.ledgerCheck.title')} data-testid="ledger-check-card">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('adminFinance.ledgerCheck.intro')}
        </Typography.Paragraph>
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={mutation.isPending}
          onClick={() => mutation.mutate()}
          data-testid="ledger-check"
        >
          {t('adminFinance.ledgerCheck.run')}
        </Button>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
        {result && !mutation.isPending ? (
          <div data-testid="ledger-check-result" data-ok={String(result.ok)}>
            {result.ok ? (
              <Alert
                type="success"
                showIcon
                title={t('adminFinance.ledgerCheck.ok', {
                  accounts: result.accounts,
                  entries: result.entries,
                  transfers: result.transfers,
                })}
              />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Alert
                  type="error"
                  showIcon
                  title={t('adminFinance.ledgerCheck.broken', {
                    count: result.problems.length,
                    accounts: result.accounts,
                    entries: result.entries,
                    transfers: result.transfers,
                  })}
                />
                <Table<LedgerProblem>
                  rowKey={(p) => `${p.kind}:${p.id}`}
                  size="small"
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  scroll={{ x: 'max-content' }}
                  dataSource={result.problems}
                  columns={[
                    {
                      title: t('adminFinance.ledgerCheck.columns.kind'),
                      dataIndex: 'kind',
                      key: 'kind',
                      render: (k: LedgerProblem['kind']) => t(`adminFinance.ledgerCheck.kinds.${k}`),
                    },
                    {
                      title: t('adminFinance.ledgerCheck.columns.id'),
                      dataIndex: 'id',
                      key: 'id',
                      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                    },
                    {
                      title: t('adminFinance.ledgerCheck.columns.detail'),
                      dataIndex: 'detail',
                      key: 'detail',
                    },
                  ]}
                />
              </Space>
            )}
          </div>
        ) : null}
      </Space>
    </Card>
  );
}
