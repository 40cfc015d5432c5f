import { sql } from 'drizzle-orm';
import { preparedSql } from '../../db/prepared';
import type { Ctx } from '../../lib/ctx';
import { events } from './schema';

/** A domain event, recorded in ctx's transaction (commits or rolls back with the change). */
export interface DomainEvent {
  type: string;
  merchantId?: string | null;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
}

/** Appends an event to the outbox. */
export async function recordEvent(ctx: Ctx, event: DomainEvent): Promise<void> {
  await insertEvent(ctx.db, eventValues(event));
}

/**
 * The statement appending an event, its values the placeholders of `eventValues` — for a caller that
 * sends it together with its own write in one round trip (`WITH ev AS (<this>) INSERT …`): it still
 * commits or rolls back with ctx's transaction. Plain SQL, prepared: it is on every order transition.
 */
export const eventInsert = sql`INSERT INTO ${events} (type, merchant_id, subject_type, subject_id, payload)
  VALUES (${sql.placeholder('type')}, ${sql.placeholder('merchantId')}::uuid, ${sql.placeholder('subjectType')},
    ${sql.placeholder('subjectId')}, ${sql.placeholder('payload')}::jsonb)`;

/** The values of eventInsert's placeholders for `event`. */
export const eventValues = (event: DomainEvent) => ({
  type: event.type,
  merchantId: event.merchantId ?? null,
  subjectType: event.subjectType,
  subjectId: event.subjectId,
  payload: JSON.stringify(event.payload ?? {}),
});

const insertEvent = preparedSql('event_insert', eventInsert);
