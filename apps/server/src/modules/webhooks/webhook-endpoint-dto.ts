import type { ApiMode, WebhookEndpoint, WebhookEventType } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { webhookEndpoints } from './schema';

/** An endpoint row. */
export type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** The console shape of an endpoint (no secret). */
export function webhookEndpointDto(e: EndpointRow): WebhookEndpoint {
  return {
    id: e.id,
    mode: e.mode,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes as WebhookEventType[],
    status: e.status,
    disabledReason: e.disabledReason,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * The reseller's own endpoint (locked for update inside a transaction when `lock`; of `mode` only when
 * given: an API credential's), or WEBHOOK_ENDPOINT_NOT_FOUND.
 */
export async function ownEndpoint(
  ctx: Ctx,
  resellerId: string,
  id: string,
  lock = false,
  mode?: ApiMode,
): Promise<EndpointRow> {
  const q = ctx.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, id),
        eq(webhookEndpoints.resellerId, resellerId),
        mode ? eq(webhookEndpoints.mode, mode) : undefined,
      ),
    );
  const [e] = lock ? await q.for('update') : await q;
  if (!e) throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND');
  return e;
}
