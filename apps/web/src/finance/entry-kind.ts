import { useTranslation } from 'react-i18next';

/**
 * Ledger entry kinds the server posts (`order.paid` …) and their label keys: i18next reads dots as
 * nesting, so the keys use underscores.
 */
const entryKindKeys = {
  'order.paid': 'order_paid',
  'order.settled': 'order_settled',
  'order.refund': 'order_refund',
  'receivable.offset': 'receivable_offset',
  'withdrawal.posted': 'withdrawal_posted',
  'withdrawal.paid': 'withdrawal_paid',
  adjustment: 'adjustment',
  'reseller.topup': 'reseller_topup',
} as const;

type KnownEntryKind = keyof typeof entryKindKeys;

export const knownEntryKinds = Object.keys(entryKindKeys) as KnownEntryKind[];

function isKnownKind(kind: string): kind is KnownEntryKind {
  return Object.hasOwn(entryKindKeys, kind);
}

/** Labels a ledger entry kind (order.paid → 订单收入); an unknown kind is shown as is. */
export function useEntryKindLabel(): (kind: string) => string {
  const { t } = useTranslation();
  return (kind) => (isKnownKind(kind) ? t(`finance.kinds.${entryKindKeys[kind]}`) : kind);
}
