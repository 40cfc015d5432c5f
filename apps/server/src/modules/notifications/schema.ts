import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';

/**
 * Outgoing e-mail. Every message is written here (in the transaction that causes it) and sent by a job;
 * with no SMTP configured it stays here and the admin console shows it. Bodies that carry card keys are
 * encrypted (aad `email:<id>`).
 */
export const emails = pgTable(
  'emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    body: bytea('body').notNull(),
    template: text('template').notNull(),
    orderId: uuid('order_id'),
    status: text('status', { enum: ['queued', 'sent', 'failed', 'outbox'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('emails_status_idx').on(t.status, t.createdAt), index('emails_order_idx').on(t.orderId)],
);
