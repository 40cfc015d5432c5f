import { useTranslation } from 'react-i18next';
import { SectionLayout } from '../../layout/SectionLayout';

const tabs = [
  { key: '/admin/docking', label: 'adminDocking.tabs.resellers', id: 'resellers' },
  { key: '/admin/docking/rollout', label: 'adminDocking.tabs.rollout', id: 'rollout' },
  { key: '/admin/docking/levels', label: 'adminDocking.tabs.levels', id: 'levels' },
  { key: '/admin/docking/stats', label: 'adminDocking.tabs.stats', id: 'stats' },
  { key: '/admin/docking/calls', label: 'adminDocking.tabs.calls', id: 'calls' },
  { key: '/admin/docking/webhooks', label: 'adminDocking.tabs.webhooks', id: 'webhooks' },
] as const;

/** The platform's API docking section (API 对接): reseller access, gray release, levels, monitoring. */
export function DockingLayout() {
  const { t } = useTranslation();
  return (
    <SectionLayout testId="admin-docking" title={t('adminDocking.title')} tabs={tabs} tabPrefix="docking" />
  );
}
