import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The sandbox gateway's own ledger of trades: this is the "remote" side of the sandbox channel, so
 * it never reads payment_attempts; it knows only what the merchant sent it over its signed API.
 */
export const sandboxTrades = pgTable(
  'sandbox_trades',
  {
    tradeNo: text('trade_no').primaryKey(),
    mchId: text('mch_id').notNull(),
    outTradeNo: text('out_trade_no').notNull(),
    /** Fen; the protocol carries yuan decimal strings. */
    amount: integer('amount').notNull(),
    subject: text('subject').notNull(),
    notifyUrl: text('notify_url').notNull(),
    returnUrl: text('return_url'),
    status: text('status', { enum: ['unpaid', 'paid', 'failed', 'closed'] })
      .notNull()
      .default('unpaid'),
    refunded: integer('refunded').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sandbox_trades_out_trade_key').on(t.mchId, t.outTradeNo),
    index('sandbox_trades_unpaid_idx')
      .on(t.createdAt)
      .where(sql`status = 'unpaid'`),
  ],
);
