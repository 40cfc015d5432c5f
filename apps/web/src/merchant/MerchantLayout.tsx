import {
  AccountBookOutlined,
  ApartmentOutlined,
  DashboardOutlined,
  GiftOutlined,
  OrderedListOutlined,
  SafetyOutlined,
  ShoppingOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { ConsoleLayout, type ConsoleMenuItem } from '../layout/ConsoleLayout';
import { hasPermission } from './has-permission';

/** The merchant console frame; menu entries follow the member's permissions. */
export function MerchantLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const items: ConsoleMenuItem[] = [
    { key: '/merchant', icon: <DashboardOutlined />, label: t('console.menu.dashboard') },
  ];
  if (hasPermission(me.data, 'orders.read')) {
    items.push(
      { key: '/merchant/orders', icon: <OrderedListOutlined />, label: t('console.menu.orders') },
      {
        key: '/merchant/orders/anomalies',
        icon: <WarningOutlined />,
        label: t('console.menu.paymentAnomalies'),
      },
    );
  }
  if (hasPermission(me.data, 'catalog.read')) {
    items.push(
      { key: '/merchant/products', icon: <ShoppingOutlined />, label: t('console.menu.products') },
      { key: '/merchant/categories', icon: <ApartmentOutlined />, label: t('console.menu.categories') },
      { key: '/merchant/coupons', icon: <GiftOutlined />, label: t('console.menu.coupons') },
    );
  }
  if (hasPermission(me.data, 'finance.read')) {
    items.push({ key: '/merchant/finance', icon: <AccountBookOutlined />, label: t('console.menu.finance') });
  }
  if (hasPermission(me.data, 'staff.manage')) {
    items.push({ key: '/merchant/staff', icon: <TeamOutlined />, label: t('console.menu.staff') });
  }
  items.push({ key: '/merchant/security', icon: <SafetyOutlined />, label: t('console.menu.security') });
  return (
    <ConsoleLayout
      testId="merchant-layout"
      title={me.data?.merchant?.name ?? t('console.merchantTitle')}
      basePath="/merchant"
      items={items}
    />
  );
}
