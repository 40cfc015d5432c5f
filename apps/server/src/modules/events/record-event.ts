import type { SQL } from 'drizzle-orm';
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
  await ctx.db.execute(eventInsert(ctx, event));
}

/**
 * The statement appending an event, for a caller that sends it together with its own write in one
 * round trip (`WITH ev AS (<this>) INSERT …`): it still commits or rolls back with ctx's transaction.
 */
export function eventInsert(ctx: Ctx, event: DomainEvent): SQL {
  return ctx.db
    .insert(events)
    .values({
      type: event.type,
      merchantId: event.merchantId ?? null,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      payload: event.payload ?? {},
    })
    .getSQL();
}
