import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../api/account';
import { queryKeys } from '../api/queries';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Changes the signed-in user's password. */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PasswordForm>();
  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      form.resetFields();
      void message.success(t('security.password.changed'));
      // The server may rotate the session (and its CSRF token) on a password change.
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
  return (
    <Card title={t('security.password.title')}>
      <Form<PasswordForm>
        form={form}
        name="change-password"
        layout="vertical"
        requiredMark={false}
        style={{ maxWidth: 420 }}
        onFinish={(v) => mutation.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}
      >
        <Form.Item name="currentPassword" label={t('field.currentPassword')} rules={rules.required}>
          <Input.Password name="currentPassword" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('field.newPassword')} rules={rules.newPassword}>
          <Input.Password name="newPassword" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('field.confirmPassword')}
          dependencies={['newPassword']}
          rules={rules.confirm('newPassword')}
        >
          <Input.Password name="confirmPassword" autoComplete="new-password" />
        </Form.Item>
        {mutation.isError ? (
          <Form.Item>
            <ErrorAlert error={mutation.error} />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={mutation.isPending}>
          {t('security.password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
