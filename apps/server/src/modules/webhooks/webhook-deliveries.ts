import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookDeliveryPage,
  WebhookEventDetail,
} from '@kameng/shared';
import { and, asc, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { callerReseller, type WebhookCaller } from './caller-reseller';
import { dispatchDue } from './dispatch-due';
import { insertEvent } from './emit-webhook-event';
import { openEventData, redactEventData, wireEvent } from './event-data';
import { webhookAttempts, webhookDeliveries, webhookEvents } from './schema';
import { ownEndpoint } from './webhook-endpoint-dto';

const deliveryColumns = {
  d: webhookDeliveries,
  eventType: webhookEvents.type,
  mode: webhookEvents.mode,
};
type DeliveryRow = { d: typeof webhookDeliveries.$inferSelect; eventType: string; mode: 'sandbox' | 'live' };

/** The caller's deliveries (an API credential: of its mode only, with their attempts), newest first. */
export async function listWebhookDeliveries(
  ctx: Ctx,
  q: WebhookDeliveryListQuery,
): Promise<WebhookDeliveryPage> {
  const { resellerId, mode } = await callerReseller(ctx);
  const limit = q.limit;
  const where: SQL[] = [eq(webhookEvents.resellerId, resellerId)];
  if (mode) where.push(eq(webhookEvents.mode, mode));
  if (q.endpointId) where.push(eq(webhookDeliveries.endpointId, q.endpointId));
  if (q.status) where.push(eq(webhookDeliveries.status, q.status));
  if (q.eventType) where.push(eq(webhookEvents.type, q.eventType));
  if (q.cursor) where.push(lt(webhookDeliveries.seq, Number(q.cursor)));
  const rows = await ctx.db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: await withAttempts(ctx, page),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.d.seq) : null,
  };
}

/** One of the caller's deliveries (an API credential: of its mode only), or WEBHOOK_DELIVERY_NOT_FOUND. */
export async function getWebhookDelivery(ctx: Ctx, id: string): Promise<WebhookDelivery> {
  const row = await ownDelivery(ctx, await callerReseller(ctx), id);
  return (await withAttempts(ctx, [row]))[0]!;
}

async function ownDelivery(ctx: Ctx, caller: WebhookCaller, id: string): Promise<DeliveryRow> {
  const [row] = await ctx.db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.id, id),
        eq(webhookEvents.resellerId, caller.resellerId),
        caller.mode ? eq(webhookEvents.mode, caller.mode) : undefined,
      ),
    );
  if (!row) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND');
  return row;
}

async function withAttempts(ctx: Ctx, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
  const ids = rows.map((r) => r.d.id);
  const attempts = ids.length
    ? await ctx.db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, ids))
        .orderBy(asc(webhookAttempts.id))
    : [];
  const byDelivery = new Map<string, WebhookAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.deliveryId) ?? [];
    list.push({
      attempt: a.attempt,
      requestHeaders: a.requestHeaders,
      requestBody: a.requestBody,
      responseStatus: a.responseStatus,
      responseBody: a.responseBody,
      error: a.error,
      durationMs: a.durationMs,
      createdAt: a.createdAt.toISOString(),
    });
    byDelivery.set(a.deliveryId, list);
  }
  return rows.map(({ d, eventType, mode }) => ({
    id: d.id,
    eventId: d.eventId,
    eventType,
    mode,
    endpointId: d.endpointId,
    url: d.url,
    subjectKey: d.subjectKey,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
    attemptLog: byDelivery.get(d.id) ?? [],
  }));
}

/**
 * Sends a delivery's event again (also a failed or succeeded one), as a new one-shot delivery to the
 * same target: tried once, now — or, when an older delivery of the same subject to that URL is still
 * pending, right after it, to keep the order. The endpoint must be enabled (WEBHOOK_ENDPOINT_DISABLED).
 */
export async function redeliverWebhook(ctx: Ctx, id: string): Promise<WebhookDelivery> {
  const caller = await callerReseller(ctx);
  const newId = await withTx(ctx, async (tx) => {
    const { d } = await ownDelivery(tx, caller, id);
    if (d.endpointId) {
      const e = await ownEndpoint(tx, caller.resellerId, d.endpointId).catch(() => {
        throw new AppError('WEBHOOK_ENDPOINT_NOT_FOUND', { reason: 'deleted' });
      });
      if (e.status !== 'enabled') throw new AppError('WEBHOOK_ENDPOINT_DISABLED');
    }
    const now = tx.now();
    const [row] = await tx.db
      .insert(webhookDeliveries)
      .values({
        eventId: d.eventId,
        endpointId: d.endpointId,
        url: d.url,
        subjectKey: d.subjectKey,
        retry: false,
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: webhookDeliveries.id });
    return row!.id;
  });
  await dispatchDue(ctx, { deliveryId: newId, limit: 1 });
  return getWebhookDelivery(ctx, newId);
}

/** Sends a `test.ping` event to one endpoint only, at once (one attempt, no retries); returns the delivery. */
export async function sendTestWebhook(ctx: Ctx, endpointId: string): Promise<WebhookDelivery> {
  const { resellerId, mode } = await callerReseller(ctx);
  const deliveryId = await withTx(ctx, async (tx) => {
    const e = await ownEndpoint(tx, resellerId, endpointId, false, mode);
    if (e.status !== 'enabled') throw new AppError('WEBHOOK_ENDPOINT_DISABLED');
    const eventId = await insertEvent(
      tx,
      {
        resellerId,
        mode: e.mode,
        type: 'test.ping',
        subjectKey: `test:${endpointId}`,
        data: { message: 'Kameng test event / 测试事件', endpoint_id: endpointId },
      },
      [{ endpointId, url: e.url }],
      false,
    );
    const [d] = await tx.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, eventId));
    return d!.id;
  });
  await dispatchDue(ctx, { deliveryId, limit: 1 });
  return getWebhookDelivery(ctx, deliveryId);
}

/** One of the caller's events as receivers get it, delivered goods masked (WEBHOOK_EVENT_NOT_FOUND). */
export async function getWebhookEvent(ctx: Ctx, id: string): Promise<WebhookEventDetail> {
  const { resellerId, mode } = await callerReseller(ctx);
  const [ev] = await ctx.db
    .select()
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.id, id),
        eq(webhookEvents.resellerId, resellerId),
        mode ? eq(webhookEvents.mode, mode) : undefined,
      ),
    );
  if (!ev) throw new AppError('WEBHOOK_EVENT_NOT_FOUND');
  const data = redactEventData(openEventData(ctx.box, ev.id, ev.data));
  return {
    id: ev.id,
    type: ev.type,
    mode: ev.mode,
    subjectKey: ev.subjectKey,
    createdAt: ev.createdAt.toISOString(),
    payload: wireEvent(ev, data),
  };
}
