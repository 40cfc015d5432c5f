import { useEffect, useMemo, useState } from 'react';
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
import { CashierActionView } from './CashierActionView';
import { Countdown } from './Countdown';
import { detectDevice } from './device';
import { MethodLabel } from './MethodLabel';
import { orderPath, useOrderToken } from './use-order-token';

/**
 * Route /pay/:orderNo?token=…: amount, order number, method, countdown, then what works on the buyer's
 * device (QR, app link, channel page, form, USDT transfer, or WeChat's "open in browser"), "I have paid".
 */
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

/** The cashier's "time is over" state: no code to pay with, the way back to the shop and to the order. */
function CashierExpired({ orderNo, token }: { orderNo: string; token: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('checkout.cashier.expiredTitle')}
      subTitle={t('checkout.cashier.expiredBody')}
      data-testid="cashier-expired"
      extra={[
        <Link key="shop" to="/">
          <Button type="primary" data-testid="cashier-back-to-shop">
            {t('checkout.cashier.backToShop')}
          </Button>
        </Link>,
        <Link key="order" to={orderPath('order', orderNo, token)}>
          <Button>{t('checkout.cashier.viewOrder')}</Button>
        </Link>,
      ]}
    />
  );
}

function CashierView(props: { order: PublicOrderView; token: string; onExpired: () => void }) {
  const { order, token, onExpired } = props;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const device = useMemo(() => detectDevice(), []);
  const method = params.get('method') ?? recallOrderMethod(order.orderNo) ?? undefined;
  useEffect(() => {
    if (method) rememberOrderMethod(order.orderNo, method);
  }, [order.orderNo, method]);
  const pending = order.status === 'pending_payment';
  // The order's own deadline passed (the server's expiry job may not have run yet): nothing to pay with.
  const [timeUp, setTimeUp] = useState(() => new Date(order.expiresAt).getTime() <= Date.now());
  // Part paid from the balance: the cashier shows the online rest and its own payment action.
  const [mixed, setMixed] = useState<MixedPayment | null>(null);
  const payment = useQuery({
    queryKey: [...queryKeys.store, 'payment', order.orderNo, method],
    queryFn: () => payOrder(order.orderNo, token, method),
    enabled: pending && !timeUp,
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
  const expiresAt = (mixed ? mixed.payment.expiresAt : payment.data?.expiresAt) ?? order.expiresAt;
  const amount = mixed ? order.total - mixed.balanceHeld : order.total;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" data-testid="cashier" data-order-no={order.orderNo} data-device={device}>
        <div className="cashier-amount" data-testid="cashier-amount">
          {formatFen(amount)}
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
            <span style={{ wordBreak: 'break-word' }}>
              {order.title} · {order.skuName} × {order.quantity}
            </span>
          </Descriptions.Item>
          {method ? (
            <Descriptions.Item label={t('checkout.paymentMethod')}>
              <MethodLabel method={method} />
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Countdown
          until={expiresAt}
          onExpire={() => {
            setTimeUp(true);
            onExpired();
          }}
        />
      </Card>

      {timeUp ? (
        <CashierExpired orderNo={order.orderNo} token={token} />
      ) : (
        <>
          {mixed ? null : <BalancePay order={order} token={token} method={method} onMixed={setMixed} />}

          <Card size="small" className="cashier-action" data-testid="cashier-action">
            {payment.isPending && !mixed ? (
              <PageLoading />
            ) : payment.isError && !mixed ? (
              <ErrorAlert error={payment.error} onRetry={() => void payment.refetch()} />
            ) : action ? (
              <CashierActionView
                action={action}
                method={method}
                device={device}
                orderNo={order.orderNo}
                amount={amount}
                expiresAt={expiresAt}
                onRenew={() => void payment.refetch()}
              />
            ) : null}
          </Card>
        </>
      )}

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
      {timeUp ? null : <CancelOrderButton orderNo={order.orderNo} token={token} block />}
    </Space>
  );
}
