import { useTranslation } from 'react-i18next';
import { SectionLayout } from '../../layout/SectionLayout';

const tabs = [
  { key: '/admin/payments', id: 'channels', label: 'payments.tabs.channels' },
  { key: '/admin/payments/notifies', id: 'notifies', label: 'payments.tabs.notifies' },
  { key: '/admin/payments/anomalies', id: 'anomalies', label: 'payments.tabs.anomalies' },
] as const;

/** The platform's payments section: channels, notify log, anomalies. */
export function PaymentsLayout() {
  const { t } = useTranslation();
  return (
    <SectionLayout testId="admin-payments" title={t('payments.title')} tabs={tabs} tabPrefix="payments" />
  );
}
