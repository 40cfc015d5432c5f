import type { DuplicateRefund, NotifyLogEntry, PaymentAnomaly, PaymentMethods } from '@kameng/shared';
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { toDuplicateRefund } from './mark-duplicate-refunded';
import { getOrderForPayment } from './orders-port';
import { paymentAttempts, paymentChannels, paymentIncidents, paymentNotifies } from './schema';

type NotifyRow = typeof paymentNotifies.$inferSelect;

function toEntry(r: NotifyRow): NotifyLogEntry {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

/** The notifies (and query results) of one order, oldest first, for the merchant's order timeline. */
export async function listOrderNotifies(db: DbOrTx, orderId: string): Promise<NotifyLogEntry[]> {
  const rows = await db
    .select()
    .from(paymentNotifies)
    .where(eq(paymentNotifies.orderId, orderId))
    .orderBy(asc(paymentNotifies.createdAt))
    .limit(200);
  return rows.map(toEntry);
}

/** The notify log for the admin, newest first, filtered by channel and verdict. */
export async function listNotifies(
  ctx: Ctx,
  q: { channelId?: string; verdict?: NotifyRow['verdict']; limit: number },
): Promise<NotifyLogEntry[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select()
    .from(paymentNotifies)
    .where(
      and(
        q.channelId ? eq(paymentNotifies.channelId, q.channelId) : undefined,
        q.verdict ? eq(paymentNotifies.verdict, q.verdict) : undefined,
      ),
    )
    .orderBy(desc(paymentNotifies.createdAt))
    .limit(q.limit);
  return rows.map(toEntry);
}

/** Reasons of accepted notifies that are still anomalies (shared with the merchant's view). */
export const ACCEPTED_ANOMALIES = ['healed_by_query', 'order_already_paid'];

const anomalyType = (reason: string | null): PaymentAnomaly['type'] =>
  reason === 'healed_by_query'
    ? 'healed_by_query'
    : reason === 'amount_mismatch'
      ? 'amount_mismatch'
      : reason === 'order_already_paid'
        ? 'paid_twice'
        : 'notify_rejected';

/** The order an anomaly concerns, as the anomaly view shows it. */
export type AnomalyOrder = { orderNo: string; merchantId: string } | undefined;

/** A logged notify (rejected, healed by query, paid twice) as an anomaly. */
export function notifyAnomaly(
  r: NotifyRow,
  order: AnomalyOrder,
  duplicate: DuplicateRefund | null,
): PaymentAnomaly {
  return {
    type: anomalyType(r.reason),
    channelId: r.channelId,
    orderId: r.orderId,
    orderNo: order?.orderNo ?? null,
    merchantId: order?.merchantId ?? null,
    attemptId: r.attemptId,
    reason: r.reason,
    raw: r.raw,
    at: r.createdAt.toISOString(),
    duplicateRefund: duplicate,
    incident: null,
  };
}

/** A payment incident (channel paused, refund failed) as an anomaly. */
export function incidentAnomaly(
  r: typeof paymentIncidents.$inferSelect,
  order: AnomalyOrder,
): PaymentAnomaly {
  return {
    type: r.type,
    channelId: r.channelId,
    orderId: r.orderId,
    orderNo: order?.orderNo ?? null,
    merchantId: order?.merchantId ?? null,
    attemptId: r.attemptId,
    reason: r.error,
    raw: null,
    at: r.createdAt.toISOString(),
    duplicateRefund: null,
    incident: {
      id: r.id,
      amount: r.amount,
      pausedUntil: r.pausedUntil?.toISOString() ?? null,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
    },
  };
}

/**
 * Payment anomalies: rejected notifies (with why), payments healed by query, amount mismatches,
 * orders paid twice with the refund state of the second payment, channels paused automatically and
 * failed channel refunds (payment_incidents). Each carries the order's number when it has an order.
 */
export async function listAnomalies(ctx: Ctx, limit = 100): Promise<PaymentAnomaly[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select()
    .from(paymentNotifies)
    .where(
      or(
        eq(paymentNotifies.verdict, 'rejected'),
        and(isNotNull(paymentNotifies.reason), inArray(paymentNotifies.reason, ACCEPTED_ANOMALIES)),
      ),
    )
    .orderBy(desc(paymentNotifies.createdAt))
    .limit(limit);
  // Duplicates still owed to a buyer stay in view however old their notify is.
  const open = await ctx.db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(inArray(paymentAttempts.duplicateRefund, ['pending', 'refunding', 'manual']))
    .limit(200);
  const shown = new Set(rows.filter((r) => r.reason === 'order_already_paid').map((r) => r.attemptId));
  const missing = open.map((a) => a.id).filter((id) => !shown.has(id));
  if (missing.length) {
    const older = await ctx.db
      .select()
      .from(paymentNotifies)
      .where(
        and(inArray(paymentNotifies.attemptId, missing), eq(paymentNotifies.reason, 'order_already_paid')),
      );
    rows.push(...older);
    rows.sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime());
  }
  const twiceIds = [
    ...new Set(rows.filter((r) => r.reason === 'order_already_paid' && r.attemptId).map((r) => r.attemptId!)),
  ];
  const attempts = twiceIds.length
    ? await ctx.db.select().from(paymentAttempts).where(inArray(paymentAttempts.id, twiceIds))
    : [];
  const duplicates = new Map(attempts.map((a) => [a.id, toDuplicateRefund(a, ctx.now())]));
  const orders = new Map<string, AnomalyOrder>();
  for (const id of new Set(rows.map((r) => r.orderId).filter((v): v is string => !!v))) {
    orders.set(id, await getOrderForPayment(ctx.db, id));
  }
  const incidents = await ctx.db
    .select()
    .from(paymentIncidents)
    .orderBy(desc(paymentIncidents.createdAt))
    .limit(limit);
  for (const id of new Set(incidents.map((r) => r.orderId).filter((v): v is string => !!v))) {
    if (!orders.has(id)) orders.set(id, await getOrderForPayment(ctx.db, id));
  }
  const fromIncidents = incidents.map((r) =>
    incidentAnomaly(r, r.orderId ? orders.get(r.orderId) : undefined),
  );
  const fromNotifies = rows.map((r) =>
    notifyAnomaly(
      r,
      r.orderId ? orders.get(r.orderId) : undefined,
      (r.attemptId && duplicates.get(r.attemptId)) || null,
    ),
  );
  return [...fromNotifies, ...fromIncidents].sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
}

/**
 * The payment methods the checkout may offer: the methods of enabled channels that are not paused
 * automatically at `now`, and their amount ranges.
 */
export async function listPaymentMethods(db: DbOrTx, now = new Date()): Promise<PaymentMethods> {
  const rows = await db
    .select({
      method: paymentChannels.method,
      min: paymentChannels.minAmount,
      max: paymentChannels.maxAmount,
    })
    .from(paymentChannels)
    .where(
      and(
        eq(paymentChannels.enabled, true),
        or(isNull(paymentChannels.pausedUntil), lte(paymentChannels.pausedUntil, now)),
      ),
    );
  const by = new Map<string, { min: number | null; max: number | null }>();
  for (const r of rows) {
    const cur = by.get(r.method);
    if (!cur) by.set(r.method, { min: r.min, max: r.max });
    else {
      cur.min = cur.min === null || r.min === null ? null : Math.min(cur.min, r.min);
      cur.max = cur.max === null || r.max === null ? null : Math.max(cur.max, r.max);
    }
  }
  return {
    items: [...by.entries()].map(([method, r]) => ({ method, minAmount: r.min, maxAmount: r.max })),
  };
}
