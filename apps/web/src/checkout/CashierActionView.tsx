import { useEffect, useRef } from 'react';
import type { CashierAction } from '@kameng/shared';
import { MobileOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../lib/money';
import { Countdown } from './Countdown';
import { CryptoPay } from './CryptoPay';
import { needsSystemBrowser, type BuyerDevice } from './device';
import { MethodIcon, methodName } from './MethodLabel';
import { QrCode } from './QrCode';
import { WechatHint } from './WechatHint';

const AUTO_PREFIX = 'kameng.cashier-auto.';

/**
 * Whether this tab may still leave for the channel by itself: once per order, so coming back from the
 * channel (history back) shows the cashier instead of bouncing the buyer out again.
 */
function takeAutoTurn(orderNo: string): boolean {
  try {
    if (sessionStorage.getItem(AUTO_PREFIX + orderNo)) return false;
    sessionStorage.setItem(AUTO_PREFIX + orderNo, '1');
    return true;
  } catch {
    return false;
  }
}

export interface CashierActionProps {
  action: CashierAction;
  /** The method the buyer chose, when known (`alipay`, `wxpay`, `usdt`, …). */
  method: string | undefined;
  device: BuyerDevice;
  orderNo: string;
  /** What the channel asks for, in fen (the online part when some is paid from the balance). */
  amount: number;
  expiresAt: string;
  /** Asks the server for a fresh payment (a new USDT address once the old one expired). */
  onRenew: () => void;
}

/** What the buyer does at the channel, chosen for the action and the buyer's device. */
export function CashierActionView(props: CashierActionProps) {
  const { action, device, orderNo, amount, expiresAt, onRenew } = props;
  const { t } = useTranslation();
  // A WeChat payment link or code tells the method even when the page was opened without ?method=.
  const method =
    props.method ??
    (action.crypto ? 'usdt' : /^weixin:/i.test(action.scheme ?? action.qr ?? '') ? 'wxpay' : undefined);
  const name = method ? methodName(t, method) : t('checkout.paymentMethod');
  const blocked = needsSystemBrowser(device, method, !!action.crypto);
  const formRef = useRef<HTMLFormElement>(null);
  const autoUrl =
    !blocked && !action.crypto && device !== 'desktop' && action.type === 'redirect' ? action.url : undefined;
  const autoForm = !blocked && !action.crypto && action.type === 'form' && !!action.form;
  useEffect(() => {
    if (!autoUrl && !autoForm) return;
    if (!takeAutoTurn(orderNo)) return;
    if (autoForm) formRef.current?.submit();
    else if (autoUrl) window.location.assign(autoUrl);
  }, [autoUrl, autoForm, orderNo]);

  if (action.crypto) {
    return (
      <CryptoPay
        key={action.crypto.address + action.crypto.expiresAt}
        crypto={action.crypto}
        orderExpiresAt={expiresAt}
        onRenew={onRenew}
      />
    );
  }
  if (blocked) return <WechatHint methodName={name} />;

  const openApp =
    action.scheme && device !== 'desktop' ? (
      <Button
        type="primary"
        size="large"
        block
        icon={<MobileOutlined />}
        href={action.scheme}
        data-testid="cashier-open-app"
      >
        {t('checkout.cashier.openApp', { method: name })}
      </Button>
    ) : null;
  const page = action.url ? (
    <Button
      type={action.qr && device === 'desktop' ? 'default' : openApp ? 'default' : 'primary'}
      size="large"
      block
      href={action.url}
      data-testid="cashier-go"
    >
      {action.qr ? t('checkout.cashier.openPage') : t('checkout.cashier.goPay')}
    </Button>
  ) : null;

  if (action.qr) {
    const phone = device === 'phone';
    const qr = (
      <div className="cashier-qr-panel" data-testid="cashier-qr-panel" style={{ textAlign: 'center' }}>
        <div style={{ marginBottom: 8 }}>
          <MethodIcon method={method ?? ''} size={20} />{' '}
          <Typography.Text strong>{t('checkout.cashier.payWith', { method: name })}</Typography.Text>
          <div
            className="cashier-qr-amount"
            data-testid="cashier-qr-amount"
            style={{ fontSize: 22, fontWeight: 600 }}
          >
            {formatFen(amount)}
          </div>
        </div>
        <QrCode value={action.qr} logo={method ? <MethodIcon method={method} size={30} /> : undefined} />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="cashier-qr-hint">
          {device === 'wechat'
            ? t('checkout.cashier.longPress')
            : phone
              ? t('checkout.cashier.scanOtherDevice', { method: name })
              : t('checkout.cashier.scanWith', { method: name })}
        </Typography.Paragraph>
        <Countdown until={expiresAt} testId="cashier-qr-countdown" />
      </div>
    );
    // On a phone the app (or the channel's page) is what works; the code is for a second device.
    return (
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {phone ? openApp : null}
        {phone ? page : null}
        {qr}
        {phone ? null : openApp}
        {phone ? null : page}
      </Space>
    );
  }

  if (action.type === 'form' && action.form) {
    return (
      <form
        ref={formRef}
        method={action.form.method}
        action={action.form.action}
        data-testid="cashier-form"
        style={{ width: '100%' }}
      >
        {Object.entries(action.form.fields).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Space direction="vertical" style={{ width: '100%' }}>
          {openApp}
          <Button type="primary" size="large" block htmlType="submit" data-testid="cashier-go">
            {t('checkout.cashier.goPay')}
          </Button>
          <Typography.Text type="secondary">{t('checkout.cashier.redirectHint')}</Typography.Text>
        </Space>
      </form>
    );
  }

  if (action.url) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {openApp}
        {page}
        {autoUrl ? (
          <Typography.Text type="secondary" data-testid="cashier-redirecting">
            {t('checkout.cashier.redirecting')} {t('checkout.cashier.redirectHint')}
          </Typography.Text>
        ) : null}
      </Space>
    );
  }
  if (openApp) return openApp;
  return (
    <Typography.Text type="danger" data-testid="cashier-no-action">
      {t('checkout.cashier.noAction')}
    </Typography.Text>
  );
}
