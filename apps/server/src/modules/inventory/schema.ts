import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';
import { skus } from '../catalog/schema';
import { merchants } from '../merchants/schema';

/** One import of card keys (paste or file) with its counts and the report of invalid lines. */
export const keyBatches = pgTable(
  'key_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    skuId: uuid('sku_id')
      .notNull()
      .references(() => skus.id),
    source: text('source', { enum: ['paste', 'file'] }).notNull(),
    filename: text('filename'),
    format: text('format', { enum: ['txt', 'csv'] }).notNull(),
    status: text('status', { enum: ['done', 'failed'] }).notNull(),
    totalLines: integer('total_lines').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    duplicatesInFile: integer('duplicates_in_file').notNull().default(0),
    duplicatesExisting: integer('duplicates_existing').notNull().default(0),
    invalid: integer('invalid').notNull().default(0),
    /** "line<TAB>reason" per invalid line (capped), for download. */
    invalidReport: text('invalid_report').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('key_batches_sku_idx').on(t.skuId, t.createdAt)],
);

/**
 * Card keys (卡密). The secret is AES-256-GCM under the master key (aad `key:<sku id>`); `key_hash` is an
 * HMAC of the normalised key, so duplicates are found without the database ever holding a key.
 * States: available → reserved → sold, available → void, reserved → available (release).
 */
export const cardKeys = pgTable(
  'card_keys',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    merchantId: uuid('merchant_id').notNull(),
    // No foreign keys on this bulk table: a per-row FK check doubled the cost of importing a million
    // keys (measured by bench/import-keys). The only writer, modules/inventory, checks the SKU and
    // writes the batch in the same transaction; deleteBatch removes the keys with their batch.
    skuId: uuid('sku_id').notNull(),
    batchId: uuid('batch_id').notNull(),
    status: text('status', { enum: ['available', 'reserved', 'sold', 'void'] })
      .notNull()
      .default('available'),
    secret: bytea('secret').notNull(),
    keyHash: bytea('key_hash').notNull(),
    orderId: uuid('order_id'),
    reservedAt: timestamp('reserved_at', { withTimezone: true }),
    soldAt: timestamp('sold_at', { withTimezone: true }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('card_keys_sku_hash_key').on(t.skuId, t.keyHash),
    // Allocation walks only available keys, oldest first: sold rows never slow it down.
    index('card_keys_available_idx')
      .on(t.skuId, t.id)
      .where(sql`status = 'available'`),
    // The key list (newest first, optionally by status). Deliberately not (sku_id, status, id): that
    // index would also serve allocation and the planner preferred it to the partial index above.
    index('card_keys_sku_idx').on(t.skuId, t.id),
    index('card_keys_batch_idx').on(t.batchId),
    index('card_keys_order_idx')
      .on(t.orderId)
      .where(sql`order_id IS NOT NULL`),
  ],
);

/**
 * Per-SKU key counts, updated in the same transaction as every key state change (no count(*) per view).
 * A SKU's counts are spread over up to STOCK_SLOTS rows (`slot`, chosen per database connection) and
 * read as their sum: concurrent checkouts of one hot SKU update different rows instead of queueing on one.
 */
export const skuStock = pgTable(
  'sku_stock',
  {
    skuId: uuid('sku_id')
      .notNull()
      .references(() => skus.id),
    slot: smallint('slot').notNull().default(0),
    merchantId: uuid('merchant_id').notNull(),
    available: integer('available').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    sold: integer('sold').notNull().default(0),
    void: integer('void').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.skuId, t.slot] })],
);
