import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';
import { users } from '../accounts/schema';
import { merchants } from '../merchants/schema';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const money = (name: string) => bigint(name, { mode: 'number' }).notNull();

/** A payment channel's fee: `rateBps` of the amount plus `fixedFen`, borne by the merchant or the platform. */
export const financeFeeSchedules = pgTable(
  'finance_fee_schedules',
  {
    channelId: text('channel_id').primaryKey(),
    name: text('name').notNull(),
    rateBps: integer('rate_bps').notNull(),
    fixedFen: money('fixed_fen').default(0),
    bearer: text('bearer', { enum: ['merchant', 'platform'] }).notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('finance_fee_rate_range', sql`${t.rateBps} BETWEEN 0 AND 10000`),
    check('finance_fee_fixed_nonneg', sql`${t.fixedFen} >= 0`),
  ],
);

/** A merchant's own terms; without a row the platform defaults (finance settings) apply. */
export const financeMerchantTerms = pgTable(
  'finance_merchant_terms',
  {
    merchantId: uuid('merchant_id')
      .primaryKey()
      .references(() => merchants.id),
    settlementDays: integer('settlement_days').notNull().default(1),
    commissionBps: integer('commission_bps').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('finance_terms_days', sql`${t.settlementDays} IN (0, 1, 3, 7)`),
    check('finance_terms_commission_range', sql`${t.commissionBps} BETWEEN 0 AND 10000`),
  ],
);

/**
 * One paid order's merchant earnings on their way from pending to available. `amount` is what is
 * still pending (net of refunds taken from pending); `dueOn` is a date in the platform time zone.
 */
export const financeSettlementItems = pgTable(
  'finance_settlement_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: text('order_id').notNull(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    channelId: text('channel_id').notNull(),
    /** The order amount the buyer paid. */
    grossAmount: money('gross_amount'),
    /** The merchant's net when paid (gross − commission − fee borne by the merchant). */
    netAmount: money('net_amount'),
    /** Net still pending; settled as a whole on `dueOn`. */
    amount: money('amount'),
    /** Gross refunded so far (refunds are capped by the gross amount). */
    refundedAmount: money('refunded_amount').default(0),
    currency: text('currency').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['scheduled', 'settled', 'held', 'reversed'] })
      .notNull()
      .default('scheduled'),
    heldReason: text('held_reason'),
    paidEntryId: uuid('paid_entry_id'),
    settledEntryId: uuid('settled_entry_id'),
    paidAt: ts('paid_at').notNull(),
    settledAt: ts('settled_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('finance_settlement_items_order_key').on(t.orderId),
    index('finance_settlement_items_due_idx')
      .on(t.dueOn)
      .where(sql`status = 'scheduled'`),
    index('finance_settlement_items_merchant_idx').on(t.merchantId, t.createdAt),
    check('finance_settlement_amount_nonneg', sql`${t.amount} >= 0`),
  ],
);

/** Where a merchant's withdrawals are paid. The number is encrypted (aad `payout:<id>`); only the mask is readable. */
export const financePayoutAccounts = pgTable(
  'finance_payout_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    kind: text('kind', { enum: ['alipay', 'bank', 'usdt'] }).notNull(),
    holderName: text('holder_name').notNull(),
    accountNumberEnc: bytea('account_number_enc').notNull(),
    accountMasked: text('account_masked').notNull(),
    bankName: text('bank_name'),
    label: text('label'),
    /** Soft delete: withdrawals keep pointing at the account they were paid to. */
    deleted: boolean('deleted').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('finance_payout_accounts_merchant_idx').on(t.merchantId)],
);

/** A withdrawal request (提现) and its review; its money is a ledger hold from available to withdrawing. */
export const financeWithdrawals = pgTable(
  'finance_withdrawals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    payoutAccountId: uuid('payout_account_id')
      .notNull()
      .references(() => financePayoutAccounts.id),
    amount: money('amount'),
    fee: money('fee'),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['requested', 'approved', 'rejected', 'paid', 'failed'] })
      .notNull()
      .default('requested'),
    holdId: uuid('hold_id'),
    paidEntryId: uuid('paid_entry_id'),
    reason: text('reason'),
    payoutReference: text('payout_reference'),
    requestedBy: uuid('requested_by').references(() => users.id),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    reviewedAt: ts('reviewed_at'),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('finance_withdrawals_merchant_idx').on(t.merchantId, t.createdAt),
    index('finance_withdrawals_status_idx').on(t.status, t.createdAt),
    check(
      'finance_withdrawals_amount_positive',
      sql`${t.amount} > 0 AND ${t.fee} >= 0 AND ${t.fee} < ${t.amount}`,
    ),
  ],
);
