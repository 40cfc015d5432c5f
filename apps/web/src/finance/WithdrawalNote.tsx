import type { Withdrawal } from '@kameng/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The withdrawal note: rejection / failure reason and the payout reference, if any. */
export function WithdrawalNote({ w }: { w: Withdrawal }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (w.reason) parts.push(t('finance.history.reason', { reason: w.reason }));
  if (w.payoutReference) parts.push(t('finance.history.reference', { reference: w.payoutReference }));
  return parts.length ? <Typography.Text type="secondary">{parts.join(' · ')}</Typography.Text> : '—';
}
