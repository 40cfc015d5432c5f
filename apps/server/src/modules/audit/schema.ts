import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';

/**
 * Append-only, hash-chained log of privileged actions. Each row stores the hash of the previous row
 * of its chain and its own hash over (prev_hash, canonical JSON of its fields), so editing or
 * deleting a row breaks every later link.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chain: text('chain').notNull().default('audit'),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorEmail: text('actor_email'),
    merchantId: uuid('merchant_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    requestId: text('request_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [
    index('audit_log_chain_idx').on(t.chain, t.id),
    index('audit_log_merchant_idx').on(t.merchantId, t.id),
    index('audit_log_action_idx').on(t.action, t.id),
  ],
);
