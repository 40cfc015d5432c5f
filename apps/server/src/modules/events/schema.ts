import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The outbox: domain events written in the transaction of the change they describe
 * (stock.low, stock.changed, later order.paid …). Dispatchers (notifications, webhooks) read from here.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    merchantId: uuid('merchant_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the webhook relay took the event (null: not yet); the relay reads the partial index below. */
    relayedAt: timestamp('relayed_at', { withTimezone: true }),
  },
  (t) => [
    index('events_type_idx').on(t.type, t.id),
    index('events_merchant_idx').on(t.merchantId, t.id),
    index('events_unrelayed_idx')
      .on(t.id)
      .where(sql`relayed_at IS NULL`),
  ],
);
