import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { lookupOrder, rememberOrderToken } from '../api/orders';
import { ErrorAlert } from '../layout/ErrorAlert';
import { StoreShell } from '../storefront/StoreShell';
import { orderPath } from './use-order-token';

interface LookupValues {
  orderNo: string;
  by: 'contact' | 'password';
  secret: string;
}

/** Route /lookup: order number + contact or lookup password → the result page. */
export function LookupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [by, setBy] = useState<LookupValues['by']>('contact');
  const lookup = useMutation({
    mutationFn: (v: LookupValues) =>
      lookupOrder({
        orderNo: v.orderNo.trim(),
        ...(v.by === 'contact' ? { contact: v.secret.trim() } : { lookupPassword: v.secret }),
      }),
    onSuccess: (r) => {
      rememberOrderToken(r.orderNo, r.token);
      void navigate(orderPath('order', r.orderNo, r.token));
    },
  });
  return (
    <StoreShell testId="lookup-page">
      <div className="checkout-narrow">
        <Typography.Title level={4}>{t('checkout.lookup.title')}</Typography.Title>
        <Card size="small">
          <Form<LookupValues>
            layout="vertical"
            initialValues={{ by: 'contact' }}
            onFinish={(v) => lookup.mutate(v)}
            data-testid="lookup-form"
          >
            <Form.Item
              name="orderNo"
              label={t('checkout.orderNo')}
              rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
            >
              <Input name="orderNo" autoComplete="off" data-testid="lookup-order-no" />
            </Form.Item>
            <Form.Item name="by">
              <Radio.Group
                optionType="button"
                onChange={(e) => setBy(e.target.value as LookupValues['by'])}
                options={[
                  { value: 'contact', label: t('checkout.lookup.byContact') },
                  { value: 'password', label: t('checkout.lookup.byPassword') },
                ]}
                data-testid="lookup-by"
              />
            </Form.Item>
            <Form.Item
              name="secret"
              label={by === 'contact' ? t('checkout.lookup.contact') : t('checkout.lookupPassword')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              {by === 'contact' ? (
                <Input name="contact" autoComplete="email" data-testid="lookup-contact" />
              ) : (
                <Input.Password name="lookupPassword" data-testid="lookup-password" />
              )}
            </Form.Item>
            {lookup.isError ? <ErrorAlert error={lookup.error} /> : null}
            <Button
              type="primary"
              htmlType="submit"
              block
              loading={lookup.isPending}
              data-testid="lookup-submit"
            >
              {t('checkout.lookup.submit')}
            </Button>
          </Form>
        </Card>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('checkout.lookup.hint')}
        </Typography.Paragraph>
      </div>
    </StoreShell>
  );
}
