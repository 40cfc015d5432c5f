import type { SettlementItem } from '@kameng/shared';
import type { financeSettlementItems } from './schema';

/** The API shape of a settlement item. */
export function settlementItemDto(r: typeof financeSettlementItems.$inferSelect): SettlementItem {
  return {
    orderId: r.orderId,
    amount: r.amount,
    currency: r.currency,
    dueOn: r.dueOn,
    status: r.status,
    heldReason: r.heldReason,
    settledAt: r.settledAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
