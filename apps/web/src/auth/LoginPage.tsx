import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { LoginBody } from '@kameng/shared';
import { Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { login } from '../api/auth';
import { useMe } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { AuthShell } from './AuthShell';
import { useFormRules } from './form-rules';
import { afterLoginPath } from './home-path';
import { MfaStep } from './MfaStep';
import { useSignedIn } from './use-signed-in';

/** Sign-in with e-mail and password, then a second factor when the account has one. */
export function LoginPage() {
  const { t } = useTranslation();
  const rules = useFormRules();
  const [params] = useSearchParams();
  const next = params.get('next');
  const me = useMe();
  const signedIn = useSignedIn();
  const [step, setStep] = useState<'password' | 'mfa'>('password');
  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (res) => {
      if (res.status === 'mfa_required') setStep('mfa');
      else signedIn(res.user, next);
    },
  });

  // Already signed in (e.g. back button): go straight to the console.
  if (me.data && !mutation.isPending && step === 'password' && !mutation.isSuccess) {
    return <Navigate to={afterLoginPath(me.data, next)} replace />;
  }

  return (
    <AuthShell title={step === 'mfa' ? t('auth.mfa.title') : t('auth.login.title')} testId="login-page">
      {step === 'mfa' ? (
        <MfaStep
          onDone={(user) => signedIn(user, next)}
          onBack={() => {
            mutation.reset();
            setStep('password');
          }}
        />
      ) : (
        <Form<LoginBody>
          name="login"
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item name="email" label={t('field.email')} rules={rules.email}>
            <Input name="email" type="email" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('field.password')} rules={rules.required}>
            <Input.Password name="password" autoComplete="current-password" />
          </Form.Item>
          {mutation.isError ? (
            <Form.Item>
              <ErrorAlert error={mutation.error} />
            </Form.Item>
          ) : null}
          <Form.Item>
            <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
              {t('auth.login.submit')}
            </Button>
          </Form.Item>
          <Typography.Text type="secondary">
            {t('auth.login.noAccount')} <Link to="/register">{t('auth.login.register')}</Link>
          </Typography.Text>
        </Form>
      )}
    </AuthShell>
  );
}
