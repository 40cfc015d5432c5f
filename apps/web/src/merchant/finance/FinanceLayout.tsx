import { useQuery } from '@tanstack/react-query';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { fetchBalance } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { BalanceCards } from '../../finance/BalanceCards';
import { Forbidden } from '../../layout/Forbidden';
import { useCan } from '../use-can';

const tabs = [
  { key: '/merchant/finance', label: 'finance.tabs.statement' },
  { key: '/merchant/finance/withdrawals', label: 'finance.tabs.withdrawals' },
  { key: '/merchant/finance/payout-accounts', label: 'finance.tabs.payoutAccounts' },
] as const;

/** The merchant's finance section (财务): balance cards above statement / withdrawals / payout-account tabs. */
export function FinanceLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const canRead = useCan('finance.read');
  const balance = useQuery({ queryKey: financeKeys.balance, queryFn: fetchBalance, enabled: canRead });
  if (!canRead) return <Forbidden />;
  const active = tabs.find((tab) => tab.key === pathname.replace(/\/$/, ''))?.key ?? tabs[0].key;
  return (
    <div data-testid="merchant-finance">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('finance.title')}
      </Typography.Title>
      <BalanceCards
        balance={balance.data}
        loading={balance.isPending}
        error={balance.error}
        onRetry={() => void balance.refetch()}
      />
      <Tabs
        style={{ marginTop: 16 }}
        activeKey={active}
        onChange={(key) => void navigate(key)}
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`finance-tab-${tab.key.split('/').pop()}`}>{t(tab.label)}</span>,
        }))}
      />
      <Outlet />
    </div>
  );
}
