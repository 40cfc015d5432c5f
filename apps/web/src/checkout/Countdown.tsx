import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** mm:ss until `until`; calls onExpire once when it reaches zero. */
export function Countdown({ until, onExpire }: { until: string; onExpire?: () => void }) {
  const { t } = useTranslation();
  const target = new Date(until).getTime();
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.floor((target - now) / 1000));
  useEffect(() => {
    if (left <= 0) {
      onExpire?.();
      return;
    }
    const id = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(id);
  }, [left, now, onExpire]);
  const mm = String(Math.floor(left / 60)).padStart(2, '0');
  const ss = String(left % 60).padStart(2, '0');
  return (
    <span className="countdown" data-testid="cashier-countdown" data-seconds={left}>
      {left > 0 ? t('checkout.cashier.expiresIn', { time: mm + ':' + ss }) : t('checkout.cashier.expired')}
    </span>
  );
}
