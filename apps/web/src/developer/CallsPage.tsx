import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { developerKeys, fetchCalls, fetchCredentials } from '../api/developer';
import { CallLog } from './CallLog';

/** The reseller's API call log. */
export function CallsPage() {
  const { t } = useTranslation();
  const credentials = useQuery({ queryKey: developerKeys.credentials, queryFn: fetchCredentials });
  return (
    <Card title={t('developer.calls.title')} data-testid="developer-calls">
      <CallLog
        queryKey={developerKeys.calls}
        fetchPage={fetchCalls}
        credentials={(credentials.data?.items ?? []).map((c) => ({
          id: c.id,
          label: `${c.name} (${c.appKey})`,
        }))}
      />
    </Card>
  );
}
