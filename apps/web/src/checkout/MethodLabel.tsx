import {
  AlipayCircleOutlined,
  CreditCardOutlined,
  ExperimentOutlined,
  WechatOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

const KNOWN = ['sandbox', 'alipay', 'wxpay', 'usdt', 'card', 'balance'] as const;
type KnownMethod = (typeof KNOWN)[number];

function isKnown(m: string): m is KnownMethod {
  return (KNOWN as readonly string[]).includes(m);
}

const ICONS: Record<KnownMethod, React.ReactNode> = {
  sandbox: <ExperimentOutlined />,
  alipay: <AlipayCircleOutlined />,
  wxpay: <WechatOutlined />,
  usdt: <WalletOutlined />,
  card: <CreditCardOutlined />,
  balance: <WalletOutlined />,
};

/** A payment method's name (and icon) in the current language; unknown methods are shown by their id. */
export function MethodLabel({ method }: { method: string }) {
  const { t } = useTranslation();
  if (!isKnown(method)) return <span>{method}</span>;
  return (
    <span>
      {ICONS[method]} {t(`checkout.methods.${method}`)}
    </span>
  );
}
