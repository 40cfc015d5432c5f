import type { ReactNode } from 'react';
import { ClockCircleOutlined, SwapOutlined, WalletOutlined, WarningOutlined } from '@ant-design/icons';
import type { MerchantBalance } from '@kameng/shared';
import { Card, Col, Row, Skeleton, Statistic, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatFen } from '../lib/money';

type CardKey = 'pending' | 'available' | 'withdrawing' | 'receivable';

const icons: Record<CardKey, ReactNode> = {
  pending: <ClockCircleOutlined />,
  available: <WalletOutlined />,
  withdrawing: <SwapOutlined />,
  receivable: <WarningOutlined />,
};

/**
 * A merchant's balances: pending (待结算), available (可提现), withdrawing (提现中), and receivable (应收)
 * when non-zero. Each value carries `data-testid="balance-<key>"` with the formatted amount as text.
 */
export function BalanceCards(props: {
  balance: MerchantBalance | undefined;
  loading: boolean;
  error: unknown;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  if (props.error) return <ErrorAlert error={props.error} onRetry={props.onRetry} />;
  const b = props.balance;
  const keys: CardKey[] = ['pending', 'available', 'withdrawing'];
  if (b && b.receivable !== 0) keys.push('receivable');
  const span = keys.length === 4 ? 6 : 8;
  return (
    <Row gutter={[16, 16]} data-testid="balance-cards">
      {keys.map((key) => (
        <Col key={key} xs={24} sm={12} xl={span}>
          <Card size="small">
            {props.loading || !b ? (
              <Skeleton active paragraph={{ rows: 1 }} title={false} />
            ) : (
              <Tooltip title={t(`finance.balance.${key}Hint`)}>
                <Statistic
                  title={t(`finance.balance.${key}`)}
                  prefix={icons[key]}
                  valueRender={() => <span data-testid={`balance-${key}`}>{formatFen(b[key])}</span>}
                  value={b[key]}
                  styles={key === 'receivable' ? { content: { color: '#cf1322' } } : undefined}
                />
              </Tooltip>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
