import {
  BALANCE_CHANNEL_ID,
  type ApiBalance,
  type ApiMode,
  type ApiOrder,
  type WebhookEventType,
} from '@kameng/shared';
import { eq, inArray, sql } from 'drizzle-orm';
import { withTx, type Ctx } from '../../lib/ctx';
import { loadApiOrders } from '../docking/load-api-order';
import { apiOrders } from '../docking/schema';
import { events } from '../events/schema';
import { orders } from '../orders/schema';
import { getResellerBalance } from '../resellers/reseller-dto';
import { resellerAccounts } from '../resellers/schema';
import { emitWebhookEvent, webhookTargets, type EmitWebhookEventInput } from './emit-webhook-event';
import { stockChangedEvents } from './stock-events';
import { webhookListeners } from './webhook-listeners';

/** An outbox row as the relay reads it. */
interface OutboxEvent {
  id: number;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

/** Outbox event types of the orders module → the webhook event they are announced as. */
const ORDER_EVENTS: Record<string, WebhookEventType> = {
  'order.paid': 'order.paid',
  'order.delivered': 'order.delivered',
  'order.refunded': 'order.refunded', // full and partial refunds alike (`data.order.status` tells)
  'order.manual': 'order.manual_required',
};

/**
 * Catalog events every subscribed reseller hears of (a new product is news to a syncing shop too);
 * stock.changed is made per batch by stockChangedEvents.
 */
const CATALOG_EVENTS: Record<string, WebhookEventType> = {
  'product.created': 'product.updated',
  'product.updated': 'product.updated',
};

/** The outbox event the resellers module records when an admin credits a balance. */
export const RESELLER_BALANCE_EVENT = 'reseller.balance_changed';

/**
 * Moves up to `limit` outbox events into webhook events and deliveries, in one transaction with
 * marking them relayed: an event is relayed exactly once, even when a process dies half-way. One
 * relay runs at a time across processes (a transaction-scoped advisory lock; the others return 0 at
 * once), so the deliveries of one subject are written in the order of its events. Returns how many
 * outbox events were taken.
 */
export async function relayEvents(ctx: Ctx, opts: { limit?: number } = {}): Promise<number> {
  const limit = opts.limit ?? 100;
  return withTx(ctx, async (tx) => {
    const lock = await tx.db.execute<{ ok: boolean }>(
      sql`SELECT pg_try_advisory_xact_lock(hashtextextended('kameng:webhooks:relay', 0)) AS ok`,
    );
    if (!lock.rows[0]?.ok) return 0;
    const res = await tx.db.execute<{
      id: string;
      type: string;
      subject_type: string;
      subject_id: string;
      payload: Record<string, unknown>;
    }>(sql`
      SELECT id, type, subject_type, subject_id, payload FROM ${events}
      WHERE relayed_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
    if (res.rows.length === 0) return 0;
    const batch: OutboxEvent[] = res.rows.map((r) => ({
      id: Number(r.id),
      type: r.type,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      payload: r.payload,
    }));
    const api = await apiOrdersOf(tx, batch);
    const targets = webhookTargets(tx, [...api.loaded.keys()]);
    for (const ev of batch) {
      for (const out of await mapEvent(tx, ev, api)) {
        await emitWebhookEvent(tx, { ...out, sourceEventId: ev.id }, targets);
      }
    }
    for (const out of await stockChangedEvents(tx, batch)) await emitWebhookEvent(tx, out, targets);
    await tx.db
      .update(events)
      .set({ relayedAt: tx.now() })
      .where(
        inArray(
          events.id,
          batch.map((e) => e.id),
        ),
      );
    return res.rows.length;
  });
}

/** An API order as the relay needs it. */
interface ApiOrderRef {
  id: string;
  resellerId: string;
  mode: ApiMode;
}

/** The API orders behind a batch's order events: who placed them (by order id), and as the API shows them. */
interface BatchApiOrders {
  byOrder: Map<string, ApiOrderRef>;
  /** By API order id, read once per batch: an order's events in one batch carry the same state. */
  loaded: Map<string, ApiOrder>;
}

/** The API orders behind the batch's order events: two reads per batch (three with keys to show). */
async function apiOrdersOf(ctx: Ctx, batch: OutboxEvent[]): Promise<BatchApiOrders> {
  const ids = batch.filter((e) => e.subjectType === 'order' && ORDER_EVENTS[e.type]).map((e) => e.subjectId);
  if (!ids.length) return { byOrder: new Map(), loaded: new Map() };
  const rows = await ctx.db
    .select({
      orderId: apiOrders.orderId,
      id: apiOrders.id,
      resellerId: apiOrders.resellerId,
      mode: apiOrders.mode,
    })
    .from(apiOrders)
    .where(inArray(apiOrders.orderId, [...new Set(ids)]));
  const loaded = await loadApiOrders(ctx, { ids: rows.map((r) => r.id) });
  return {
    byOrder: new Map(rows.map(({ orderId, ...ref }) => [orderId!, ref])),
    loaded: new Map(loaded.map((l) => [l.order.id, l.order])),
  };
}

/** The webhook events one outbox event becomes (none for the many types no integrator hears of). */
async function mapEvent(ctx: Ctx, ev: OutboxEvent, api: BatchApiOrders): Promise<EmitWebhookEventInput[]> {
  const orderType = ORDER_EVENTS[ev.type];
  if (orderType && ev.subjectType === 'order') {
    const ref = api.byOrder.get(ev.subjectId);
    return mapOrderEvent(ctx, ev, orderType, ref && { ...ref, order: api.loaded.get(ref.id) });
  }
  const catalogType = CATALOG_EVENTS[ev.type];
  if (catalogType) return mapCatalogEvent(ctx, ev, catalogType);
  if (ev.type === RESELLER_BALANCE_EVENT && ev.subjectType === 'reseller') {
    const amount = typeof ev.payload.amount === 'number' ? ev.payload.amount : 0;
    const reason = typeof ev.payload.reason === 'string' ? ev.payload.reason : 'adjustment';
    return [await balanceEvent(ctx, ev.subjectId, { reason, amount, order: null })];
  }
  return [];
}

async function mapOrderEvent(
  ctx: Ctx,
  ev: OutboxEvent,
  type: WebhookEventType,
  api: (ApiOrderRef & { order: ApiOrder | undefined }) | undefined,
): Promise<EmitWebhookEventInput[]> {
  const out: EmitWebhookEventInput[] = [];
  if (api) {
    const order = api.order;
    if (order) {
      const data: Record<string, unknown> = { order };
      if (type === 'order.refunded' && typeof ev.payload.amount === 'number') {
        data.refund = { amount: ev.payload.amount };
      }
      if (type === 'order.manual_required' && typeof ev.payload.reason === 'string') {
        data.reason = ev.payload.reason;
      }
      out.push({
        resellerId: api.resellerId,
        mode: api.mode,
        type,
        subjectKey: `order:${api.id}`,
        data,
        apiOrderId: api.id,
      });
    }
  }
  // Balance money moves with the order: the part paid from a reseller's prepaid balance, and the
  // refund of an order paid wholly from it (refunds go back to the balance).
  const p = ev.payload;
  const fromBalance = type === 'order.paid' && typeof p.balance === 'number' ? p.balance : 0;
  const refunded = type === 'order.refunded' && typeof p.amount === 'number' ? p.amount : 0;
  if (fromBalance > 0 || refunded > 0) {
    // One read: the order's number, how it was paid, and the reseller who placed it.
    const [o] = await ctx.db
      .select({ orderNo: orders.orderNo, channel: orders.paymentChannelId, resellerId: resellerAccounts.id })
      .from(orders)
      .leftJoin(resellerAccounts, eq(resellerAccounts.userId, orders.userId))
      .where(eq(orders.id, ev.subjectId));
    const resellerId = api?.resellerId ?? o?.resellerId;
    const change =
      fromBalance > 0
        ? { reason: 'order_payment', amount: -fromBalance }
        : o?.channel === BALANCE_CHANNEL_ID
          ? { reason: 'order_refund', amount: refunded }
          : null;
    if (change && resellerId) {
      out.push(
        await balanceEvent(ctx, resellerId, {
          ...change,
          order: { id: api?.id ?? null, order_no: o?.orderNo ?? null },
        }),
      );
    }
  }
  return out;
}

/** A live balance.changed event: what changed and the balance as it is now. */
async function balanceEvent(
  ctx: Ctx,
  resellerId: string,
  change: { reason: string; amount: number; order: { id: string | null; order_no: string | null } | null },
): Promise<EmitWebhookEventInput> {
  const b = await getResellerBalance(ctx.db, resellerId);
  const balance: ApiBalance = { mode: 'live', available: b.available, held: b.pending, currency: b.currency };
  return {
    resellerId,
    mode: 'live',
    type: 'balance.changed',
    subjectKey: `balance:${resellerId}`,
    data: { balance, change },
  };
}

/** product.created / product.updated, for every approved reseller (and mode) with an endpoint subscribed. */
async function mapCatalogEvent(
  ctx: Ctx,
  ev: OutboxEvent,
  type: WebhookEventType,
): Promise<EmitWebhookEventInput[]> {
  const listeners = await webhookListeners(ctx, type);
  const p = ev.payload;
  const data = {
    product: {
      id: ev.subjectId,
      status: typeof p.status === 'string' ? p.status : null,
      sku_ids: Array.isArray(p.skuIds) ? p.skuIds : [],
      created: ev.type === 'product.created',
    },
  };
  const subjectKey = `${ev.subjectType}:${ev.subjectId}`;
  return listeners.map((l) => ({ resellerId: l.resellerId, mode: l.mode, type, subjectKey, data }));
}
