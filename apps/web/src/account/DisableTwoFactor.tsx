import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { disableTotp } from '../api/account';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';

/** Turns 2FA off after re-checking the password and a current code. */
export function DisableTwoFactor(props: { onDisabled: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const mutation = useMutation({ mutationFn: disableTotp, onSuccess: props.onDisabled });
  return (
    <Form<{ password: string; code: string }>
      name="totp-disable"
      layout="vertical"
      requiredMark={false}
      style={{ maxWidth: 320 }}
      onFinish={(v) => mutation.mutate({ password: v.password, code: v.code.trim() })}
    >
      <Form.Item name="password" label={t('field.password')} rules={rules.required}>
        <Input.Password name="password" autoComplete="current-password" />
      </Form.Item>
      <Form.Item name="code" label={t('field.codeOrRecovery')} rules={rules.recoveryCode}>
        <Input name="code" autoComplete="one-time-code" />
      </Form.Item>
      {mutation.isError ? (
        <Form.Item>
          <ErrorAlert error={mutation.error} />
        </Form.Item>
      ) : null}
      <Button danger htmlType="submit" loading={mutation.isPending} data-testid="totp-disable">
        {t('security.twoFactor.disable')}
      </Button>
    </Form>
  );
}
