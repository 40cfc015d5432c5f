import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';

/** The minimal reseller identity (分销商): one per user; its money is the ledger's reseller_balance account. */
export const resellerAccounts = pgTable(
  'reseller_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reseller_accounts_user_key').on(t.userId),
    index('reseller_accounts_created_idx').on(t.createdAt),
  ],
);
