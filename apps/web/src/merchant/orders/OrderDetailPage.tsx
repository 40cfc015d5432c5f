import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  BALANCE_CHANNEL_ID,
  type MerchantOrderDetail,
  type NotifyLogEntry,
  type OrderEvent,
} from '@kameng/shared';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { deliverOrder, fetchMerchantOrder, refundOrder, replaceKeys } from '../../api/merchant-orders';
import { queryKeys } from '../../api/queries';
import { OrderStatusTag } from '../../checkout/OrderStatusTag';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { formatDateTime } from '../../layout/format-date-time';
import { PageLoading } from '../../layout/PageLoading';
import { fenToYuan, formatFen, yuanToFen } from '../../lib/money';
import { useCan } from '../use-can';

/** Route /merchant/orders/:id: the order, its timeline (events and notifies), and the merchant's actions. */
export function OrderDetailPage() {
  const { id = '' } = useParams();
  const canRead = useCan('orders.read');
  const order = useQuery({
    queryKey: queryKeys.merchantOrder(id),
    queryFn: () => fetchMerchantOrder(id),
    enabled: canRead,
  });
  if (!canRead) return <Forbidden />;
  if (order.isPending) return <PageLoading />;
  if (order.isError) return <ErrorAlert error={order.error} onRetry={() => void order.refetch()} />;
  return <OrderDetail order={order.data} />;
}

type Modal = 'deliver' | 'replace' | 'refund' | null;

function OrderDetail({ order }: { order: MerchantOrderDetail }) {
  const { t, i18n } = useTranslation();
  const canManage = useCan('orders.manage');
  const [modal, setModal] = useState<Modal>(null);
  const refundable = order.total - order.refundedAmount;
  const paidish = ['paid', 'delivered', 'delivery_failed', 'manual', 'partially_refunded'].includes(
    order.status,
  );
  return (
    <div data-testid="merchant-order-detail" data-order-id={order.id} data-status={order.status}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Space wrap>
          <Link to="/merchant/orders">{t('orders.backToList')}</Link>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {order.orderNo}
          </Typography.Title>
          <OrderStatusTag status={order.status} />
        </Space>
        {canManage ? (
          <Space wrap>
            {['manual', 'delivery_failed', 'paid'].includes(order.status) ? (
              <Button type="primary" onClick={() => setModal('deliver')} data-testid="order-deliver">
                {t('orders.actions.deliver')}
              </Button>
            ) : null}
            {order.deliveryMode === 'card_keys' && paidish ? (
              <Button onClick={() => setModal('replace')} data-testid="order-replace">
                {t('orders.actions.replace')}
              </Button>
            ) : null}
            {paidish && refundable > 0 ? (
              <Button danger onClick={() => setModal('refund')} data-testid="order-refund">
                {t('orders.actions.refund')}
              </Button>
            ) : null}
          </Space>
        ) : null}
      </Space>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('orders.product')}>
            <Link to={`/merchant/products/${order.productId}`}>{order.title}</Link> · {order.skuName}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.quantity')}>
            {order.deliveredQuantity}/{order.quantity}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.unitPrice')}>{formatFen(order.unitPrice)}</Descriptions.Item>
          <Descriptions.Item label={t('orders.subtotal')}>{formatFen(order.subtotal)}</Descriptions.Item>
          <Descriptions.Item label={t('orders.discount')}>
            {formatFen(order.discount)}
            {order.couponCode ? <Tag style={{ marginLeft: 8 }}>{order.couponCode}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.total')}>
            <strong data-testid="order-detail-total">{formatFen(order.total)}</strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.refunded')}>
            {formatFen(order.refundedAmount)}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.contact')}>
            {t(`checkout.contactKinds.${order.contactKind}`)}: {order.contact}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.channel')}>
            {order.paymentChannelId === BALANCE_CHANNEL_ID
              ? t('orders.balanceChannel')
              : (order.paymentChannelId ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.buyerIp')}>{order.buyerIp ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('orders.locale')}>{t(`locale.${order.locale}`)}</Descriptions.Item>
          <Descriptions.Item label={t('orders.createdAt')}>
            {formatDateTime(order.createdAt, i18n.language)}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.paidAt')}>
            {order.paidAt ? formatDateTime(order.paidAt, i18n.language) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('orders.deliveredAt')}>
            {order.deliveredAt ? formatDateTime(order.deliveredAt, i18n.language) : '—'}
          </Descriptions.Item>
          {order.manualReason ? (
            <Descriptions.Item label={t('orders.manualReason')}>{order.manualReason}</Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>

      {Object.keys(order.buyerInput).length > 0 ? (
        <Card size="small" title={t('orders.buyerInput')} style={{ marginBottom: 16 }}>
          <Descriptions column={1} size="small">
            {Object.entries(order.buyerInput).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                <Typography.Text copyable>{v}</Typography.Text>
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      ) : null}

      {order.manualText ? (
        <Card size="small" title={t('orders.manualText')} style={{ marginBottom: 16 }}>
          <pre className="delivery-text">{order.manualText}</pre>
        </Card>
      ) : null}

      <Card size="small" title={t('orders.timeline')} data-testid="order-timeline">
        <OrderTimeline events={order.timeline} notifies={order.notifies} />
      </Card>

      <DeliverModal open={modal === 'deliver'} order={order} onClose={() => setModal(null)} />
      <ReplaceModal open={modal === 'replace'} order={order} onClose={() => setModal(null)} />
      <RefundModal open={modal === 'refund'} order={order} onClose={() => setModal(null)} />
    </div>
  );
}

type Entry =
  { kind: 'event'; at: string; event: OrderEvent } | { kind: 'notify'; at: string; notify: NotifyLogEntry };

/** Events and notifies merged in time order. */
function OrderTimeline({ events, notifies }: { events: OrderEvent[]; notifies: NotifyLogEntry[] }) {
  const { t, i18n } = useTranslation();
  const entries: Entry[] = [
    ...events.map((e): Entry => ({ kind: 'event', at: e.createdAt, event: e })),
    ...notifies.map((n): Entry => ({ kind: 'notify', at: n.createdAt, notify: n })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (entries.length === 0) return <Typography.Text type="secondary">{t('orders.noEvents')}</Typography.Text>;
  return (
    <Timeline
      items={entries.map((e, i) => {
        if (e.kind === 'event') {
          const ev = e.event;
          return {
            key: 'e' + String(ev.id),
            color: ev.toStatus === 'delivered' ? 'green' : ev.toStatus === 'manual' ? 'orange' : 'blue',
            children: (
              <div data-testid="timeline-event" data-type={ev.type}>
                <Typography.Text strong>{ev.type}</Typography.Text>{' '}
                {ev.fromStatus || ev.toStatus ? (
                  <Typography.Text type="secondary">
                    {ev.fromStatus ?? '∅'} → {ev.toStatus ?? '∅'}
                  </Typography.Text>
                ) : null}
                <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                  {formatDateTime(ev.createdAt, i18n.language)}
                </div>
                {Object.keys(ev.data).length > 0 ? (
                  <pre className="raw-notify">{JSON.stringify(ev.data, null, 2)}</pre>
                ) : null}
              </div>
            ),
          };
        }
        const n = e.notify;
        return {
          key: 'n' + String(i),
          color: n.verdict === 'accepted' ? 'green' : n.verdict === 'duplicate' ? 'gray' : 'red',
          children: (
            <div data-testid="timeline-notify" data-verdict={n.verdict}>
              <Typography.Text strong>{t('orders.notify')}</Typography.Text>{' '}
              <NotifyVerdictTag verdict={n.verdict} />{' '}
              {n.reason ? <Typography.Text>{n.reason}</Typography.Text> : null}
              <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
                {formatDateTime(n.createdAt, i18n.language)} · {n.channelId} · {n.remoteIp ?? '—'}
              </div>
              <details>
                <summary>{t('orders.raw')}</summary>
                <pre className="raw-notify">{n.raw}</pre>
              </details>
            </div>
          ),
        };
      })}
    />
  );
}

export function NotifyVerdictTag({ verdict }: { verdict: NotifyLogEntry['verdict'] }) {
  const { t } = useTranslation();
  const color = verdict === 'accepted' ? 'success' : verdict === 'duplicate' ? 'default' : 'error';
  return (
    <Tag color={color} data-testid="notify-verdict" data-verdict={verdict}>
      {t(`notifyVerdict.${verdict}`)}
    </Tag>
  );
}

function useOrderAction<T>(
  order: MerchantOrderDetail,
  fn: (body: T) => Promise<unknown>,
  onDone: () => void,
) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      void message.success(t('orders.actions.done'));
      onDone();
      await qc.invalidateQueries({ queryKey: queryKeys.merchantOrders });
      await qc.invalidateQueries({ queryKey: queryKeys.merchantOrder(order.id) });
    },
  });
}

function DeliverModal(props: { open: boolean; order: MerchantOrderDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ text: string }>();
  const m = useOrderAction(
    props.order,
    (b: { text: string }) => deliverOrder(props.order.id, b),
    props.onClose,
  );
  return (
    <Modal
      open={props.open}
      title={t('orders.actions.deliver')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: m.isPending }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => m.mutate({ text: v.text })}>
        <Form.Item
          name="text"
          label={t('orders.deliverText')}
          extra={t('orders.deliverHelp')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input.TextArea name="text" autoSize={{ minRows: 4, maxRows: 12 }} maxLength={20_000} />
        </Form.Item>
        {m.isError ? <ErrorAlert error={m.error} /> : null}
      </Form>
    </Modal>
  );
}

function ReplaceModal(props: { open: boolean; order: MerchantOrderDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ count: number; reason: string }>();
  const m = useOrderAction(
    props.order,
    (b: { count: number; reason: string }) => replaceKeys(props.order.id, b),
    props.onClose,
  );
  return (
    <Modal
      open={props.open}
      title={t('orders.actions.replace')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: m.isPending }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ count: 1 }}
        onFinish={(v) => m.mutate({ count: v.count, reason: v.reason.trim() })}
      >
        <Form.Item name="count" label={t('orders.replaceCount')} rules={[{ required: true }]}>
          <InputNumber min={1} max={props.order.quantity} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('orders.reason')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input name="reason" maxLength={500} />
        </Form.Item>
        {m.isError ? <ErrorAlert error={m.error} /> : null}
      </Form>
    </Modal>
  );
}

function RefundModal(props: { open: boolean; order: MerchantOrderDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const refundable = props.order.total - props.order.refundedAmount;
  const [form] = Form.useForm<{ amount: string; reason: string; toChannel: boolean }>();
  const m = useOrderAction(
    props.order,
    (b: { amount: number; reason: string; toChannel: boolean }) => refundOrder(props.order.id, b),
    props.onClose,
  );
  const submit = (v: { amount: string; reason: string; toChannel: boolean }) => {
    const amount = yuanToFen(v.amount);
    if (amount === null) return;
    void modal.confirm({
      title: t('orders.refundConfirm', { amount: formatFen(amount), orderNo: props.order.orderNo }),
      content: amount === refundable ? t('orders.refundFull') : t('orders.refundPartial'),
      okButtonProps: { danger: true },
      onOk: () => m.mutateAsync({ amount, reason: v.reason.trim(), toChannel: v.toChannel }),
    });
  };
  return (
    <Modal
      open={props.open}
      title={t('orders.actions.refund')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true, loading: m.isPending }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount: fenToYuan(refundable), toChannel: true }}
        onFinish={submit}
      >
        <Form.Item
          name="amount"
          label={t('orders.refundAmount', { max: formatFen(refundable) })}
          rules={[
            { required: true, message: t('validation.required') },
            {
              validator: (_r, value: string) => {
                const fen = yuanToFen(value);
                return fen !== null && fen >= 1 && fen <= refundable
                  ? Promise.resolve()
                  : Promise.reject(
                      new Error(t('orders.refundAmountInvalid', { max: formatFen(refundable) })),
                    );
              },
            },
          ]}
        >
          <Input name="amount" prefix="¥" inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('orders.reason')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input name="reason" maxLength={500} />
        </Form.Item>
        <Form.Item name="toChannel" valuePropName="checked" extra={t('orders.toChannelHelp')}>
          <Checkbox>{t('orders.toChannel')}</Checkbox>
        </Form.Item>
        {m.isError ? <ErrorAlert error={m.error} /> : null}
      </Form>
    </Modal>
  );
}
