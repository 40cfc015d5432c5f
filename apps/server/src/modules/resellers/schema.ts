import { apiAccessStatuses } from '@kameng/shared';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';

/** Reseller levels (分销等级): a discount off the base price, or a fixed price per SKU from the level's price list. */
export const resellerLevels = pgTable('reseller_levels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Basis points off the SKU's base price (500 = 5 % off) where the price list has no entry. */
  discountBps: integer('discount_bps').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A level's fixed price for one SKU (fen). */
export const resellerLevelPrices = pgTable(
  'reseller_level_prices',
  {
    levelId: uuid('level_id')
      .notNull()
      .references(() => resellerLevels.id),
    skuId: uuid('sku_id').notNull(),
    price: integer('price').notNull(),
  },
  (t) => [primaryKey({ columns: [t.levelId, t.skuId] })],
);

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
    /** API docking (对接) access: requested by the reseller, approved or suspended by the platform. */
    apiStatus: text('api_status', { enum: apiAccessStatuses }).notNull().default('none'),
    /** An API version this account is pinned to by the admin (gray release); null: the rollout decides. */
    apiVersion: text('api_version'),
    levelId: uuid('level_id').references(() => resellerLevels.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reseller_accounts_user_key').on(t.userId),
    index('reseller_accounts_created_idx').on(t.createdAt),
  ],
);
