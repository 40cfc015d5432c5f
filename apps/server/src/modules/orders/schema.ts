import { orderStatuses } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import {
  bigserial,
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
 * Orders. The order number is random and non-sequential; the buyer reaches the order with its access
 * token (result page) or with the number plus the contact / lookup password. Prices are the server's
 * quote at creation (quotePrice); the client's price is never trusted.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderNo: text('order_no').notNull(),
    merchantId: uuid('merchant_id').notNull(),
    productId: uuid('product_id').notNull(),
    skuId: uuid('sku_id').notNull(),
    deliveryMode: text('delivery_mode', {
      enum: ['card_keys', 'shared_text', 'manual', 'upstream'],
    }).notNull(),
    status: text('status', { enum: orderStatuses }).notNull().default('pending_payment'),
    quantity: integer('quantity').notNull(),
    deliveredQuantity: integer('delivered_quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    subtotal: integer('subtotal').notNull(),
    discount: integer('discount').notNull().default(0),
    total: integer('total').notNull(),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    currency: text('currency').notNull().default('CNY'),
    couponId: uuid('coupon_id'),
    couponCode: text('coupon_code'),
    contact: text('contact').notNull(),
    contactKind: text('contact_kind', { enum: ['email', 'phone', 'qq'] }).notNull(),
    buyerInput: jsonb('buyer_input').$type<Record<string, string>>().notNull().default({}),
    locale: text('locale', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    /** argon2id of the optional lookup password. */
    lookupPasswordHash: text('lookup_password_hash'),
    /** SHA-256 of the result-page access token (the token itself is only in the buyer's URL). */
    accessTokenHash: bytea('access_token_hash').notNull(),
    buyerIp: text('buyer_ip'),
    userId: uuid('user_id'),
    paymentChannelId: text('payment_channel_id'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Manual / failed delivery: why the order waits for a person (SLA age = now − manual_since). */
    manualReason: text('manual_reason'),
    manualSince: timestamp('manual_since', { withTimezone: true }),
    /** Manual delivery content or a replacement, encrypted (aad `order-delivery:<id>`). */
    manualDelivery: bytea('manual_delivery'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_order_no_key').on(t.orderNo),
    index('orders_merchant_idx').on(t.merchantId, t.createdAt),
    index('orders_expiring_idx')
      .on(t.expiresAt)
      .where(sql`status = 'pending_payment'`),
    index('orders_manual_idx')
      .on(t.merchantId, t.manualSince)
      .where(sql`status = 'manual'`),
    index('orders_contact_idx').on(t.contact, t.createdAt),
    // Anti-hoarding counts a buyer IP's unpaid orders on every checkout.
    index('orders_unpaid_ip_idx')
      .on(t.buyerIp)
      .where(sql`status = 'pending_payment'`),
  ],
);

/** The order timeline: every transition and notable event, written in the transaction of the change. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.id)],
);
