import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { fetchSetupStatus, runSetup } from '../api/auth';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { AuthShell } from './AuthShell';
import { useFormRules } from './form-rules';
import { useSignedIn } from './use-signed-in';

interface SetupForm {
  displayName: string;
  email: string;
  password: string;
  confirmPassword: string;
}

/** First run: creates the first platform admin, then sends them to enrol 2FA. */
export function SetupPage() {
  const { t } = useTranslation();
  const rules = useFormRules();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const signedIn = useSignedIn();
  const status = useQuery({ queryKey: ['setup', 'status'], queryFn: fetchSetupStatus });
  const mutation = useMutation({
    mutationFn: runSetup,
    onSuccess: (res) => signedIn(res.user, null, '/admin/security'),
  });

  let body;
  if (status.isPending) body = <PageLoading />;
  else if (status.isError) body = <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />;
  else if (!status.data.needsSetup) {
    body = (
      <Result
        status="success"
        title={t('auth.setup.done')}
        subTitle={t('auth.setup.doneDesc')}
        data-testid="setup-done"
        extra={
          <Link to="/login">
            <Button type="primary">{t('auth.setup.goLogin')}</Button>
          </Link>
        }
      />
    );
  } else if (!token) {
    body = (
      <Alert type="error" showIcon title={t('auth.setup.missingToken')} data-testid="setup-missing-token" />
    );
  } else {
    body = (
      <Form<SetupForm>
        name="setup"
        layout="vertical"
        requiredMark={false}
        onFinish={(v) =>
          mutation.mutate({ token, displayName: v.displayName.trim(), email: v.email, password: v.password })
        }
      >
        <Form.Item name="displayName" label={t('field.displayName')} rules={rules.requiredText}>
          <Input name="displayName" autoComplete="name" maxLength={60} autoFocus />
        </Form.Item>
        <Form.Item name="email" label={t('field.email')} rules={rules.email}>
          <Input name="email" type="email" autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('field.password')} rules={rules.newPassword}>
          <Input.Password name="password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('field.confirmPassword')}
          dependencies={['password']}
          rules={rules.confirm('password')}
        >
          <Input.Password name="confirmPassword" autoComplete="new-password" />
        </Form.Item>
        {mutation.isError ? (
          <Form.Item>
            <ErrorAlert error={mutation.error} />
          </Form.Item>
        ) : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
            {t('auth.setup.submit')}
          </Button>
        </Form.Item>
      </Form>
    );
  }

  return (
    <AuthShell title={t('auth.setup.title')} subtitle={t('auth.setup.subtitle')} testId="setup-page">
      {body}
    </AuthShell>
  );
}
