import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { queryKeys } from '../api/queries';
import {
  fetchBuyerOrder,
  payOrder,
  recallOrderMethod,
  rememberOrderMethod,
  returnFromCashier,
  type PublicOrderView,
} from '../api/orders';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { formatFen } from '../lib/money';
import { StoreShell } from '../storefront/StoreShell';
import { BalancePay, type MixedPayment } from './BalancePay';
import { CancelOrderButton } from './CancelOrderButton';
import { Countdown } from './Countdown';
import { MethodLabel } from './MethodLabel';
import { QrCode } from './QrCode';
import { orderPath, useOrderToken } from './use-order-token';

/** Route /pay/:orderNo?token=…: amount, order number, method, QR or redirect, countdown, "I have paid". */
export function CashierPage() {
  const { t } = useTranslation();
  const { orderNo, token } = useOrderToken();
  const order = useQuery({
    queryKey: [...queryKeys.store, 'order', orderNo],
    queryFn: () => fetchBuyerOrder(orderNo, token ?? ''),
    enabled: !!token,
    // Paid in another app (QR): notice it and move on to the result page; stops once the order expires.
    refetchInterval: (q) =>
      q.state.data?.status === 'pending_payment' && new Date(q.state.data.expiresAt).getTime() > Date.now()
        ? 3000
        : false,
  });
  let body;
  if (!token) body = <MissingToken />;
  else if (order.isPending) body = <PageLoading />;
  else if (order.isError) body = <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  else body = <CashierView order={order.data} token={token} onExpired={() => void order.refetch()} />;
  return (
    <StoreShell testId="cashier-page">
      <div className="checkout-narrow">
        <Typography.Title level={4}>{t('checkout.cashier.title')}</Typography.Title>
        {body}
      </div>
    </StoreShell>
  );
}

export function MissingToken() {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('checkout.missingToken')}
      extra={
        <Link to="/lookup">
          <Button type="primary">{t('checkout.lookup.title')}</Button>
        </Link>
      }
      data-testid="order-missing-token"
    />
  );
}

function CashierView(props: { order: PublicOrderView; token: string; onExpired: () => void }) {
  const { order, token, onExpired } = props;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const method = params.get('method') ?? recallOrderMethod(order.orderNo) ?? undefined;
  useEffect(() => {
    if (method) rememberOrderMethod(order.orderNo, method);
  }, [order.orderNo, method]);
  const pending = order.status === 'pending_payment';
  // Part paid from the balance: the cashier shows the online rest and its own payment action.
  const [mixed, setMixed] = useState<MixedPayment | null>(null);
  const payment = useQuery({
    queryKey: [...queryKeys.store, 'payment', order.orderNo, method],
    queryFn: () => payOrder(order.orderNo, token, method),
    enabled: pending,
    staleTime: Infinity,
    retry: false,
  });
  const paid = useMutation({
    mutationFn: () => returnFromCashier(order.orderNo, token),
    onSettled: () => void navigate(orderPath('order', order.orderNo, token)),
  });

  // Anything but "waiting for payment" belongs on the result page.
  useEffect(() => {
    if (!pending) void navigate(orderPath('order', order.orderNo, token), { replace: true });
  }, [pending, navigate, order.orderNo, token]);
  if (!pending) return <PageLoading />;

  const action = mixed ? mixed.payment.action : payment.data?.action;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" data-testid="cashier" data-order-no={order.orderNo}>
        <div className="cashier-amount" data-testid="cashier-amount">
          {formatFen(mixed ? order.total - mixed.balanceHeld : order.total)}
        </div>
        {mixed ? (
          <Typography.Text type="secondary" data-testid="cashier-balance-held">
            {t('checkout.balance.held', { amount: formatFen(mixed.balanceHeld) })}
          </Typography.Text>
        ) : null}
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('checkout.orderNo')}>
            <Typography.Text copyable data-testid="cashier-order-no">
              {order.orderNo}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('checkout.product')}>
            {order.title} · {order.skuName} × {order.quantity}
          </Descriptions.Item>
          {method ? (
            <Descriptions.Item label={t('checkout.paymentMethod')}>
              <MethodLabel method={method} />
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Countdown until={payment.data?.expiresAt ?? order.expiresAt} onExpire={onExpired} />
      </Card>

      {mixed ? null : <BalancePay order={order} token={token} method={method} onMixed={setMixed} />}

      <Card size="small" className="cashier-action">
        {payment.isPending && !mixed ? (
          <PageLoading />
        ) : payment.isError && !mixed ? (
          <ErrorAlert error={payment.error} onRetry={() => void payment.refetch()} />
        ) : action ? (
          <Space direction="vertical" align="center" style={{ width: '100%' }}>
            {action.qr ? (
              <>
                <QrCode value={action.qr} />
                <Typography.Text type="secondary">{t('checkout.cashier.scan')}</Typography.Text>
              </>
            ) : null}
            {action.type === 'form' && action.form ? (
              <form method={action.form.method} action={action.form.action} data-testid="cashier-form">
                {Object.entries(action.form.fields).map(([k, v]) => (
                  <input key={k} type="hidden" name={k} value={v} />
                ))}
                <Button type="primary" size="large" htmlType="submit" data-testid="cashier-go">
                  {t('checkout.cashier.goPay')}
                </Button>
              </form>
            ) : action.url ? (
              <Button type="primary" size="large" href={action.url} data-testid="cashier-go">
                {t('checkout.cashier.goPay')}
              </Button>
            ) : null}
          </Space>
        ) : null}
      </Card>

      <Alert type="info" showIcon title={t('checkout.cashier.afterPay')} />
      <Button
        size="large"
        block
        loading={paid.isPending}
        onClick={() => paid.mutate()}
        data-testid="cashier-paid"
      >
        {t('checkout.cashier.iHavePaid')}
      </Button>
      <CancelOrderButton orderNo={order.orderNo} token={token} block />
    </Space>
  );
}
