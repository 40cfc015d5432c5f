import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchBalance } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { BalanceCards } from '../../finance/BalanceCards';
import { Forbidden } from '../../layout/Forbidden';
import { SectionLayout } from '../../layout/SectionLayout';
import { useCan } from '../use-can';

const tabs = [
  { key: '/merchant/finance', id: 'finance', label: 'finance.tabs.statement' },
  { key: '/merchant/finance/withdrawals', id: 'withdrawals', label: 'finance.tabs.withdrawals' },
  { key: '/merchant/finance/payout-accounts', id: 'payout-accounts', label: 'finance.tabs.payoutAccounts' },
] as const;

/** The merchant's finance section (财务): balance cards above statement / withdrawals / payout-account tabs. */
export function FinanceLayout() {
  const { t } = useTranslation();
  const canRead = useCan('finance.read');
  const balance = useQuery({ queryKey: financeKeys.balance, queryFn: fetchBalance, enabled: canRead });
  if (!canRead) return <Forbidden />;
  return (
    <SectionLayout testId="merchant-finance" title={t('finance.title')} tabs={tabs} tabPrefix="finance">
      <BalanceCards
        balance={balance.data}
        loading={balance.isPending}
        error={balance.error}
        onRetry={() => void balance.refetch()}
      />
    </SectionLayout>
  );
}
