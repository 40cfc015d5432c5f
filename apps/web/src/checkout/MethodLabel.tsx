import {
  AlipayCircleFilled,
  CreditCardFilled,
  ExperimentOutlined,
  PayCircleFilled,
  QqCircleFilled,
  WalletOutlined,
  WechatFilled,
} from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

const KNOWN = ['sandbox', 'alipay', 'wxpay', 'qqpay', 'usdt', 'card', 'balance'] as const;
type KnownMethod = (typeof KNOWN)[number];

function isKnown(m: string): m is KnownMethod {
  return (KNOWN as readonly string[]).includes(m);
}

/** Tether's mark, drawn inline (no network fetch for logos). */
function UsdtLogo({ size }: { size: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      style={{ verticalAlign: '-0.125em' }}
    >
      <circle cx="16" cy="16" r="16" fill="#26a17b" />
      <rect x="8.5" y="8" width="15" height="3.5" fill="#fff" />
      <rect x="14.2" y="10" width="3.6" height="15" fill="#fff" />
      <ellipse cx="16" cy="16.2" rx="8" ry="2.2" fill="none" stroke="#fff" strokeWidth="1.6" />
    </svg>
  );
}

const COLORS: Record<KnownMethod, string> = {
  sandbox: '#722ed1',
  alipay: '#1677ff',
  wxpay: '#07c160',
  qqpay: '#12b7f5',
  usdt: '#26a17b',
  card: '#635bff',
  balance: '#fa8c16',
};

/** A payment method's logo in its brand colour (antd icons or inline SVG; unknown methods: a generic one). */
export function MethodIcon({ method, size = 16 }: { method: string; size?: number }) {
  const style = { fontSize: size, color: isKnown(method) ? COLORS[method] : '#595959' };
  switch (method) {
    case 'sandbox':
      return <ExperimentOutlined style={style} />;
    case 'alipay':
      return <AlipayCircleFilled style={style} />;
    case 'wxpay':
      return <WechatFilled style={style} />;
    case 'qqpay':
      return <QqCircleFilled style={style} />;
    case 'usdt':
      return <UsdtLogo size={size} />;
    case 'card':
      return <CreditCardFilled style={style} />;
    case 'balance':
      return <WalletOutlined style={style} />;
    default:
      return <PayCircleFilled style={style} />;
  }
}

/** A payment method's name in the current language; unknown methods are shown by their id. */
export function methodName(t: TFunction, method: string): string {
  return isKnown(method) ? t(`checkout.methods.${method}`) : method;
}

/** A payment method's name (and logo) in the current language; unknown methods are shown by their id. */
export function MethodLabel({ method }: { method: string }) {
  const { t } = useTranslation();
  return (
    <span data-method-label={method}>
      <MethodIcon method={method} /> {methodName(t, method)}
    </span>
  );
}
