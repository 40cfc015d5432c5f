import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { developerKeys, fetchCredentials, fetchStats } from '../api/developer';
import { StatsDashboard } from './StatsDashboard';

/** The reseller's monitoring dashboard. */
export function DashboardPage() {
  const { t } = useTranslation();
  const credentials = useQuery({ queryKey: developerKeys.credentials, queryFn: fetchCredentials });
  return (
    <div data-testid="developer-dashboard">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('developer.dashboard.title')}
      </Typography.Title>
      <StatsDashboard
        queryKey={developerKeys.stats}
        fetchStats={fetchStats}
        credentials={(credentials.data?.items ?? []).map((c) => ({
          id: c.id,
          label: `${c.name} (${c.appKey})`,
        }))}
      />
    </div>
  );
}
