import { useState } from 'react';
import { WalletOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PayWithBalanceResponse } from '@kameng/shared';
import { Button, Card, Popconfirm, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fetchOwnResellerBalance, payWithBalance, type PublicOrderView } from '../api/orders';
import { queryKeys, useMe } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { fenToYuan, formatFen, yuanToFen } from '../lib/money';
import { MoneyInput } from '../merchant/catalog/MoneyInput';
import { orderPath } from './use-order-token';

/** The online rest of a balance + online payment, for the cashier to show instead of the full amount. */
export type MixedPayment = Extract<PayWithBalanceResponse, { paid: false }>;

/**
 * Pay from the prepaid balance (only a signed-in reseller viewing an order they placed; nothing is
 * shown to others): the whole
 * order at once, or part of it with the rest paid online (`onMixed` gets the new cashier action).
 */
export function BalancePay(props: {
  order: PublicOrderView;
  token: string;
  method: string | undefined;
  onMixed: (m: MixedPayment) => void;
}) {
  const { order, token, method, onMixed } = props;
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const balance = useQuery({
    queryKey: [...queryKeys.store, 'reseller-balance'],
    queryFn: fetchOwnResellerBalance,
    enabled: !!me.data,
  });
  const available = balance.data?.available ?? 0;
  const canPayAll = available >= order.total;
  const [mode, setMode] = useState<'all' | 'part' | null>(null);
  const chosen = mode ?? (canPayAll ? 'all' : 'part');
  const maxPart = Math.min(available, order.total - 1);
  const [partText, setPartText] = useState<string | null>(null);
  const part = yuanToFen(partText ?? fenToYuan(Math.max(maxPart, 0)));
  const partValid = part !== null && part >= 1 && part <= maxPart;
  const pay = useMutation({
    mutationFn: () => payWithBalance(order.orderNo, token, chosen === 'all' ? 'all' : (part ?? 0), method),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.store, 'reseller-balance'] });
      if (res.paid) {
        queryClient.setQueryData([...queryKeys.store, 'order', order.orderNo], res.order);
        void navigate(orderPath('order', order.orderNo, token), { replace: true });
      } else onMixed(res);
    },
  });

  if (!me.data || !order.placedByViewer || balance.isPending) return null;
  if (balance.isError) return <ErrorAlert error={balance.error} onRetry={() => void balance.refetch()} />;
  if (balance.data === null) return null; // not a reseller: online payment only
  const amount = chosen === 'all' ? order.total : (part ?? 0);
  return (
    <Card
      size="small"
      title={
        <Space>
          <WalletOutlined />
          {t('checkout.balance.title')}
        </Space>
      }
      extra={
        <Typography.Text data-testid="balance-available">
          {t('checkout.balance.available', { amount: formatFen(available) })}
        </Typography.Text>
      }
      data-testid="balance-pay"
    >
      {available <= 0 ? (
        <Typography.Text type="secondary" data-testid="balance-empty">
          {t('checkout.balance.empty')}
        </Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group
            value={chosen}
            onChange={(e) => setMode(e.target.value as 'all' | 'part')}
            data-testid="balance-mode"
          >
            <Space direction="vertical">
              <Radio value="all" disabled={!canPayAll} data-testid="balance-all">
                {t('checkout.balance.all', { amount: formatFen(order.total) })}
                {!canPayAll ? (
                  <Typography.Text type="secondary"> {t('checkout.balance.notEnough')}</Typography.Text>
                ) : null}
              </Radio>
              <Radio value="part" disabled={maxPart < 1} data-testid="balance-part">
                {t('checkout.balance.part')}
              </Radio>
            </Space>
          </Radio.Group>
          {chosen === 'part' ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <MoneyInput
                value={partText ?? fenToYuan(Math.max(maxPart, 0))}
                onChange={(e) => setPartText(e.target.value)}
                status={partValid ? undefined : 'error'}
                data-testid="balance-part-amount"
              />
              <Typography.Text type={partValid ? 'secondary' : 'danger'}>
                {partValid
                  ? t('checkout.balance.rest', { amount: formatFen(order.total - (part ?? 0)) })
                  : t('checkout.balance.partRange', { max: formatFen(Math.max(maxPart, 0)) })}
              </Typography.Text>
            </Space>
          ) : null}
          {pay.isError ? <ErrorAlert error={pay.error} /> : null}
          <Popconfirm
            title={t('checkout.balance.confirm', { amount: formatFen(amount) })}
            okText={t('checkout.balance.confirmOk')}
            cancelText={t('common.cancel')}
            onConfirm={() => pay.mutate()}
            disabled={chosen === 'part' && !partValid}
          >
            <Button
              type="primary"
              block
              loading={pay.isPending}
              disabled={chosen === 'part' && !partValid}
              data-testid="balance-pay-go"
            >
              {chosen === 'all' ? t('checkout.balance.payAll') : t('checkout.balance.payPart')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </Card>
  );
}
