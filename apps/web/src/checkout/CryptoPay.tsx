import { useState } from 'react';
import type { CashierAction } from '@kameng/shared';
import { Alert, Button, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Countdown } from './Countdown';
import { CopyButton } from './CopyButton';
import { MethodIcon } from './MethodLabel';
import { QrCode } from './QrCode';

type Crypto = NonNullable<CashierAction['crypto']>;

/** The earlier of two ISO instants (an unparsable one loses). */
function earlier(a: string, b: string): string {
  const ta = new Date(a).getTime();
  const tb = new Date(b).getTime();
  if (Number.isNaN(ta)) return b;
  if (Number.isNaN(tb)) return a;
  return ta <= tb ? a : b;
}

/**
 * What a USDT buyer must send: the exact amount in the coin and the network, the wallet address (both
 * copyable), the address as a QR code, until when (the earlier of the address's and the order's
 * expiry), and the warning that another amount or network cannot be matched.
 */
export function CryptoPay({
  crypto,
  orderExpiresAt,
  onRenew,
}: {
  crypto: Crypto;
  orderExpiresAt: string;
  onRenew: () => void;
}) {
  const { t } = useTranslation();
  const until = earlier(crypto.expiresAt, orderExpiresAt);
  const [expired, setExpired] = useState(() => new Date(until).getTime() <= Date.now());
  const orderOver = new Date(orderExpiresAt).getTime() <= new Date(until).getTime();
  return (
    <div className="cashier-crypto" data-testid="cashier-usdt" style={{ width: '100%', textAlign: 'center' }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <MethodIcon method="usdt" size={20} /> {t('checkout.cashier.usdt.title')}
      </Typography.Title>
      {expired ? (
        <Space direction="vertical" data-testid="usdt-expired">
          <Typography.Text type="warning">{t('checkout.cashier.usdt.expired')}</Typography.Text>
          {orderOver ? null : (
            <Button type="primary" onClick={onRenew} data-testid="usdt-renew">
              {t('checkout.cashier.usdt.renew')}
            </Button>
          )}
        </Space>
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div>
            <Typography.Text type="secondary">{t('checkout.cashier.usdt.amount')}</Typography.Text>
            <div className="cashier-crypto-amount" style={{ fontSize: 26, fontWeight: 600 }}>
              <span data-testid="usdt-amount">{crypto.amount}</span> {crypto.currency}
            </div>
            <Space wrap style={{ justifyContent: 'center' }}>
              <span>
                {t('checkout.cashier.usdt.network')}{' '}
                <Tag color="green" data-testid="usdt-network">
                  {crypto.network}
                </Tag>
              </span>
              <CopyButton
                text={crypto.amount}
                testId="usdt-copy-amount"
                label={t('checkout.cashier.usdt.copyAmount')}
              />
            </Space>
          </div>
          <div>
            <Typography.Text type="secondary">{t('checkout.cashier.usdt.address')}</Typography.Text>
            <div
              data-testid="usdt-address"
              style={{ fontFamily: 'monospace', fontSize: 15, wordBreak: 'break-all', margin: '4px 0' }}
            >
              {crypto.address}
            </div>
            <CopyButton
              text={crypto.address}
              testId="usdt-copy-address"
              label={t('checkout.cashier.usdt.copyAddress')}
            />
          </div>
          <QrCode value={crypto.address} logo={<MethodIcon method="usdt" size={28} />} testId="usdt-qr" />
          <Typography.Text type="secondary">{t('checkout.cashier.usdt.scan')}</Typography.Text>
          <Countdown until={until} testId="usdt-countdown" onExpire={() => setExpired(true)} />
          <Alert
            type="warning"
            showIcon
            data-testid="usdt-warning"
            title={t('checkout.cashier.usdt.warning', {
              amount: crypto.amount,
              currency: crypto.currency,
              network: crypto.network,
            })}
            style={{ textAlign: 'left' }}
          />
        </Space>
      )}
    </div>
  );
}
