import { useMutation, useQueryClient } from '@tanstack/react-query';
import { settlementDays, type MerchantTerms, type SettlementDays } from '@kameng/shared';
import { App, Button, Form, Input, Popconfirm, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { resetMerchantTerms, saveMerchantTerms } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { bpsToPercent, percentToBps } from '../../lib/percent';
import { useFeeRules } from './fee-rules';

interface TermsValues {
  settlementDays: SettlementDays;
  commission: string;
}

/** The settlement cycle choices, T+0 … T+7. */
export const settlementDayOptions = settlementDays.values;

/** Edits one merchant's settlement cycle and platform commission. */
export function MerchantTermsForm({ terms }: { terms: MerchantTerms }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const feeRules = useFeeRules();
  const mutation = useMutation({
    mutationFn: (v: TermsValues) =>
      saveMerchantTerms(terms.merchantId, {
        settlementDays: v.settlementDays,
        commissionBps: percentToBps(v.commission)!,
      }),
    onSuccess: () => {
      void message.success(t('adminFinance.merchant.termsSaved'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.admin });
    },
  });
  const reset = useMutation({
    mutationFn: () => resetMerchantTerms(terms.merchantId),
    onSuccess: () => {
      void message.success(t('adminFinance.merchant.termsReset'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.admin });
    },
    onError: (err: Error) => void message.error(err.message),
  });
  return (
    <Form<TermsValues>
      key={`${terms.merchantId}:${terms.settlementDays}:${terms.commissionBps}`}
      name="merchant-terms"
      layout="vertical"
      data-testid="merchant-terms-form"
      initialValues={{ settlementDays: terms.settlementDays, commission: bpsToPercent(terms.commissionBps) }}
      onFinish={(v) => mutation.mutate(v)}
    >
      <Space wrap align="start">
        <Form.Item name="settlementDays" label={t('adminFinance.merchant.settlementDays')}>
          <Select<SettlementDays>
            style={{ width: 120 }}
            options={[...settlementDayOptions].map((n) => ({
              value: n,
              label: t('adminFinance.fees.days', { n }),
            }))}
          />
        </Form.Item>
        <Form.Item name="commission" label={t('adminFinance.merchant.commission')} rules={feeRules.percent}>
          <Input name="commissionPercent" suffix="%" inputMode="decimal" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label=" ">
          <Space>
            <Button type="primary" htmlType="submit" loading={mutation.isPending}>
              {t('common.save')}
            </Button>
            {terms.custom ? (
              <Popconfirm
                title={t('adminFinance.merchant.confirmReset')}
                okText={t('adminFinance.merchant.resetTerms')}
                cancelText={t('common.cancel')}
                onConfirm={() => reset.mutate()}
              >
                <Button loading={reset.isPending}>{t('adminFinance.merchant.resetTerms')}</Button>
              </Popconfirm>
            ) : null}
            <Tag color={terms.custom ? 'blue' : 'default'}>
              {terms.custom ? t('adminFinance.merchant.custom') : t('adminFinance.merchant.platformDefault')}
            </Tag>
          </Space>
        </Form.Item>
      </Space>
      {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
    </Form>
  );
}
