import { apiModes } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';
import { resellerAccounts } from '../resellers/schema';

/**
 * API credentials (AppKey / AppSecret). The secret is encrypted under the master key (aad
 * `api-secret:<id>`) because HMAC verification needs it in clear; it is shown once, at creation or
 * rotation. During a rotation the previous secret keeps working until `prev_secret_expires_at`.
 */
export const apiCredentials = pgTable(
  'api_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => resellerAccounts.id),
    mode: text('mode', { enum: apiModes }).notNull(),
    name: text('name').notNull(),
    appKey: text('app_key').notNull(),
    secretEnc: bytea('secret_enc').notNull(),
    prevSecretEnc: bytea('prev_secret_enc'),
    prevSecretExpiresAt: timestamp('prev_secret_expires_at', { withTimezone: true }),
    scopes: text('scopes').array().notNull(),
    /** IPs and CIDRs; empty: any address. */
    ipAllowList: text('ip_allow_list')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    status: text('status', { enum: ['active', 'revoked'] })
      .notNull()
      .default('active'),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(600),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_credentials_app_key_key').on(t.appKey),
    index('api_credentials_reseller_idx').on(t.resellerId, t.createdAt),
  ],
);

/** Nonces seen within the timestamp window: a second request with one is a replay. */
export const apiNonces = pgTable(
  'api_nonces',
  {
    credentialId: uuid('credential_id').notNull(),
    nonce: text('nonce').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.credentialId, t.nonce] }),
    index('api_nonces_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Idempotency-Key records: the first response to a key is stored (in the transaction of the write it
 * answers) and replayed for the same request; another request under the key is refused. Kept ≥ 24 h.
 */
export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    credentialId: uuid('credential_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body. */
    requestHash: bytea('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.credentialId, t.key] }),
    index('api_idempotency_expires_idx').on(t.expiresAt),
  ],
);

/** One row per API call (also refused ones): the call log and the monitoring dashboard read it. */
export const apiCalls = pgTable(
  'api_calls',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    credentialId: uuid('credential_id'),
    resellerId: uuid('reseller_id'),
    mode: text('mode', { enum: apiModes }),
    method: text('method').notNull(),
    /** The route pattern (`/api/v1/orders/:id`), not the raw URL. */
    route: text('route').notNull(),
    status: integer('status').notNull(),
    errorCode: text('error_code'),
    durationMs: real('duration_ms').notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    version: text('version'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('api_calls_reseller_idx').on(t.resellerId, t.createdAt),
    index('api_calls_credential_idx').on(t.credentialId, t.createdAt),
    index('api_calls_created_idx').on(t.createdAt),
  ],
);

/**
 * Orders placed through the API (paid from the balance) or through a hosted checkout link, with the
 * integrator's own order number. Live ones point at the real order; sandbox ones exist only here, with
 * test keys and the sandbox balance, and never touch live orders, stock or money.
 */
export const apiOrders = pgTable(
  'api_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resellerId: uuid('reseller_id').notNull(),
    credentialId: uuid('credential_id'),
    mode: text('mode', { enum: apiModes }).notNull(),
    kind: text('kind', { enum: ['balance', 'hosted'] })
      .notNull()
      .default('balance'),
    outOrderNo: text('out_order_no').notNull(),
    /** The live order (null for sandbox orders). */
    orderId: uuid('order_id'),
    skuId: uuid('sku_id').notNull(),
    quantity: integer('quantity').notNull(),
    total: integer('total').notNull(),
    currency: text('currency').notNull().default('CNY'),
    /** SHA-256 of the create request's canonical body: the same out_order_no with another body is refused. */
    requestHash: bytea('request_hash').notNull(),
    /** Sandbox orders only (live ones read the order's status). */
    sandboxStatus: text('sandbox_status', { enum: ['processing', 'delivered', 'cancelled', 'refunded'] }),
    /** Sandbox test keys, encrypted (aad `api-order:<id>`). */
    sandboxDelivery: bytea('sandbox_delivery'),
    callbackUrl: text('callback_url'),
    returnUrl: text('return_url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('api_orders_out_no_key').on(t.resellerId, t.mode, t.outOrderNo),
    uniqueIndex('api_orders_order_key')
      .on(t.orderId)
      .where(sql`order_id IS NOT NULL`),
    index('api_orders_reseller_idx').on(t.resellerId, t.mode, t.createdAt),
  ],
);

/** The sandbox balance of a reseller (test money: topped up freely in the console, never in the ledger). */
export const apiSandboxBalances = pgTable('api_sandbox_balances', {
  resellerId: uuid('reseller_id')
    .primaryKey()
    .references(() => resellerAccounts.id),
  balance: integer('balance').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Admin rollout of the next API version (灰度): a percentage of accounts plus an allow-list. */
export const apiRollout = pgTable('api_rollout', {
  id: integer('id').primaryKey().default(1),
  nextVersion: text('next_version').notNull().default('1.1'),
  percent: integer('percent').notNull().default(0),
  allowList: uuid('allow_list')
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
