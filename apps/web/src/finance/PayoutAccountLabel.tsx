import type { PayoutAccount } from '@kameng/shared';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** "支付宝 · ab***@example.com · 张三 (label)": a payout account in one line, number masked. */
export function PayoutAccountLabel({ account }: { account: PayoutAccount }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span>{t(`finance.payout.kinds.${account.kind}`)}</span>
      {account.bankName ? <span>{account.bankName}</span> : null}
      <Typography.Text code>{account.accountMasked}</Typography.Text>
      <span>{account.holderName}</span>
      {account.label ? <Typography.Text type="secondary">({account.label})</Typography.Text> : null}
    </Space>
  );
}

/** The same as plain text, for select options. */
export function usePayoutAccountText(): (account: PayoutAccount) => string {
  const { t } = useTranslation();
  return (a) =>
    [
      t(`finance.payout.kinds.${a.kind}`),
      a.bankName,
      a.accountMasked,
      a.holderName,
      a.label ? `(${a.label})` : null,
    ]
      .filter(Boolean)
      .join(' · ');
}
