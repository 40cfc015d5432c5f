import {
  BarChartOutlined,
  BugOutlined,
  DashboardOutlined,
  KeyOutlined,
  SafetyOutlined,
  SendOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ConsoleLayout } from '../layout/ConsoleLayout';

/** The developer console frame (开发者中心) of a reseller: API access, keys, callbacks, logs, monitoring. */
export function DeveloperLayout() {
  const { t } = useTranslation();
  return (
    <ConsoleLayout
      testId="developer-layout"
      title={t('developer.title')}
      basePath="/developer"
      items={[
        { key: '/developer', icon: <DashboardOutlined />, label: t('developer.menu.overview') },
        { key: '/developer/credentials', icon: <KeyOutlined />, label: t('developer.menu.credentials') },
        { key: '/developer/webhooks', icon: <SendOutlined />, label: t('developer.menu.webhooks') },
        { key: '/developer/calls', icon: <UnorderedListOutlined />, label: t('developer.menu.calls') },
        { key: '/developer/dashboard', icon: <BarChartOutlined />, label: t('developer.menu.dashboard') },
        { key: '/developer/signature', icon: <BugOutlined />, label: t('developer.menu.signature') },
        { key: '/developer/security', icon: <SafetyOutlined />, label: t('console.menu.security') },
      ]}
    />
  );
}
