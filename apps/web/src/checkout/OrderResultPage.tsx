import { useState } from 'react';
import { CheckCircleFilled, ClockCircleOutlined, CopyOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Alert, Button, Card, Descriptions, List, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { queryKeys } from '../api/queries';
import { fetchBuyerOrder, type PublicOrderView, type OrderStatus } from '../api/orders';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { formatFen } from '../lib/money';
import { StoreShell } from '../storefront/StoreShell';
import { CancelOrderButton } from './CancelOrderButton';
import { MissingToken } from './CashierPage';
import { OrderStatusTag } from './OrderStatusTag';
import { orderPath, useOrderToken } from './use-order-token';

/** Statuses after which nothing changes without a person: polling stops. */
const SETTLED: OrderStatus[] = [
  'delivered',
  'manual',
  'expired',
  'cancelled',
  'refunded',
  'partially_refunded',
];
/**
 * Long polls: after the first answer each request waits on the server (up to LONG_POLL_S) until the
 * order changes, so keys show the moment they exist; at most this many requests (~13 minutes).
 */
const MAX_POLLS = 40;
const LONG_POLL_S = 20;

/** Route /order/:orderNo?token=…: waits until delivered, then shows keys with copy buttons. */
export function OrderResultPage() {
  const { orderNo, token } = useOrderToken();
  const [polls, setPolls] = useState(0);
  const order = useQuery({
    queryKey: [...queryKeys.store, 'order', orderNo],
    queryFn: async () => {
      const o = await fetchBuyerOrder(orderNo, token ?? '', polls > 0 ? LONG_POLL_S : undefined);
      setPolls((n) => n + 1);
      return o;
    },
    enabled: !!token,
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      if (!s || SETTLED.includes(s) || polls >= MAX_POLLS) return false;
      return 200;
    },
  });
  let body;
  if (!token) body = <MissingToken />;
  else if (order.isPending) body = <PageLoading />;
  else if (order.isError) body = <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  else
    body = (
      <OrderView
        order={order.data}
        token={token}
        gaveUp={polls >= MAX_POLLS}
        onRefresh={() => {
          setPolls(0);
          void order.refetch();
        }}
      />
    );
  return (
    <StoreShell testId="order-result-page">
      <div className="checkout-narrow">{body}</div>
    </StoreShell>
  );
}

function OrderView(props: { order: PublicOrderView; token: string; gaveUp: boolean; onRefresh: () => void }) {
  const { t } = useTranslation();
  const { order } = props;
  const delivery = order.delivery;
  const keys = delivery?.keys ?? [];
  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="order-result"
      data-status={order.status}
    >
      <StatusBanner order={order} token={props.token} gaveUp={props.gaveUp} onRefresh={props.onRefresh} />
      <Card size="small">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('checkout.orderNo')}>
            <Typography.Text copyable data-testid="order-no">
              {order.orderNo}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('checkout.status')}>
            <OrderStatusTag status={order.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('checkout.product')}>
            {order.title} · {order.skuName} × {order.quantity}
          </Descriptions.Item>
          <Descriptions.Item label={t('checkout.total')}>
            <span data-testid="order-total">{formatFen(order.total)}</span>
          </Descriptions.Item>
          {order.refundedAmount ? (
            <Descriptions.Item label={t('checkout.refunded')}>
              {formatFen(order.refundedAmount)}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {keys.length > 0 ? (
        <Card size="small" title={t('checkout.result.keys', { count: keys.length })}>
          <List
            data-testid="order-keys"
            dataSource={keys}
            renderItem={(k, i) => <KeyRow key={i} value={k} />}
          />
          {keys.length > 1 ? <CopyAll keys={keys} /> : null}
        </Card>
      ) : null}
      {delivery?.sharedText ? (
        <Card size="small" title={t('checkout.result.sharedText')}>
          <pre className="delivery-text" data-testid="order-shared-text">
            {delivery.sharedText}
          </pre>
        </Card>
      ) : null}
      {delivery?.manualText ? (
        <Card size="small" title={t('checkout.result.manualDelivery')}>
          <pre className="delivery-text" data-testid="order-manual-delivery">
            {delivery.manualText}
          </pre>
        </Card>
      ) : null}
      {delivery?.usageGuide?.trim() ? (
        <Card size="small" title={t('store.product.usageGuide')}>
          <div className="usage-guide" data-testid="order-usage-guide">
            {delivery.usageGuide}
          </div>
        </Card>
      ) : null}
      {order.returnUrl ? (
        // Opened through a merchant's hosted checkout link: the way back to their site.
        <Button href={order.returnUrl} block data-testid="hosted-return">
          {t('hosted.returnToMerchant')}
        </Button>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('checkout.result.keepLink')}
      </Typography.Paragraph>
    </Space>
  );
}

function StatusBanner(props: {
  order: PublicOrderView;
  token: string;
  gaveUp: boolean;
  onRefresh: () => void;
}) {
  const { t } = useTranslation();
  const { order } = props;
  switch (order.status) {
    case 'delivered':
      return (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleFilled />}
          title={t('checkout.result.delivered')}
          data-testid="order-delivered"
        />
      );
    case 'pending_payment':
      return (
        <Result
          status="info"
          icon={<ClockCircleOutlined />}
          title={t('checkout.result.waitingPayment')}
          extra={
            <Space>
              <Link to={orderPath('pay', order.orderNo, props.token)}>
                <Button type="primary" data-testid="order-go-pay">
                  {t('checkout.result.goPay')}
                </Button>
              </Link>
              <CancelOrderButton orderNo={order.orderNo} token={props.token} />
            </Space>
          }
        />
      );
    case 'paid':
    case 'delivery_failed':
      return props.gaveUp ? (
        <Alert
          type="warning"
          showIcon
          title={t('checkout.result.slow')}
          action={
            <Button size="small" onClick={props.onRefresh}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : (
        <Alert type="info" showIcon title={t('checkout.result.delivering')} data-testid="order-delivering" />
      );
    case 'manual':
      return <Alert type="warning" showIcon title={t('checkout.result.manual')} data-testid="order-manual" />;
    case 'expired':
    case 'cancelled':
      return <Alert type="error" showIcon title={t(`checkout.result.${order.status}`)} />;
    case 'refunded':
    case 'partially_refunded':
      return <Alert type="info" showIcon title={t(`checkout.result.${order.status}`)} />;
  }
}

function KeyRow({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <List.Item
      actions={[<CopyButton key="copy" text={value} testId="copy-key" label={t('checkout.result.copy')} />]}
    >
      <code className="order-key" data-testid="order-key">
        {value}
      </code>
    </List.Item>
  );
}

function CopyAll({ keys }: { keys: string[] }) {
  const { t } = useTranslation();
  return (
    <div style={{ marginTop: 8, textAlign: 'right' }}>
      <CopyButton text={keys.join('\n')} testId="copy-all-keys" label={t('checkout.result.copyAll')} />
    </div>
  );
}

/** Copies to the clipboard (falls back to a hidden textarea where the Clipboard API is unavailable). */
export function CopyButton({ text, testId, label }: { text: string; testId: string; label: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const ta = document.createElement('textarea');
      ta.value = text;
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    void message.success(t('common.copied'));
  };
  return (
    <Button size="small" icon={<CopyOutlined />} onClick={() => void copy()} data-testid={testId}>
      {label}
    </Button>
  );
}
