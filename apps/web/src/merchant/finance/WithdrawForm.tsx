import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Select, Space, Typography } from 'antd';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchPayoutAccounts, fetchWithdrawalRules, requestWithdrawal } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { usePayoutAccountText } from '../../finance/PayoutAccountLabel';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { fenToYuan, formatFen, yuanToFen } from '../../lib/money';
import { MoneyInput } from '../catalog/MoneyInput';
import { useMoneyRules } from '../catalog/money-rules';

interface WithdrawValues {
  payoutAccountId: string;
  amount: string;
}

/** Requests a withdrawal (提现) to a saved payout account; shows the minimum, the fee and the net amount. */
export function WithdrawForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const moneyRules = useMoneyRules();
  const accountText = usePayoutAccountText();
  const [form] = Form.useForm<WithdrawValues>();
  const rules = useQuery({ queryKey: financeKeys.withdrawalRules, queryFn: fetchWithdrawalRules });
  const accounts = useQuery({ queryKey: financeKeys.payoutAccounts, queryFn: fetchPayoutAccounts });
  const amountText = Form.useWatch('amount', form);
  const mutation = useMutation({
    mutationFn: (v: WithdrawValues) =>
      requestWithdrawal({ payoutAccountId: v.payoutAccountId, amount: yuanToFen(v.amount)! }),
    onSuccess: () => {
      void message.success(t('finance.withdraw.requested'));
      form.setFieldValue('amount', '');
      void queryClient.invalidateQueries({ queryKey: financeKeys.merchant });
    },
  });

  const items = accounts.data?.items ?? [];
  const firstId = items[0]?.id;
  useEffect(() => {
    // Pick the first account when none (or a deleted one) is selected.
    const current = form.getFieldValue('payoutAccountId') as string | undefined;
    if (firstId && !items.some((a) => a.id === current)) form.setFieldValue('payoutAccountId', firstId);
  }, [firstId, items, form]);

  if (rules.isError) return <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />;
  if (accounts.isError) return <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} />;
  const r = rules.data;
  const loading = rules.isPending || accounts.isPending;

  const limits: FormRule = {
    validator: (_rule, value: unknown) => {
      const fen = yuanToFen(typeof value === 'string' ? value : '');
      if (fen === null || !r) return Promise.resolve();
      if (fen < r.minimum)
        return Promise.reject(
          new Error(t('finance.withdraw.belowMinimum', { amount: formatFen(r.minimum) })),
        );
      if (fen > r.available)
        return Promise.reject(
          new Error(t('finance.withdraw.aboveAvailable', { amount: formatFen(r.available) })),
        );
      if (fen <= r.fee)
        return Promise.reject(new Error(t('finance.withdraw.notAboveFee', { amount: formatFen(r.fee) })));
      return Promise.resolve();
    },
  };
  const amountFen = yuanToFen(amountText ?? '');
  const net = r && amountFen !== null && amountFen > r.fee ? amountFen - r.fee : null;

  return (
    <Card title={t('finance.withdraw.title')} loading={loading} data-testid="withdraw-form">
      {r ? (
        <Space wrap size="large" style={{ marginBottom: 16 }}>
          <Typography.Text data-testid="withdraw-available">
            {t('finance.withdraw.available', { amount: formatFen(r.available) })}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="withdraw-minimum">
            {t('finance.withdraw.minimum', { amount: formatFen(r.minimum) })}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="withdraw-fee">
            {t('finance.withdraw.fee', { amount: formatFen(r.fee) })}
          </Typography.Text>
        </Space>
      ) : null}
      {items.length === 0 ? (
        <Alert
          type="info"
          showIcon
          title={t('finance.withdraw.noAccount')}
          data-testid="withdraw-no-account"
          action={
            <Link to="/merchant/finance/payout-accounts">
              <Button size="small">{t('finance.withdraw.addAccount')}</Button>
            </Link>
          }
        />
      ) : (
        <Form<WithdrawValues>
          form={form}
          name="withdraw"
          layout="vertical"
          requiredMark={false}
          style={{ maxWidth: 480 }}
          initialValues={{ payoutAccountId: firstId, amount: '' }}
          onFinish={(v) => mutation.mutate(v)}
        >
          <Form.Item
            name="payoutAccountId"
            label={t('finance.withdraw.payoutAccount')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select
              data-testid="withdraw-account"
              options={items.map((a) => ({ value: a.id, label: accountText(a) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('finance.withdraw.amount')}
            extra={
              net !== null ? (
                <span data-testid="withdraw-net">
                  {t('finance.withdraw.net', { amount: formatFen(net) })}
                </span>
              ) : undefined
            }
          >
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="amount" noStyle rules={[...moneyRules.required, limits]}>
                <MoneyInput name="amount" />
              </Form.Item>
              <Button
                onClick={() => {
                  if (r) form.setFieldValue('amount', fenToYuan(r.available));
                  void form.validateFields(['amount']);
                }}
                disabled={!r || r.available <= 0}
              >
                {t('finance.withdraw.all')}
              </Button>
            </Space.Compact>
          </Form.Item>
          {mutation.isError ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={mutation.error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="withdraw-submit">
            {t('finance.withdraw.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
