import {
  AccountBookOutlined,
  ApiOutlined,
  AuditOutlined,
  CreditCardOutlined,
  DashboardOutlined,
  MailOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShopOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ConsoleLayout } from '../layout/ConsoleLayout';

/** The platform admin console frame. */
export function AdminLayout() {
  const { t } = useTranslation();
  return (
    <ConsoleLayout
      testId="admin-layout"
      title={t('console.adminTitle')}
      basePath="/admin"
      items={[
        { key: '/admin', icon: <DashboardOutlined />, label: t('console.menu.dashboard') },
        { key: '/admin/merchants', icon: <ShopOutlined />, label: t('console.menu.merchants') },
        { key: '/admin/finance', icon: <AccountBookOutlined />, label: t('console.menu.finance') },
        { key: '/admin/payments', icon: <CreditCardOutlined />, label: t('console.menu.payments') },
        { key: '/admin/docking', icon: <ApiOutlined />, label: t('adminDocking.menu') },
        { key: '/admin/emails', icon: <MailOutlined />, label: t('console.menu.emails') },
        { key: '/admin/audit', icon: <AuditOutlined />, label: t('console.menu.audit') },
        { key: '/admin/settings', icon: <SettingOutlined />, label: t('console.menu.settings') },
        { key: '/admin/security', icon: <SafetyOutlined />, label: t('console.menu.security') },
      ]}
    />
  );
}
