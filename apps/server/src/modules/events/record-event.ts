import { sql, type SQL } from 'drizzle-orm';
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
  await ctx.db.execute(eventInsert(event));
}

/**
 * The statement appending an event, for a caller that sends it together with its own write in one
 * round trip (`WITH ev AS (<this>) INSERT …`): it still commits or rolls back with ctx's transaction.
 * Plain SQL with plain values: it is on every order transition, where building it with the query builder
 * cost several times more.
 */
export function eventInsert(event: DomainEvent): SQL {
  return sql`INSERT INTO ${events} (type, merchant_id, subject_type, subject_id, payload)
    VALUES (${event.type}, ${event.merchantId ?? null}::uuid, ${event.subjectType}, ${event.subjectId},
      ${JSON.stringify(event.payload ?? {})}::jsonb)`;
}
