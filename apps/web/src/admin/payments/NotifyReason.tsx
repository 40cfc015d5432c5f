import { useTranslation } from 'react-i18next';

/** A notify's reason code in words, with the code itself on hover; a code without a label shows as is. */
export function NotifyReason({ code }: { code: string | null }) {
  const { t, i18n } = useTranslation();
  if (!code) return <>—</>;
  const key = `payments.reasons.${code}`;
  if (!i18n.exists(key)) return <code>{code}</code>;
  return <span title={code}>{(t as (k: string) => string)(key)}</span>;
}
