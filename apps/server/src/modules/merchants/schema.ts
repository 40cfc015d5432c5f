import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const merchants = pgTable(
  'merchants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['individual', 'company'] }).notNull(),
    status: text('status', { enum: ['pending_review', 'active', 'suspended', 'banned'] })
      .notNull()
      .default('pending_review'),
    contactEmail: text('contact_email').notNull(),
    contactPhone: text('contact_phone'),
    agreementVersion: text('agreement_version').notNull(),
    agreementAcceptedAt: timestamp('agreement_accepted_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('merchants_status_idx').on(t.status, t.createdAt)],
);

/** A user's place in a merchant: the owner, or staff with the permissions the owner granted. */
export const merchantMembers = pgTable(
  'merchant_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'staff'] }).notNull(),
    permissions: text('permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [
    // One merchant per user keeps the session's tenant unambiguous.
    uniqueIndex('merchant_members_user_key').on(t.userId),
    index('merchant_members_merchant_idx').on(t.merchantId),
  ],
);
