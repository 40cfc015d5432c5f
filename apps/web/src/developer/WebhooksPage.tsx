import { useQueryClient } from '@tanstack/react-query';
import { Card, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { developerKeys } from '../api/developer';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookEndpoints } from './WebhookEndpoints';

/** Webhook endpoints and their delivery log (tab kept in `?tab=`). */
export function WebhooksPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'deliveries' ? 'deliveries' : 'endpoints';
  return (
    <Card title={t('developer.webhooks.title')} data-testid="developer-webhooks">
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'endpoints' ? {} : { tab: key }, { replace: true })}
        items={[
          {
            key: 'endpoints',
            label: <span data-testid="webhooks-tab-endpoints">{t('developer.webhooks.endpoints')}</span>,
            children: (
              <WebhookEndpoints
                onTestSent={() =>
                  void queryClient.invalidateQueries({ queryKey: [...developerKeys.webhooks, 'deliveries'] })
                }
              />
            ),
          },
          {
            key: 'deliveries',
            label: <span data-testid="webhooks-tab-deliveries">{t('developer.deliveries.title')}</span>,
            children: <WebhookDeliveries />,
          },
        ]}
      />
    </Card>
  );
}
