import { apiModes } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns';

/** A reseller's webhook endpoint: URL, chosen event types and its own signing secret (aad `webhook-secret:<id>`). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resellerId: uuid('reseller_id').notNull(),
    mode: text('mode', { enum: apiModes }).notNull(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: text('event_types').array().notNull(),
    secretEnc: bytea('secret_enc').notNull(),
    status: text('status', { enum: ['enabled', 'disabled'] })
      .notNull()
      .default('enabled'),
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_reseller_idx').on(t.resellerId, t.mode)],
);

/** An event for one reseller (its id is what receivers de-duplicate on). */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    resellerId: uuid('reseller_id').notNull(),
    mode: text('mode', { enum: apiModes }).notNull(),
    type: text('type').notNull(),
    /** Deliveries of one subject (`order:<id>`) to one target go out in order. */
    subjectKey: text('subject_key').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** The protocol version of the payload: the one served to the account when the event was made. */
    apiVersion: text('api_version').notNull().default('1.0'),
    /** The outbox event it came from (null for test events and sandbox events). */
    sourceEventId: bigint('source_event_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_reseller_idx').on(t.resellerId, t.mode, t.createdAt)],
);

/**
 * One event to one target (an endpoint, or an order's own callback URL). Due deliveries are claimed
 * with a lease (`locked_until`): a process that dies mid-delivery leaves it to be sent again.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * Creation order: deliveries written in one transaction share `created_at`, and a subject's
     * deliveries to one target must go out in the order they were written.
     */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => webhookEvents.id),
    endpointId: uuid('endpoint_id'),
    url: text('url').notNull(),
    subjectKey: text('subject_key').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** False for one-shot deliveries (test events, manual redeliveries): failed after one attempt. */
    retry: boolean('retry').notNull().default(true),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_subject_idx')
      .on(t.url, t.subjectKey, t.seq)
      .where(sql`status = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

/** Each HTTP attempt of a delivery: what was sent and what came back (excerpts), for the delivery log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer('attempt').notNull(),
    requestHeaders: jsonb('request_headers').$type<Record<string, string>>().notNull(),
    requestBody: text('request_body').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
