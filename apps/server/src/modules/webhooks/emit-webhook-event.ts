import {
  API_STABLE_VERSION,
  type ApiMode,
  type ApiOrder,
  type ApiVersion,
  type WebhookEventType,
} from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
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

/** Who receives webhook events: the reseller's endpoints and an API order's own callback URL. */
export interface WebhookTargets {
  /** The enabled endpoints of the reseller in that mode subscribed to `type` (API access approved). */
  endpoints(resellerId: string, mode: ApiMode, type: string): Promise<{ id: string; url: string }[]>;
  /** The callback URL of the reseller's API order (API access approved), or null. */
  callback(apiOrderId: string, resellerId: string): Promise<string | null>;
}

/**
 * WebhookTargets reading in ctx's transaction, each reseller's endpoints once and the callback URLs of
 * `apiOrderIds` in one read: the relay makes one per batch, whose events mostly share resellers.
 */
export function webhookTargets(ctx: Ctx, apiOrderIds: string[] = []): WebhookTargets {
  const endpointsOf = new Map<string, Promise<{ id: string; url: string; eventTypes: string[] }[]>>();
  const batch = new Set(apiOrderIds);
  let preloaded: Promise<Map<string, { url: string; resellerId: string }>> | undefined;
  return {
    async endpoints(resellerId, mode, type) {
      const key = `${resellerId}:${mode}`;
      let all = endpointsOf.get(key);
      if (!all) {
        all = ctx.db
          .select({
            id: webhookEndpoints.id,
            url: webhookEndpoints.url,
            eventTypes: webhookEndpoints.eventTypes,
          })
          .from(webhookEndpoints)
          .innerJoin(resellerAccounts, eq(resellerAccounts.id, webhookEndpoints.resellerId))
          .where(
            and(
              eq(webhookEndpoints.resellerId, resellerId),
              eq(webhookEndpoints.mode, mode),
              eq(webhookEndpoints.status, 'enabled'),
              eq(resellerAccounts.apiStatus, 'approved'),
            ),
          )
          .orderBy(webhookEndpoints.createdAt)
          .execute(); // once: a query builder left as is would run again at every await
        endpointsOf.set(key, all);
      }
      return (await all).filter((e) => e.eventTypes.includes(type)).map(({ id, url }) => ({ id, url }));
    },
    async callback(apiOrderId, resellerId) {
      const urls = batch.has(apiOrderId)
        ? await (preloaded ??= callbackUrls(ctx, [...batch]))
        : await callbackUrls(ctx, [apiOrderId]);
      const found = urls.get(apiOrderId);
      return found?.resellerId === resellerId ? found.url : null;
    },
  };
}

/** The callback URLs of these API orders whose reseller's API access is approved, by API order id. */
async function callbackUrls(ctx: Ctx, apiOrderIds: string[]) {
  const rows = await ctx.db
    .select({ id: apiOrders.id, url: apiOrders.callbackUrl, resellerId: apiOrders.resellerId })
    .from(apiOrders)
    .innerJoin(resellerAccounts, eq(resellerAccounts.id, apiOrders.resellerId))
    .where(
      and(
        inArray(apiOrders.id, apiOrderIds),
        isNotNull(apiOrders.callbackUrl),
        eq(resellerAccounts.apiStatus, 'approved'),
      ),
    );
  return new Map(rows.map((r) => [r.id, { url: r.url!, resellerId: r.resellerId }]));
}

/**
 * Writes a webhook event and one delivery per target in ctx's transaction, so it is sent exactly when
 * the change it describes commits: every enabled endpoint of the reseller in that mode subscribed to
 * the type (while the reseller's API access is approved), plus the order's callback URL for order
 * events, as `find` finds them. Nothing is written when nobody would receive it. Returns the event id,
 * or null.
 */
export async function emitWebhookEvent(
  ctx: Ctx,
  input: EmitWebhookEventInput,
  find: WebhookTargets = webhookTargets(ctx),
): Promise<string | null> {
  const targets: { endpointId: string | null; url: string }[] = (
    await find.endpoints(input.resellerId, input.mode, input.type)
  ).map((e) => ({ endpointId: e.id, url: e.url }));
  const order = input.data.order as { id?: unknown } | undefined;
  const apiOrderId =
    input.apiOrderId ?? (input.type.startsWith('order.') && typeof order?.id === 'string' ? order.id : null);
  if (apiOrderId) {
    const url = await find.callback(apiOrderId, input.resellerId);
    if (url) targets.push({ endpointId: null, url });
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
