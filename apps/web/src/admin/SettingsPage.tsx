import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlatformSettings } from '@kameng/shared';
import { App, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchSettings, saveSettings } from '../api/admin';
import { queryKeys } from '../api/queries';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';

/** Platform settings: site name and default language. */
export function SettingsPage() {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: fetchSettings });
  const mutation = useMutation({
    mutationFn: saveSettings,
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.site });
      void message.success(t('common.saved'));
    },
  });

  let body;
  if (settings.isPending) body = <PageLoading />;
  else if (settings.isError)
    body = <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  else {
    body = (
      <Form<PlatformSettings>
        name="settings"
        layout="vertical"
        requiredMark={false}
        initialValues={settings.data}
        style={{ maxWidth: 420 }}
        onFinish={(v) => mutation.mutate({ siteName: v.siteName.trim(), defaultLocale: v.defaultLocale })}
      >
        <Form.Item name="siteName" label={t('field.siteName')} rules={rules.requiredText}>
          <Input name="siteName" maxLength={60} />
        </Form.Item>
        <Form.Item name="defaultLocale" label={t('field.defaultLocale')} rules={rules.required}>
          <Radio.Group name="defaultLocale">
            <Radio value="zh-CN">{t('locale.zh-CN')}</Radio>
            <Radio value="en">{t('locale.en')}</Radio>
          </Radio.Group>
        </Form.Item>
        {mutation.isError ? (
          <Form.Item>
            <ErrorAlert error={mutation.error} />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    );
  }

  return (
    <div data-testid="admin-settings">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.settings.title')}
      </Typography.Title>
      <Card>{body}</Card>
    </div>
  );
}
