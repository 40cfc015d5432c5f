import { useMutation } from '@tanstack/react-query';
import { Button, Flex, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { enableTotp, startTotpSetup } from '../api/account';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';

/** TOTP enrolment: generate a secret (QR code + text), then confirm with a first code. */
export function EnableTwoFactor(props: { onEnabled: (recoveryCodes: string[]) => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const setup = useMutation({ mutationFn: startTotpSetup });
  const enable = useMutation({
    mutationFn: enableTotp,
    onSuccess: (res) => props.onEnabled(res.recoveryCodes),
  });

  if (!setup.data) {
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>{t('security.twoFactor.intro')}</Typography.Paragraph>
        {setup.isError ? <ErrorAlert error={setup.error} /> : null}
        <Button
          type="primary"
          loading={setup.isPending}
          onClick={() => setup.mutate()}
          data-testid="totp-start"
        >
          {t('security.twoFactor.enable')}
        </Button>
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('security.twoFactor.scanHint')}</Typography.Paragraph>
      <Flex gap={24} wrap align="center">
        <img
          src={setup.data.qrDataUrl}
          alt={t('security.twoFactor.qrAlt')}
          width={180}
          height={180}
          className="totp-qr"
          data-testid="totp-qr"
        />
        <div>
          <Typography.Text type="secondary">{t('security.twoFactor.secretLabel')}</Typography.Text>
          <br />
          <Typography.Text code copyable={{ text: setup.data.secret }} className="totp-secret">
            <span data-testid="totp-secret">{setup.data.secret}</span>
          </Typography.Text>
        </div>
      </Flex>
      <Form<{ code: string }>
        name="totp-enable"
        layout="vertical"
        requiredMark={false}
        style={{ maxWidth: 320 }}
        onFinish={(v) => enable.mutate({ code: v.code.trim() })}
      >
        <Form.Item name="code" label={t('field.code')} rules={rules.totp}>
          <Input
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder="123456"
          />
        </Form.Item>
        {enable.isError ? (
          <Form.Item>
            <ErrorAlert error={enable.error} />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={enable.isPending}>
          {t('security.twoFactor.confirm')}
        </Button>
      </Form>
    </Space>
  );
}
