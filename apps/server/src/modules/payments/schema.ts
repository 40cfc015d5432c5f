import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';

/**
 * Payment channels configured by the platform admin. Several channels may use one provider; the
 * credentials (merchant id, keys) are encrypted under the master key (aad `channel:<id>`).
 */
export const paymentChannels = pgTable('payment_channels', {
  /** A short stable id (e.g. `sandbox-1`), also the ledger owner of the channel's cash account. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  provider: text('provider', {
    enum: ['sandbox', 'epay', 'alipay', 'wechatpay', 'epusdt', 'stripe'],
  }).notNull(),
  /** What the buyer picks: alipay, wxpay, usdt, card, sandbox … */
  method: text('method').notNull(),
  credentials: bytea('credentials').notNull(),
  /** Non-secret settings (gateway URL, fault injection for the sandbox …). */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  enabled: boolean('enabled').notNull().default(true),
  priority: integer('priority').notNull().default(0),
  minAmount: integer('min_amount'),
  maxAmount: integer('max_amount'),
  /** Within one priority: a weighted random order; 0 = only once the others of its priority failed. */
  weight: integer('weight').notNull().default(1),
  /** Fen per day in the platform's time zone (paid + recently opened attempts); null = no limit. */
  dailyLimit: integer('daily_limit'),
  /** Consecutive create failures that pause the channel for `cooldown_seconds`; 0 = never. */
  autoPauseAfter: integer('auto_pause_after').notNull().default(5),
  cooldownSeconds: integer('cooldown_seconds').notNull().default(300),
  /** Health, written by channel-health on its own connection (it outlives a rolled-back request). */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** Not routed to before this instant (automatic pause); null or past = routable. */
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  /** The last create failure, short and without secrets. */
  lastError: text('last_error'),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Payment incidents that are not notifies, for the anomaly view: a channel paused automatically
 * (resolved when the admin resumes it or it succeeds again) and a channel refund that failed.
 */
export const paymentIncidents = pgTable(
  'payment_incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type', { enum: ['channel_paused', 'refund_failed'] }).notNull(),
    channelId: text('channel_id').notNull(),
    orderId: uuid('order_id'),
    attemptId: uuid('attempt_id'),
    /** Fen (the refund asked for). */
    amount: integer('amount'),
    /** Short, without secrets. */
    error: text('error'),
    pausedUntil: timestamp('paused_until', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payment_incidents_created_idx').on(t.createdAt),
    index('payment_incidents_open_idx')
      .on(t.channelId)
      .where(sql`resolved_at IS NULL`),
  ],
);

/** One attempt to pay an order through a channel; `trade_no` is what we send as out_trade_no. */
export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id').notNull(),
    channelId: text('channel_id').notNull(),
    tradeNo: text('trade_no').notNull(),
    providerTradeNo: text('provider_trade_no'),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull().default('CNY'),
    status: text('status', { enum: ['created', 'paid', 'failed', 'closed'] })
      .notNull()
      .default('created'),
    /** What the cashier shows: a redirect URL, QR content or a form. */
    action: jsonb('action').$type<Record<string, unknown>>().notNull().default({}),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /**
     * Set when this attempt paid an order another attempt had already paid (money received twice):
     * pending → refunding → refunded through the channel by `payments:refund-duplicate`, or manual
     * (no channel refund, retries exhausted, outcome unknown) → refunded_offline by the admin.
     */
    duplicateRefund: text('duplicate_refund', {
      enum: ['pending', 'refunding', 'refunded', 'manual', 'refunded_offline'],
    }),
    /** What was received twice and is owed back to the buyer (fen). */
    duplicateAmount: integer('duplicate_amount'),
    /** Channel refund requests made for the duplicate (bounded: the job then asks for a person). */
    duplicateRefundTries: integer('duplicate_refund_tries').notNull().default(0),
    /** The channel's refund number, or the admin's note for an offline refund. */
    duplicateRefundRef: text('duplicate_refund_ref'),
    /** Why the last channel refund failed (shown in the anomaly view). */
    duplicateRefundError: text('duplicate_refund_error'),
    /** When duplicate_refund last changed (a `refunding` claim older than the lease is an unknown outcome). */
    duplicateRefundAt: timestamp('duplicate_refund_at', { withTimezone: true }),
    lastQueriedAt: timestamp('last_queried_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payment_attempts_trade_no_key').on(t.tradeNo),
    // A provider's trade is paid at most once per channel (duplicate notifies are harmless).
    uniqueIndex('payment_attempts_provider_trade_key')
      .on(t.channelId, t.providerTradeNo)
      .where(sql`provider_trade_no IS NOT NULL`),
    index('payment_attempts_order_idx').on(t.orderId),
    index('payment_attempts_duplicate_idx')
      .on(t.createdAt)
      .where(sql`duplicate_refund IS NOT NULL`),
    index('payment_attempts_open_idx')
      .on(t.createdAt)
      .where(sql`status = 'created'`),
    // Today's paid amount per channel (daily limits).
    index('payment_attempts_channel_paid_idx')
      .on(t.channelId, t.paidAt)
      .where(sql`status = 'paid'`),
  ],
);

/** Every notify received, raw (secrets redacted), with its verdict — for the timeline and anomaly view. */
export const paymentNotifies = pgTable(
  'payment_notifies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channelId: text('channel_id').notNull(),
    orderId: uuid('order_id'),
    attemptId: uuid('attempt_id'),
    method: text('method').notNull(),
    raw: text('raw').notNull(),
    verdict: text('verdict', { enum: ['accepted', 'duplicate', 'rejected'] }).notNull(),
    reason: text('reason'),
    remoteIp: text('remote_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payment_notifies_channel_idx').on(t.channelId, t.createdAt),
    index('payment_notifies_order_idx').on(t.orderId),
  ],
);
