import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminDockingKeys, fetchWebhookSettings, updateWebhookSettings } from '../../api/admin-docking';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { PageLoading } from '../../layout/PageLoading';

/** Platform webhook settings: whether endpoints may point at private / loopback addresses (SSRF guard). */
export function WebhookSettingsTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: adminDockingKeys.webhookSettings, queryFn: fetchWebhookSettings });
  const save = useMutation({
    mutationFn: (allowPrivateTargets: boolean) => updateWebhookSettings({ allowPrivateTargets }),
    onSuccess: (next) => {
      queryClient.setQueryData(adminDockingKeys.webhookSettings, next);
      void message.success(t('common.saved'));
    },
    onError: (err: Error) => void message.error(err.message),
  });
  if (settings.isPending) return <PageLoading />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  const allowed = settings.data.allowPrivateTargets;
  return (
    <Card title={t('adminDocking.webhooks.title')} data-testid="docking-webhook-settings">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space>
          <Switch
            checked={allowed}
            loading={save.isPending}
            data-testid="allow-private-targets"
            onChange={(on) =>
              on
                ? modal.confirm({
                    title: t('adminDocking.webhooks.confirmTitle'),
                    content: t('adminDocking.webhooks.confirmBody'),
                    okText: t('common.enable'),
                    okButtonProps: { danger: true },
                    cancelText: t('common.cancel'),
                    onOk: () => save.mutateAsync(true),
                  })
                : save.mutate(false)
            }
          />
          <Typography.Text>{t('adminDocking.webhooks.allowPrivate')}</Typography.Text>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('adminDocking.webhooks.help')}
        </Typography.Paragraph>
        {allowed ? <Alert type="warning" showIcon title={t('adminDocking.webhooks.warning')} /> : null}
      </Space>
    </Card>
  );
}
