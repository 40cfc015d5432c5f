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
  await ctx.db.insert(events).values({
    type: event.type,
    merchantId: event.merchantId ?? null,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    payload: event.payload ?? {},
  });
}
