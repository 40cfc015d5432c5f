import type { SettlementItem } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { savepoint, withTx, type Ctx } from '../../lib/ctx';
import { postEntry } from '../ledger/post-entry';
import { postOrderRefund } from '../ledger/post-order';
import { financeSettlementItems } from './schema';
import { settlementItemDto } from './settlement-item-dto';

class PendingShort extends Error {}

/**
 * Books a (full or partial) refund of a paid order, idempotent by refundId. Before settlement the
 * merchant's part comes from the order's pending earnings and the settlement item shrinks (a full
 * refund reverses it); after settlement it comes from available, and what available cannot cover
 * becomes merchant_receivable, offset by the next settlements. When the merchant's part exceeds the
 * order's remaining pending earnings (the channel fee a merchant bore is not returned), the remainder
 * is settled at once and the refund taken from available, so pending never pays for another order.
 */
export async function recordOrderRefund(
  ctx: Ctx,
  r: { orderId: string; refundId: string; amount: number },
): Promise<SettlementItem> {
  return withTx(ctx, async (tx) => {
    const [item] = await tx.db
      .select()
      .from(financeSettlementItems)
      .where(eq(financeSettlementItems.orderId, r.orderId))
      .for('update');
    if (!item) throw new AppError('NOT_FOUND', { order: r.orderId });
    const base = {
      orderId: r.orderId,
      refundId: r.refundId,
      merchantId: item.merchantId,
      channelId: item.channelId,
      amount: r.amount,
      currency: item.currency,
    };
    let amount = item.amount;
    let settled = item.status === 'settled' || item.settledEntryId !== null;
    let res: Awaited<ReturnType<typeof postOrderRefund>> | undefined;
    if (!settled) {
      try {
        res = await savepoint(tx, async (sp) => {
          const out = await postOrderRefund(sp, { ...base, fromAccount: 'merchant_pending' });
          if (!out.replayed && out.fromMerchant > item.amount) throw new PendingShort();
          return out;
        });
        if (!res.replayed) amount -= res.fromMerchant;
      } catch (err) {
        if (!(err instanceof PendingShort)) throw err;
        if (item.amount > 0) {
          const owner = { ownerId: item.merchantId, currency: item.currency };
          await postEntry(tx, {
            idempotencyKey: `order:${item.orderId}:settled`,
            kind: 'order.settled',
            currency: item.currency,
            memo: 'settled early by a refund',
            reference: { type: 'order', id: item.orderId },
            transfers: [
              {
                debit: { type: 'merchant_pending', ...owner },
                credit: { type: 'merchant_available', ...owner },
                amount: item.amount,
              },
            ],
          });
        }
        amount = 0;
        settled = true;
      }
    }
    if (settled && !res) res = await postOrderRefund(tx, { ...base, fromAccount: 'merchant_available' });
    if (res!.replayed) return settlementItemDto(item);
    const refundedAmount = item.refundedAmount + r.amount;
    const [row] = await tx.db
      .update(financeSettlementItems)
      .set({
        amount,
        refundedAmount,
        ...(settled && item.status !== 'settled' ? { status: 'settled' as const, settledAt: tx.now() } : {}),
        ...(refundedAmount >= item.grossAmount ? { status: 'reversed' as const } : {}),
      })
      .where(eq(financeSettlementItems.id, item.id))
      .returning();
    return settlementItemDto(row!);
  });
}
