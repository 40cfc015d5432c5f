import type { InputField, PricingRules } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
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
import { merchants } from '../merchants/schema';
import { uploads } from '../uploads/schema';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** A merchant's category tree (any depth): parent link, order among siblings, visibility. */
export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    parentId: uuid('parent_id').references((): AnyPgColumn => categories.id),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    visible: boolean('visible').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('categories_merchant_parent_idx').on(t.merchantId, t.parentId, t.sort)],
);

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    categoryId: uuid('category_id').references(() => categories.id),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    /** Markdown as written, and the sanitised HTML rendered from it at save time. */
    descriptionMd: text('description_md').notNull().default(''),
    descriptionHtml: text('description_html').notNull().default(''),
    usageGuide: text('usage_guide').notNull().default(''),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status', { enum: ['draft', 'on_sale', 'off_sale'] })
      .notNull()
      .default('draft'),
    featured: boolean('featured').notNull().default(false),
    minQty: integer('min_qty').notNull().default(1),
    maxQty: integer('max_qty'),
    perBuyerLimit: integer('per_buyer_limit'),
    inputFields: jsonb('input_fields').$type<InputField[]>().notNull().default([]),
    coverUploadId: uuid('cover_upload_id').references(() => uploads.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('products_merchant_slug_key').on(t.merchantId, t.slug),
    index('products_merchant_status_idx').on(t.merchantId, t.status, t.updatedAt),
    index('products_category_idx').on(t.categoryId),
    index('products_on_sale_idx')
      .on(t.featured, t.updatedAt)
      .where(sql`status = 'on_sale'`),
  ],
);

/** A variant of a product (e.g. the 10元 / 50元 / 100元 card) with its own price, delivery and stock. */
export const skus = pgTable(
  'skus',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    /** Denormalised owner, so every SKU query can be tenant-scoped without a join. */
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    name: text('name').notNull(),
    price: integer('price').notNull(),
    originalPrice: integer('original_price'),
    deliveryMode: text('delivery_mode', {
      enum: ['card_keys', 'shared_text', 'manual', 'upstream'],
    }).notNull(),
    /** shared_text: the text every buyer receives, encrypted (aad `sku-text:<id>`). */
    sharedText: bytea('shared_text'),
    /** manual: units that may still be sold (虚拟库存上限); decremented as orders reserve. */
    manualStockCap: integer('manual_stock_cap'),
    lowStockThreshold: integer('low_stock_threshold'),
    pricing: jsonb('pricing').$type<PricingRules>().notNull(),
    sort: integer('sort').notNull().default(0),
    /** Place in the editor's list (ties of `sort` keep the order the merchant entered). */
    position: integer('position').notNull().default(0),
    /** Archived SKUs keep their keys and order history but are no longer sold. */
    archived: boolean('archived').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('skus_product_idx').on(t.productId, t.sort), index('skus_merchant_idx').on(t.merchantId)],
);

export const coupons = pgTable(
  'coupons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    merchantId: uuid('merchant_id')
      .notNull()
      .references(() => merchants.id),
    code: text('code').notNull(),
    kind: text('kind', { enum: ['percent', 'fixed'] }).notNull(),
    value: integer('value').notNull(),
    scope: text('scope', { enum: ['all', 'category', 'product', 'sku'] }).notNull(),
    scopeId: uuid('scope_id'),
    minSpend: integer('min_spend').notNull().default(0),
    totalLimit: integer('total_limit'),
    perBuyerLimit: integer('per_buyer_limit'),
    usedCount: integer('used_count').notNull().default(0),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('coupons_merchant_code_key').on(t.merchantId, t.code)],
);
