import { useTranslation } from 'react-i18next';
import { SectionLayout } from '../../layout/SectionLayout';

// The per-merchant ledger has no tab of its own: it belongs to the overview.
const tabs = [
  { key: '/admin/finance', id: 'finance', label: 'adminFinance.tabs.overview' },
  { key: '/admin/finance/withdrawals', id: 'withdrawals', label: 'adminFinance.tabs.withdrawals' },
  { key: '/admin/finance/adjustments', id: 'adjustments', label: 'adminFinance.tabs.adjustments' },
  { key: '/admin/finance/fees', id: 'fees', label: 'adminFinance.tabs.fees' },
  { key: '/admin/finance/resellers', id: 'resellers', label: 'adminFinance.tabs.resellers' },
] as const;

/** The platform's finance section (财务): overview, withdrawal review, adjustments, fees, resellers. */
export function AdminFinanceLayout() {
  const { t } = useTranslation();
  return (
    <SectionLayout testId="admin-finance" title={t('adminFinance.title')} tabs={tabs} tabPrefix="finance" />
  );
}
