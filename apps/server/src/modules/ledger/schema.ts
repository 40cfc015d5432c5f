import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const money = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/**
 * Ledger accounts, typed by purpose and owner, one currency each. Running totals (TigerBeetle style)
 * are updated in the same transaction as every transfer or hold that touches the account, under a row
 * lock, so they always equal the sum of the account's transfers.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable identity, e.g. `merchant_available:<merchantId>:CNY`; lookups and upserts go by it. */
    code: text('code').notNull(),
    type: text('type', {
      enum: [
        'platform_cash', // money held at a payment channel (owner: channel id)
        'platform_fee_revenue',
        'channel_fee_expense',
        'platform_equity', // manual adjustments and top-ups paid outside the system
        'merchant_pending',
        'merchant_available',
        'merchant_withdrawing',
        'merchant_receivable',
        'reseller_balance',
        'buyer_refunds_payable',
      ],
    }).notNull(),
    ownerId: text('owner_id'),
    currency: text('currency').notNull(),
    normalSide: text('normal_side', { enum: ['debit', 'credit'] }).notNull(),
    /** The balance on the normal side may never go below zero (reseller balance, merchant available …). */
    noNegative: boolean('no_negative').notNull().default(false),
    debitsPosted: money('debits_posted'),
    creditsPosted: money('credits_posted'),
    debitsPending: money('debits_pending'),
    creditsPending: money('credits_pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_accounts_code_key').on(t.code),
    index('ledger_accounts_owner_idx').on(t.ownerId, t.type),
  ],
);

/** A journal entry: one business event (order paid, refund, settlement …) grouping its transfers. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Unique reference such as `order:<id>:paid`: a retried posting finds the first and posts nothing. */
    idempotencyKey: text('idempotency_key').notNull(),
    kind: text('kind').notNull(),
    currency: text('currency').notNull(),
    memo: text('memo'),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    /** Set on a correcting entry: the entry it reverses (entries are never updated). */
    reversesEntryId: uuid('reverses_entry_id'),
    /** SHA-256 (hex) of the posting's canonical content: a replay with other content is refused. */
    contentHash: text('content_hash').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_entries_idempotency_key').on(t.idempotencyKey),
    index('ledger_entries_reference_idx').on(t.referenceType, t.referenceId),
  ],
);

/** Immutable transfers: `amount` minor units from the debit account to the credit account. */
export const ledgerTransfers = pgTable(
  'ledger_transfers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => ledgerEntries.id),
    debitAccountId: uuid('debit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    creditAccountId: uuid('credit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    /** What this line of the entry is (`order.gross`, `order.commission` …), for refunds and statements. */
    code: text('code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_transfers_entry_idx').on(t.entryId),
    index('ledger_transfers_debit_idx').on(t.debitAccountId, t.id),
    index('ledger_transfers_credit_idx').on(t.creditAccountId, t.id),
    check('ledger_transfers_amount_positive', sql`${t.amount} > 0`),
    check('ledger_transfers_distinct_accounts', sql`${t.debitAccountId} <> ${t.creditAccountId}`),
  ],
);

/**
 * Two-phase holds: an amount reserved from the debit account (counted in the pending totals), later
 * posted (fully or partly, as a transfer in an entry) or voided.
 */
export const ledgerHolds = pgTable(
  'ledger_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idempotencyKey: text('idempotency_key').notNull(),
    debitAccountId: uuid('debit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    creditAccountId: uuid('credit_account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['pending', 'posted', 'voided'] })
      .notNull()
      .default('pending'),
    referenceType: text('reference_type'),
    referenceId: text('reference_id'),
    postedEntryId: uuid('posted_entry_id').references(() => ledgerEntries.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('ledger_holds_idempotency_key').on(t.idempotencyKey),
    index('ledger_holds_pending_idx')
      .on(t.debitAccountId)
      .where(sql`status = 'pending'`),
    check('ledger_holds_amount_positive', sql`${t.amount} > 0`),
  ],
);
