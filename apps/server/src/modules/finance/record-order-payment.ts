import type { SettlementItem } from '@kameng/shared';
import { eq, sql } from 'drizzle-orm';
import { prepared, preparedInsert } from '../../db/prepared';
import { withTx, type Ctx } from '../../lib/ctx';
import { postOrderPaid, type BalancePart } from '../ledger/post-order';
import { settlementDueOn } from './due-date';
import { findFeeSchedule } from './fee-schedules';
import { getFinanceSettings } from './finance-settings';
import { getMerchantTerms } from './merchant-terms';
import { financeSettlementItems } from './schema';
import { settlementItemDto } from './settlement-item-dto';

/** What checkout reports when an order's payment is confirmed. */
export interface OrderPayment {
  orderId: string;
  merchantId: string;
  channelId: string;
  /** What the buyer paid, in fen (channel part + balance part). */
  amount: number;
  paidAt: Date;
  currency?: string;
  /** The part paid from a reseller's prepaid balance (no channel fee on it). */
  balance?: BalancePart;
}

/**
 * Books a paid order: the channel's fee schedule and the merchant's commission split the amount in
 * the ledger (`postOrderPaid`), and the merchant's net is scheduled to settle on paidAt's date in the
 * platform time zone + the merchant's T+N. A balance part comes from the reseller's balance and bears
 * no channel fee (a wholly balance-paid order has channel BALANCE_CHANNEL_ID). Idempotent by order id: a retried call posts and
 * schedules nothing new. A channel without a fee schedule carries no channel fee (logged).
 */
export async function recordOrderPayment(ctx: Ctx, p: OrderPayment): Promise<SettlementItem> {
  return withTx(ctx, async (tx) => {
    const [existing] = await settlementItemOf(tx.db, { orderId: p.orderId });
    if (existing) return settlementItemDto(existing);
    const online = p.amount - (p.balance?.amount ?? 0);
    const schedule = online > 0 ? await findFeeSchedule(tx.db, p.channelId) : undefined;
    if (!schedule && online > 0)
      tx.log.warn({ channelId: p.channelId, orderId: p.orderId }, 'no fee schedule for channel');
    const terms = await getMerchantTerms(tx.db, p.merchantId);
    const settings = await getFinanceSettings(tx.db);
    const { entryId, split } = await postOrderPaid(tx, {
      orderId: p.orderId,
      merchantId: p.merchantId,
      channelId: p.channelId,
      amount: p.amount,
      ...(p.currency ? { currency: p.currency } : {}),
      channelFee: schedule
        ? { rateBps: schedule.rateBps, fixed: schedule.fixedFen, bearer: schedule.bearer }
        : { rateBps: 0, fixed: 0, bearer: 'platform' },
      commissionBps: terms.commissionBps,
      ...(p.balance ? { balance: p.balance } : {}),
    });
    const [row] = await insertSettlementItem(tx.db, {
      orderId: p.orderId,
      merchantId: p.merchantId,
      channelId: p.channelId,
      grossAmount: p.amount,
      netAmount: split.merchantNet,
      amount: split.merchantNet,
      currency: p.currency ?? 'CNY',
      dueOn: settlementDueOn(p.paidAt, settings.timezone, terms.settlementDays),
      paidEntryId: entryId,
      paidAt: p.paidAt,
    });
    return settlementItemDto(row!);
  });
}

const settlementItemOf = prepared('settlement_item_of_order', (db) =>
  db
    .select()
    .from(financeSettlementItems)
    .where(eq(financeSettlementItems.orderId, sql.placeholder('orderId'))),
);

const insertSettlementItem = preparedInsert('settlement_item_insert', financeSettlementItems, true);
