import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';

const tabs = [
  { key: '/admin/finance', label: 'adminFinance.tabs.overview' },
  { key: '/admin/finance/withdrawals', label: 'adminFinance.tabs.withdrawals' },
  { key: '/admin/finance/adjustments', label: 'adminFinance.tabs.adjustments' },
  { key: '/admin/finance/fees', label: 'adminFinance.tabs.fees' },
  { key: '/admin/finance/resellers', label: 'adminFinance.tabs.resellers' },
] as const;

/** The platform's finance section (财务): overview, withdrawal review, adjustments, fees, resellers. */
export function AdminFinanceLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const path = pathname.replace(/\/$/, '');
  // The per-merchant ledger has no tab of its own: it belongs to the overview.
  const active = tabs.find((tab) => tab.key === path)?.key ?? tabs[0].key;
  return (
    <div data-testid="admin-finance">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('adminFinance.title')}
      </Typography.Title>
      <Tabs
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
