import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** mm:ss (h:mm:ss past an hour) until `until`; calls onExpire once when it reaches zero. */
export function Countdown({
  until,
  onExpire,
  testId = 'cashier-countdown',
  expiredText,
}: {
  until: string;
  onExpire?: () => void;
  testId?: string;
  expiredText?: string;
}) {
  const { t } = useTranslation();
  const target = new Date(until).getTime();
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.floor((target - now) / 1000));
  // Parents pass fresh closures on every render: call the latest one, and only once per deadline.
  const expire = useRef(onExpire);
  expire.current = onExpire;
  const fired = useRef<number | null>(null);
  useEffect(() => {
    if (left <= 0) {
      if (fired.current !== target) {
        fired.current = target;
        expire.current?.();
      }
      return;
    }
    const id = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(id);
  }, [left, now, target]);
  const h = Math.floor(left / 3600);
  const mm = String(Math.floor((left % 3600) / 60)).padStart(2, '0');
  const ss = String(left % 60).padStart(2, '0');
  const time = (h > 0 ? String(h) + ':' : '') + mm + ':' + ss;
  return (
    <span className="countdown" data-testid={testId} data-seconds={left}>
      {left > 0 ? t('checkout.cashier.expiresIn', { time }) : (expiredText ?? t('checkout.cashier.expired'))}
    </span>
  );
}
