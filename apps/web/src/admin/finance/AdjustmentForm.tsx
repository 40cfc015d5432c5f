import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdjustmentBody, MerchantBalance } from '@kameng/shared';
import { App, Button, Card, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fetchMerchants } from '../../api/admin';
import { postAdjustment } from '../../api/finance';
import { financeKeys, queryKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { BalanceCards } from '../../finance/BalanceCards';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { formatFen, yuanToFen } from '../../lib/money';
import { MoneyInput } from '../../merchant/catalog/MoneyInput';
import { useMoneyRules } from '../../merchant/catalog/money-rules';

interface AdjustValues {
  merchantId: string;
  account: AdjustmentBody['account'];
  direction: AdjustmentBody['direction'];
  amount: string;
  reason: string;
}

/** A manual adjustment of a merchant balance against platform equity; every field required, confirmed, audited. */
export function AdjustmentForm() {
  const { t } = useTranslation();
  const rules = useFormRules();
  const moneyRules = useMoneyRules();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [form] = Form.useForm<AdjustValues>();
  const [result, setResult] = useState<MerchantBalance | null>(null);
  const merchants = useQuery({
    queryKey: [...queryKeys.adminMerchants, 'all'],
    queryFn: () => fetchMerchants({ limit: 200 }),
  });
  const mutation = useMutation({
    mutationFn: (v: AdjustValues) =>
      postAdjustment({
        merchantId: v.merchantId,
        account: v.account,
        direction: v.direction,
        amount: yuanToFen(v.amount)!,
        reason: v.reason.trim(),
      }),
    onSuccess: (res) => {
      void message.success(t('adminFinance.adjust.done'));
      setResult(res.balance);
      form.setFieldsValue({ amount: '', reason: '' });
      void queryClient.invalidateQueries({ queryKey: financeKeys.admin });
    },
  });
  const merchantName = (id: string) => merchants.data?.items.find((m) => m.id === id)?.name ?? id;
  const confirm = (v: AdjustValues) => {
    modal.confirm({
      title: t('adminFinance.adjust.title'),
      content: t('adminFinance.adjust.confirm', {
        merchant: merchantName(v.merchantId),
        account: t(`finance.account.${v.account}`),
        direction: t(`adminFinance.adjust.directions.${v.direction}`),
        amount: formatFen(yuanToFen(v.amount) ?? 0),
      }),
      okText: t('adminFinance.adjust.submit'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: v.direction === 'debit' },
      onOk: () => mutation.mutateAsync(v).catch(() => {}),
    });
  };

  return (
    <Card title={t('adminFinance.adjust.title')} data-testid="adjustment-form">
      <Typography.Paragraph type="secondary">{t('adminFinance.adjust.intro')}</Typography.Paragraph>
      {merchants.isError ? (
        <ErrorAlert error={merchants.error} onRetry={() => void merchants.refetch()} />
      ) : (
        <Form<AdjustValues>
          form={form}
          name="adjustment"
          layout="vertical"
          style={{ maxWidth: 560 }}
          initialValues={{
            merchantId: params.get('merchantId') ?? undefined,
            account: 'available',
            direction: 'credit',
            amount: '',
            reason: '',
          }}
          onValuesChange={() => setResult(null)}
          onFinish={confirm}
        >
          <Form.Item name="merchantId" label={t('adminFinance.adjust.merchant')} rules={rules.required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={merchants.isPending}
              placeholder={t('adminFinance.adjust.pickMerchant')}
              data-testid="adjust-merchant"
              options={(merchants.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
            />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name="account" label={t('adminFinance.adjust.account')} rules={rules.required}>
              <Radio.Group
                optionType="button"
                data-testid="adjust-account"
                options={(['available', 'pending'] as const).map((a) => ({
                  value: a,
                  label: t(`finance.account.${a}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="direction" label={t('adminFinance.adjust.direction')} rules={rules.required}>
              <Radio.Group
                optionType="button"
                data-testid="adjust-direction"
                options={(['credit', 'debit'] as const).map((d) => ({
                  value: d,
                  label: t(`adminFinance.adjust.directions.${d}`),
                }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="amount" label={t('adminFinance.adjust.amount')} rules={moneyRules.required}>
            <MoneyInput name="amount" style={{ maxWidth: 240 }} />
          </Form.Item>
          <Form.Item name="reason" label={t('adminFinance.adjust.reason')} rules={rules.minText(2)}>
            <Input.TextArea name="reason" rows={3} maxLength={500} showCount />
          </Form.Item>
          {mutation.isError ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={mutation.error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="adjust-submit">
            {t('adminFinance.adjust.submit')}
          </Button>
        </Form>
      )}
      {result ? (
        <div style={{ marginTop: 24 }} data-testid="adjust-result">
          <Typography.Title level={5}>{t('adminFinance.adjust.balanceAfter')}</Typography.Title>
          <BalanceCards balance={result} loading={false} error={null} />
        </div>
      ) : null}
    </Card>
  );
}
