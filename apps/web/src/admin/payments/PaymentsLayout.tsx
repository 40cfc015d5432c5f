import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';

const tabs = [
  { key: '/admin/payments', id: 'channels', label: 'payments.tabs.channels' },
  { key: '/admin/payments/notifies', id: 'notifies', label: 'payments.tabs.notifies' },
  { key: '/admin/payments/anomalies', id: 'anomalies', label: 'payments.tabs.anomalies' },
] as const;

/** The platform's payments section: channels, notify log, anomalies. */
export function PaymentsLayout() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const path = pathname.replace(/\/$/, '');
  const active = tabs.find((tab) => tab.key === path)?.key ?? tabs[0].key;
  return (
    <div data-testid="admin-payments">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('payments.title')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(key) => void navigate(key)}
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`payments-tab-${tab.id}`}>{t(tab.label)}</span>,
        }))}
      />
      <Outlet />
    </div>
  );
}
