import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { StoreProduct } from '@kameng/shared';
import { Alert, Button, Drawer, Form, Input, Radio, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { queryKeys } from '../api/queries';
import {
  createOrder,
  fetchPayMethods,
  rememberOrderMethod,
  rememberOrderToken,
  type ContactKind,
} from '../api/orders';
import { ErrorAlert } from '../layout/ErrorAlert';
import { BuyerInputFields } from '../storefront/BuyerInputFields';
import { MethodLabel } from './MethodLabel';
import { orderPath } from './use-order-token';

interface CheckoutValues {
  contactKind: ContactKind;
  contact: string;
  coupon?: string;
  lookupPassword?: string;
  paymentMethod: string;
  [field: string]: unknown;
}

const CONTACT_RULES: Record<ContactKind, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  phone: /^\+?\d{6,20}$/,
  qq: /^[1-9]\d{4,11}$/,
};

/**
 * The checkout form (a bottom drawer on the product page): contact, buyer input fields, coupon, lookup
 * password, payment method. Creates the order and goes to the cashier.
 */
export function CheckoutForm(props: {
  open: boolean;
  onClose: () => void;
  product: StoreProduct;
  skuId: string;
  quantity: number;
  coupon?: string;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<CheckoutValues>();
  const [contactKind, setContactKind] = useState<ContactKind>('email');
  const methods = useQuery({
    queryKey: [...queryKeys.store, 'pay-methods'],
    queryFn: fetchPayMethods,
    enabled: props.open,
    staleTime: 60_000,
  });
  const create = useMutation({
    mutationFn: async (v: { body: Parameters<typeof createOrder>[0]; method: string }) => ({
      order: await createOrder(v.body),
      method: v.method,
    }),
    onSuccess: ({ order, method }) => {
      rememberOrderToken(order.orderNo, order.accessToken);
      rememberOrderMethod(order.orderNo, method);
      void navigate(
        orderPath('pay', order.orderNo, order.accessToken) + '&method=' + encodeURIComponent(method),
      );
    },
  });
  const sku = props.product.skus.find((s) => s.id === props.skuId);
  const methodItems = methods.data?.items ?? [];
  const onlyMethod = methodItems.length === 1 ? methodItems[0]!.method : undefined;
  // With a single method there is nothing to choose: preselect it.
  useEffect(() => {
    if (onlyMethod && !form.getFieldValue('paymentMethod')) form.setFieldValue('paymentMethod', onlyMethod);
  }, [onlyMethod, form]);

  const submit = (v: CheckoutValues) => {
    const buyerInput: Record<string, string> = {};
    props.product.inputFields.forEach((f, i) => {
      const key = f.name || 'field-' + String(i);
      const value = v[key];
      if (value !== undefined && value !== null && value !== '') buyerInput[f.name] = String(value);
    });
    create.mutate({
      method: v.paymentMethod,
      body: {
        skuId: props.skuId,
        quantity: props.quantity,
        contactKind: v.contactKind,
        contact: v.contact.trim(),
        input: buyerInput,
        coupon: v.coupon?.trim() || undefined,
        lookupPassword: v.lookupPassword || undefined,
        locale: i18n.language === 'en' ? 'en' : 'zh-CN',
      },
    });
  };

  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      placement="bottom"
      size="large"
      title={t('checkout.title')}
      destroyOnHidden
      data-testid="checkout-drawer"
    >
      <div className="checkout-form" data-testid="checkout-form">
        <Typography.Paragraph>
          <strong>{props.product.title}</strong>
          {sku ? ' · ' + sku.name : ''} × {props.quantity}
        </Typography.Paragraph>
        <Form<CheckoutValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ contactKind: 'email', coupon: props.coupon, paymentMethod: onlyMethod }}
          requiredMark
        >
          <Form.Item name="contactKind" label={t('checkout.contactKind')}>
            <Radio.Group
              optionType="button"
              onChange={(e) => setContactKind(e.target.value as ContactKind)}
              data-testid="contact-kind"
              options={(['email', 'phone', 'qq'] as const).map((k) => ({
                value: k,
                label: t(`checkout.contactKinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="contact"
            label={t(`checkout.contactKinds.${contactKind}`)}
            extra={t('checkout.contactHelp')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              { pattern: CONTACT_RULES[contactKind], message: t(`checkout.contactInvalid.${contactKind}`) },
            ]}
          >
            <Input
              name="contact"
              type={contactKind === 'email' ? 'email' : 'tel'}
              inputMode={contactKind === 'email' ? 'email' : 'numeric'}
              autoComplete={contactKind === 'email' ? 'email' : 'tel'}
              data-testid="checkout-contact"
            />
          </Form.Item>
          {props.product.inputFields.length > 0 ? (
            <BuyerInputFields fields={props.product.inputFields} embedded />
          ) : null}
          <Form.Item name="coupon" label={t('checkout.coupon')}>
            <Input name="coupon" maxLength={32} autoComplete="off" data-testid="checkout-coupon" />
          </Form.Item>
          <Form.Item
            name="lookupPassword"
            label={t('checkout.lookupPassword')}
            extra={t('checkout.lookupPasswordHelp')}
            rules={[{ min: 4, max: 64, message: t('checkout.lookupPasswordLength') }]}
          >
            <Input.Password
              name="lookupPassword"
              autoComplete="new-password"
              data-testid="checkout-lookup-password"
            />
          </Form.Item>
          <Form.Item
            name="paymentMethod"
            label={t('checkout.paymentMethod')}
            rules={[{ required: true, message: t('checkout.choosePayment') }]}
          >
            {methods.isPending ? (
              <Spin size="small" />
            ) : methods.isError ? (
              <ErrorAlert error={methods.error} onRetry={() => void methods.refetch()} />
            ) : methodItems.length === 0 ? (
              <Alert type="warning" showIcon title={t('checkout.noMethods')} data-testid="no-pay-methods" />
            ) : (
              <Radio.Group data-testid="pay-methods" className="pay-methods">
                {methodItems.map((m) => (
                  <Radio key={m.method} value={m.method} data-testid="pay-method" data-method={m.method}>
                    <MethodLabel method={m.method} />
                  </Radio>
                ))}
              </Radio.Group>
            )}
          </Form.Item>
          {create.isError ? <ErrorAlert error={create.error} /> : null}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={create.isPending}
            disabled={methodItems.length === 0}
            data-testid="checkout-submit"
            style={{ marginTop: 8 }}
          >
            {t('checkout.submit')}
          </Button>
        </Form>
      </div>
    </Drawer>
  );
}
