import { and, asc, eq, lte } from 'drizzle-orm';
import { savepoint, withTx, type Ctx } from '../../lib/ctx';
import { recordEvent } from '../events/record-event';
import { getBalance } from '../ledger/balances';
import { postEntry } from '../ledger/post-entry';
import { localDate } from './due-date';
import { getFinanceSettings } from './finance-settings';
import { financeSettlementItems } from './schema';

const BATCH = 200;

/**
 * Settles every scheduled item due on or before today (platform time zone): its pending net moves
 * merchant_pending → merchant_available under the key `order:<id>:settled`, and whatever the merchant
 * owes on merchant_receivable is offset from it first (`order:<id>:offset`). Held and reversed items are
 * skipped. Items are settled in batches of 200 per transaction, each in its own savepoint (a failing item is
 * logged and stays scheduled); items are claimed with SKIP LOCKED and re-checked under lock,
 * and the ledger keys are idempotent, so two concurrent or repeated runs settle each item once.
 */
export async function settleDue(ctx: Ctx, now: Date = ctx.now()): Promise<{ settled: number }> {
  const { timezone } = await getFinanceSettings(ctx.db);
  const today = localDate(now, timezone);
  let settled = 0;
  for (;;) {
    const n = await withTx(ctx, async (tx) => {
      const due = await tx.db
        .select()
        .from(financeSettlementItems)
        .where(and(eq(financeSettlementItems.status, 'scheduled'), lte(financeSettlementItems.dueOn, today)))
        .orderBy(asc(financeSettlementItems.dueOn), asc(financeSettlementItems.id))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      let done = 0;
      for (const item of due) {
        // A savepoint per item: one item that cannot settle is logged and left scheduled, not blocking the rest.
        try {
          await savepoint(tx, (sp) => settleItem(sp, item, now));
          done++;
        } catch (err) {
          tx.log.error({ err, orderId: item.orderId }, 'settlement item failed');
        }
      }
      settled += done;
      // A full batch of failures would be selected again: stop, the next run retries them.
      return done === 0 ? 0 : due.length;
    });
    if (n < BATCH) return { settled };
  }
}

async function settleItem(
  ctx: Ctx,
  item: typeof financeSettlementItems.$inferSelect,
  now: Date,
): Promise<void> {
  const owner = { ownerId: item.merchantId, currency: item.currency };
  let settledEntryId: string | null = null;
  if (item.amount > 0) {
    const reference = { type: 'order', id: item.orderId };
    const posted = await postEntry(ctx, {
      idempotencyKey: `order:${item.orderId}:settled`,
      kind: 'order.settled',
      currency: item.currency,
      reference,
      transfers: [
        {
          debit: { type: 'merchant_pending', ...owner },
          credit: { type: 'merchant_available', ...owner },
          amount: item.amount,
        },
      ],
    });
    settledEntryId = posted.entryId;
    // Refunds after settlement beyond the available balance left a receivable: the next earnings pay it.
    const owed = (await getBalance(ctx.db, { type: 'merchant_receivable', ...owner })).posted;
    const offset = Math.min(owed, item.amount);
    if (offset > 0 && !posted.replayed) {
      await postEntry(ctx, {
        idempotencyKey: `order:${item.orderId}:offset`,
        kind: 'receivable.offset',
        currency: item.currency,
        reference,
        memo: 'offset of refunds owed',
        transfers: [
          {
            debit: { type: 'merchant_available', ...owner },
            credit: { type: 'merchant_receivable', ...owner },
            amount: offset,
          },
        ],
      });
    }
  }
  await ctx.db
    .update(financeSettlementItems)
    .set({ status: 'settled', settledEntryId, settledAt: now })
    .where(and(eq(financeSettlementItems.id, item.id), eq(financeSettlementItems.status, 'scheduled')));
  await recordEvent(ctx, {
    type: 'finance.order_settled',
    merchantId: item.merchantId,
    subjectType: 'order',
    subjectId: item.orderId,
    payload: { amount: item.amount, currency: item.currency, dueOn: item.dueOn },
  });
}
