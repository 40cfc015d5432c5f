import type { SettlementItem } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { financeSettlementItems } from './schema';
import { settlementItemDto } from './settlement-item-dto';

async function setHeld(ctx: Ctx, orderId: string, held: boolean, reason: string): Promise<SettlementItem> {
  return withTx(ctx, async (tx) => {
    const [item] = await tx.db
      .select()
      .from(financeSettlementItems)
      .where(eq(financeSettlementItems.orderId, orderId))
      .for('update');
    if (!item) throw new AppError('NOT_FOUND');
    const from = held ? 'scheduled' : 'held';
    if (item.status !== from) throw new AppError('CONFLICT', { status: item.status });
    const [row] = await tx.db
      .update(financeSettlementItems)
      .set({ status: held ? 'held' : 'scheduled', heldReason: held ? reason : null })
      .where(eq(financeSettlementItems.id, item.id))
      .returning();
    await appendAudit(tx, {
      action: held ? 'finance.settlement.hold' : 'finance.settlement.release',
      targetType: 'order',
      targetId: orderId,
      merchantId: item.merchantId,
      data: { reason, amount: item.amount },
    });
    return settlementItemDto(row!);
  });
}

/**
 * Keeps an order's earnings pending (a dispute, a complaint): settlement skips the item until it is
 * released. Only a scheduled item can be held (settled money is recovered by refund). Audited.
 */
export async function holdSettlement(ctx: Ctx, orderId: string, reason: string): Promise<SettlementItem> {
  return setHeld(ctx, orderId, true, reason);
}

/** Lets a held item settle again; if its date has passed, the next settlement run settles it. Audited. */
export async function releaseSettlement(
  ctx: Ctx,
  orderId: string,
  reason = 'released',
): Promise<SettlementItem> {
  return setHeld(ctx, orderId, false, reason);
}
