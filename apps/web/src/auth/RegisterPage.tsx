import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, Divider, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { registerMerchant } from '../api/auth';
import { currentLanguage } from '../i18n';
import { ErrorAlert } from '../layout/ErrorAlert';
import { AgreementModal, AGREEMENT_VERSION } from './AgreementModal';
import { AuthShell } from './AuthShell';
import { useFormRules } from './form-rules';
import { useSignedIn } from './use-signed-in';

interface RegisterForm {
  email: string;
  password: string;
  confirmPassword: string;
  displayName: string;
  merchantName: string;
  kind: 'individual' | 'company';
  contactPhone?: string;
  acceptAgreement: boolean;
}

/** Merchant registration (入驻): creates the owner account and the merchant, pending review. */
export function RegisterPage() {
  const { t } = useTranslation();
  const rules = useFormRules();
  const [form] = Form.useForm<RegisterForm>();
  const [agreementOpen, setAgreementOpen] = useState(false);
  const signedIn = useSignedIn();
  const mutation = useMutation({
    mutationFn: registerMerchant,
    onSuccess: (res) => signedIn(res.user, null, '/merchant'),
  });

  const onFinish = (v: RegisterForm) => {
    const phone = v.contactPhone?.trim();
    mutation.mutate({
      email: v.email,
      password: v.password,
      displayName: v.displayName.trim(),
      merchantName: v.merchantName.trim(),
      kind: v.kind,
      ...(phone ? { contactPhone: phone } : {}),
      acceptAgreement: v.acceptAgreement,
      agreementVersion: AGREEMENT_VERSION,
      locale: currentLanguage(),
    });
  };

  return (
    <AuthShell title={t('auth.register.title')} subtitle={t('auth.register.subtitle')} testId="register-page">
      <Form<RegisterForm>
        form={form}
        name="register"
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'individual', acceptAgreement: false }}
        onFinish={onFinish}
      >
        <Divider titlePlacement="start" plain>
          {t('auth.register.accountSection')}
        </Divider>
        <Form.Item name="email" label={t('field.email')} rules={rules.email}>
          <Input name="email" type="email" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="displayName" label={t('field.displayName')} rules={rules.requiredText}>
          <Input name="displayName" autoComplete="name" maxLength={60} />
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

        <Divider titlePlacement="start" plain>
          {t('auth.register.merchantSection')}
        </Divider>
        <Form.Item name="merchantName" label={t('field.merchantName')} rules={rules.minText(2)}>
          <Input name="merchantName" maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label={t('field.kind')} rules={rules.required}>
          <Radio.Group name="kind">
            <Radio value="individual">{t('merchantKind.individual')}</Radio>
            <Radio value="company">{t('merchantKind.company')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('field.contactPhone')}
          rules={[{ pattern: /^\s*\+?[0-9 -]{5,20}\s*$/, message: t('validation.phone') }]}
        >
          <Input
            name="contactPhone"
            type="tel"
            autoComplete="tel"
            placeholder={t('auth.register.phoneOptional')}
          />
        </Form.Item>
        <Form.Item
          name="acceptAgreement"
          valuePropName="checked"
          rules={[
            {
              validator: (_r, value: unknown) =>
                value ? Promise.resolve() : Promise.reject(new Error(t('validation.agreement'))),
            },
          ]}
        >
          <Checkbox name="acceptAgreement">
            {t('auth.register.agreeTo')}{' '}
            <Typography.Link
              data-testid="agreement-link"
              onClick={(e) => {
                e.preventDefault();
                setAgreementOpen(true);
              }}
            >
              {t('auth.agreement.title')}
            </Typography.Link>{' '}
            <Typography.Text type="secondary">
              ({t('auth.agreement.version', { version: AGREEMENT_VERSION })})
            </Typography.Text>
          </Checkbox>
        </Form.Item>
        {mutation.isError ? (
          <Form.Item>
            <ErrorAlert error={mutation.error} />
          </Form.Item>
        ) : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
            {t('auth.register.submit')}
          </Button>
        </Form.Item>
        <Typography.Text type="secondary">
          {t('auth.register.haveAccount')} <Link to="/login">{t('auth.register.loginLink')}</Link>
        </Typography.Text>
      </Form>
      <AgreementModal
        open={agreementOpen}
        onClose={() => setAgreementOpen(false)}
        onAccept={() => {
          form.setFieldValue('acceptAgreement', true);
          void form.validateFields(['acceptAgreement']).catch(() => undefined);
          setAgreementOpen(false);
        }}
      />
    </AuthShell>
  );
}
