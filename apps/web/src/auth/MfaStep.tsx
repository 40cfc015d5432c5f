import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { Me } from '@kameng/shared';
import { Button, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { verifyMfa } from '../api/auth';
import { ErrorAlert } from '../layout/ErrorAlert';
import { useFormRules } from './form-rules';

/** Second sign-in step: a 6-digit TOTP code, or a recovery code. */
export function MfaStep(props: { onDone: (user: Me) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const [form] = Form.useForm<{ code: string }>();
  const [useRecovery, setUseRecovery] = useState(false);
  const mutation = useMutation({ mutationFn: verifyMfa, onSuccess: (res) => props.onDone(res.user) });

  return (
    <div data-testid="mfa-step">
      <Typography.Paragraph>
        {useRecovery ? t('auth.mfa.recoveryHint') : t('auth.mfa.hint')}
      </Typography.Paragraph>
      <Form
        form={form}
        name="mfa"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => mutation.mutate({ code: values.code.trim() })}
      >
        <Form.Item
          name="code"
          label={useRecovery ? t('field.recoveryCode') : t('field.code')}
          rules={useRecovery ? rules.recoveryCode : rules.totp}
        >
          {useRecovery ? (
            <Input name="code" autoComplete="off" autoFocus placeholder="xxxxx-xxxxx" />
          ) : (
            <Input
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              autoFocus
              placeholder="123456"
            />
          )}
        </Form.Item>
        {mutation.isError ? (
          <Form.Item>
            <ErrorAlert error={mutation.error} />
          </Form.Item>
        ) : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
            {t('auth.mfa.submit')}
          </Button>
        </Form.Item>
      </Form>
      <Space orientation="vertical" size={0}>
        <Button
          type="link"
          style={{ padding: 0 }}
          data-testid="mfa-toggle-recovery"
          onClick={() => {
            setUseRecovery(!useRecovery);
            form.resetFields();
            mutation.reset();
          }}
        >
          {useRecovery ? t('auth.mfa.useTotp') : t('auth.mfa.useRecovery')}
        </Button>
        <Button type="link" style={{ padding: 0 }} onClick={props.onBack}>
          {t('auth.mfa.back')}
        </Button>
      </Space>
    </div>
  );
}
