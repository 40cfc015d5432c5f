import { useState } from 'react';
import { GlobalOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton';

/** An arrow from the middle of the screen up to WeChat's "···" menu at the top right. */
function Arrow() {
  return (
    <svg width="96" height="110" viewBox="0 0 96 110" aria-hidden="true">
      <path
        d="M10 105 C 30 60, 55 35, 82 14"
        fill="none"
        stroke="#fff"
        strokeWidth="4"
        strokeDasharray="8 6"
      />
      <path d="M64 10 L 88 8 L 80 31" fill="none" stroke="#fff" strokeWidth="5" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * Inside WeChat's in-app browser a non-WeChat channel (Alipay …) cannot be opened: instead of a
 * redirect that would be blocked, the classic overlay pointing at "···" → "Open in Browser", and an
 * inline hint with the page link to copy (it stays after the overlay is dismissed).
 */
export function WechatHint({ methodName }: { methodName: string }) {
  const { t } = useTranslation();
  const [overlay, setOverlay] = useState(true);
  const link = typeof window === 'undefined' ? '' : window.location.href;
  return (
    <>
      <Alert
        type="warning"
        showIcon
        icon={<GlobalOutlined />}
        data-testid="wechat-open-browser"
        title={t('checkout.cashier.wechat.title')}
        description={
          <Space direction="vertical">
            <span>{t('checkout.cashier.wechat.body', { method: methodName })}</span>
            <CopyButton text={link} testId="wechat-copy-link" label={t('checkout.cashier.wechat.copyLink')} />
          </Space>
        }
        style={{ width: '100%' }}
      />
      {overlay ? (
        <div
          data-testid="wechat-overlay"
          role="dialog"
          aria-label={t('checkout.cashier.wechat.title')}
          onClick={() => setOverlay(false)}
          style={{
            position: 'fixed',
            inset: 0,
            zIndex: 1100,
            background: 'rgba(0, 0, 0, 0.88)',
            color: '#fff',
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'flex-end',
            padding: '8px 20px',
            boxSizing: 'border-box',
          }}
        >
          <Arrow />
          <div
            style={{
              alignSelf: 'stretch',
              textAlign: 'center',
              fontSize: 18,
              lineHeight: 1.8,
              marginTop: 24,
            }}
          >
            <div style={{ fontWeight: 600 }}>{t('checkout.cashier.wechat.title')}</div>
            <div>1. {t('checkout.cashier.wechat.step1')}</div>
            <div>2. {t('checkout.cashier.wechat.step2')}</div>
            <Button ghost style={{ marginTop: 24 }} data-testid="wechat-overlay-dismiss">
              {t('checkout.cashier.wechat.dismiss')}
            </Button>
          </div>
        </div>
      ) : null}
    </>
  );
}
