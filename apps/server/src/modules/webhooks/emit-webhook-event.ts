import {
  API_STABLE_VERSION,
  type ApiMode,
  type ApiOrder,
  type ApiVersion,
  type WebhookEventType,
} from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { servedOrder } from '../docking/api-order-dto';
import { getRollout } from '../docking/api-rollout';
import { apiOrders } from '../docking/schema';
import { servedVersion } from '../docking/served-version';
import { resellerAccounts } from '../resellers/schema';
import { sealEventData } from './event-data';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from './schema';

/** One event for one reseller and mode. */
export interface EmitWebhookEventInput {
  resellerId: string;
  mode: ApiMode;
  type: WebhookEventType;
  /** Deliveries of one subject to one target go out in order: `order:<api order id>`, `product:<id>` … */
  subjectKey: string;
  data: Record<string, unknown>;
  /**
   * The API order whose own `callback_url` also receives the event; for `order.*` events it defaults
   * to `data.order.id`.
   */
  apiOrderId?: string;
  /** The outbox event it was made from (the relay sets it). */
  sourceEventId?: number;
}

/**
 * Writes a webhook event and one delivery per target in ctx's transaction, so it is sent exactly when
 * the change it describes commits: every enabled endpoint of the reseller in that mode subscribed to
 * the type (while the reseller's API access is approved), plus the order's callback URL for order
 * events. Nothing is written when nobody would receive it. Returns the event id, or null.
 */
export async function emitWebhookEvent(ctx: Ctx, input: EmitWebhookEventInput): Promise<string | null> {
  const endpoints = await ctx.db
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url })
    .from(webhookEndpoints)
    .innerJoin(resellerAccounts, eq(resellerAccounts.id, webhookEndpoints.resellerId))
    .where(
      and(
        eq(webhookEndpoints.resellerId, input.resellerId),
        eq(webhookEndpoints.mode, input.mode),
        eq(webhookEndpoints.status, 'enabled'),
        sql`${input.type} = ANY(${webhookEndpoints.eventTypes})`,
        eq(resellerAccounts.apiStatus, 'approved'),
      ),
    )
    .orderBy(webhookEndpoints.createdAt);
  const targets: { endpointId: string | null; url: string }[] = endpoints.map((e) => ({
    endpointId: e.id,
    url: e.url,
  }));
  const order = input.data.order as { id?: unknown } | undefined;
  const apiOrderId =
    input.apiOrderId ?? (input.type.startsWith('order.') && typeof order?.id === 'string' ? order.id : null);
  if (apiOrderId) {
    const [callback] = await ctx.db
      .select({ url: apiOrders.callbackUrl })
      .from(apiOrders)
      .innerJoin(resellerAccounts, eq(resellerAccounts.id, apiOrders.resellerId))
      .where(
        and(
          eq(apiOrders.id, apiOrderId),
          eq(apiOrders.resellerId, input.resellerId),
          isNotNull(apiOrders.callbackUrl),
          eq(resellerAccounts.apiStatus, 'approved'),
        ),
      );
    if (callback?.url) targets.push({ endpointId: null, url: callback.url });
  }
  if (targets.length === 0) return null;
  return insertEvent(ctx, input, targets, true);
}

/** Writes the event and its deliveries (due now) to the given targets. */
export async function insertEvent(
  ctx: Ctx,
  input: Omit<EmitWebhookEventInput, 'type' | 'apiOrderId'> & { type: WebhookEventType | 'test.ping' },
  targets: { endpointId: string | null; url: string }[],
  retry: boolean,
): Promise<string> {
  const id = randomUUID();
  const now = ctx.now();
  const apiVersion = await accountVersion(ctx, input.resellerId);
  const order = input.data.order as ApiOrder | null | undefined;
  const data = order ? { ...input.data, order: servedOrder(order, apiVersion) } : input.data;
  await ctx.db.insert(webhookEvents).values({
    id,
    resellerId: input.resellerId,
    mode: input.mode,
    type: input.type,
    subjectKey: input.subjectKey,
    apiVersion,
    data: sealEventData(ctx.box, id, data),
    sourceEventId: input.sourceEventId ?? null,
    createdAt: now,
  });
  // One statement: the rows get their `seq` in this order.
  await ctx.db.insert(webhookDeliveries).values(
    targets.map((t) => ({
      eventId: id,
      endpointId: t.endpointId,
      url: t.url,
      subjectKey: input.subjectKey,
      retry,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
  return id;
}

/** The version served to the account now (gray release): its events carry payloads of that version. */
async function accountVersion(ctx: Ctx, resellerId: string): Promise<ApiVersion> {
  const [r] = await ctx.db
    .select({ id: resellerAccounts.id, apiVersion: resellerAccounts.apiVersion })
    .from(resellerAccounts)
    .where(eq(resellerAccounts.id, resellerId));
  return r ? servedVersion(r, await getRollout(ctx.db)) : API_STABLE_VERSION;
}
