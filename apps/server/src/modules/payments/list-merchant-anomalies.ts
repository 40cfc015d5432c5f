import type { MerchantAnomalyList, MerchantAnomalyListQuery, PaymentAnomaly } from '@kameng/shared';
import { and, eq, inArray, isNotNull, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { ACCEPTED_ANOMALIES, incidentAnomaly, notifyAnomaly } from './list-notifies';
import { toDuplicateRefund } from './mark-duplicate-refunded';
import { merchantOrderIds, merchantOrderRefs } from './orders-port';
import { paymentAttempts, paymentIncidents, paymentNotifies } from './schema';

/** Reasons that have an anomaly type of their own; any other rejection is `notify_rejected`. */
const TYPED_REASONS = ['amount_mismatch', ...ACCEPTED_ANOMALIES];

/** Which logged notifies are anomalies of `type` (all notify anomalies without one); null: none are. */
function notifyCondition(type: MerchantAnomalyListQuery['type']): SQL | undefined | null {
  const rejected = eq(paymentNotifies.verdict, 'rejected');
  switch (type) {
    case undefined:
      return or(rejected, inArray(paymentNotifies.reason, ACCEPTED_ANOMALIES));
    case 'amount_mismatch':
      return and(rejected, eq(paymentNotifies.reason, 'amount_mismatch'));
    case 'healed_by_query':
      return eq(paymentNotifies.reason, 'healed_by_query');
    case 'paid_twice':
      return eq(paymentNotifies.reason, 'order_already_paid');
    case 'notify_rejected':
      return and(
        rejected,
        or(isNull(paymentNotifies.reason), notInArray(paymentNotifies.reason, TYPED_REASONS)),
      );
    case 'refund_failed':
      return null;
  }
}

/**
 * The payment anomalies of the merchant's own orders (orders.read), newest first, one page at a time:
 * rejected notifies naming one of their orders (amount mismatch and other reasons, raw text as stored,
 * i.e. redacted), payments healed by query, orders paid twice with the refund state of the second
 * payment (the platform refunds it) and failed channel refunds. Channel-level anomalies (a channel
 * paused, notifies naming no order) are the platform's and never listed here.
 */
export async function listMerchantAnomalies(
  ctx: Ctx,
  q: MerchantAnomalyListQuery,
): Promise<MerchantAnomalyList> {
  const merchantId = tenantOf(ctx, 'orders.read');
  const own = (orderId: typeof paymentNotifies.orderId | typeof paymentIncidents.orderId) =>
    and(isNotNull(orderId), inArray(orderId, merchantOrderIds(ctx.db, merchantId)));
  const notifyCond = notifyCondition(q.type);
  const notifyWhere = notifyCond === null ? null : and(own(paymentNotifies.orderId), notifyCond);
  const incidentWhere =
    q.type === undefined || q.type === 'refund_failed'
      ? and(own(paymentIncidents.orderId), eq(paymentIncidents.type, 'refund_failed'))
      : null;

  const notifyKeys = notifyWhere
    ? ctx.db
        .select({
          id: paymentNotifies.id,
          kind: sql<string>`'notify'`.as('kind'),
          at: sql<string>`${paymentNotifies.createdAt}`.as('at'),
        })
        .from(paymentNotifies)
        .where(notifyWhere)
    : null;
  const incidentKeys = incidentWhere
    ? ctx.db
        .select({
          id: paymentIncidents.id,
          kind: sql<string>`'incident'`.as('kind'),
          at: sql<string>`${paymentIncidents.createdAt}`.as('at'),
        })
        .from(paymentIncidents)
        .where(incidentWhere)
    : null;
  const keysQuery =
    notifyKeys && incidentKeys ? unionAll(notifyKeys, incidentKeys) : (notifyKeys ?? incidentKeys)!;
  const keys = await keysQuery
    .orderBy(sql`at desc`, sql`id desc`)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);

  const count = async (n: Promise<{ n: number }[]> | null) => (n ? (await n)[0]!.n : 0);
  const total =
    (await count(
      notifyWhere
        ? ctx.db
            .select({ n: sql<number>`count(*)::int` })
            .from(paymentNotifies)
            .where(notifyWhere)
        : null,
    )) +
    (await count(
      incidentWhere
        ? ctx.db
            .select({ n: sql<number>`count(*)::int` })
            .from(paymentIncidents)
            .where(incidentWhere)
        : null,
    ));

  const notifyIds = keys.filter((k) => k.kind === 'notify').map((k) => k.id);
  const incidentIds = keys.filter((k) => k.kind === 'incident').map((k) => k.id);
  const notifies = notifyIds.length
    ? await ctx.db.select().from(paymentNotifies).where(inArray(paymentNotifies.id, notifyIds))
    : [];
  const incidents = incidentIds.length
    ? await ctx.db.select().from(paymentIncidents).where(inArray(paymentIncidents.id, incidentIds))
    : [];
  const twiceIds = [
    ...new Set(
      notifies.filter((r) => r.reason === 'order_already_paid' && r.attemptId).map((r) => r.attemptId!),
    ),
  ];
  const attempts = twiceIds.length
    ? await ctx.db.select().from(paymentAttempts).where(inArray(paymentAttempts.id, twiceIds))
    : [];
  const duplicates = new Map(attempts.map((a) => [a.id, toDuplicateRefund(a, ctx.now())]));
  const orderIds = [
    ...new Set([...notifies, ...incidents].map((r) => r.orderId).filter((v): v is string => !!v)),
  ];
  const orderRows = await merchantOrderRefs(ctx.db, merchantId, orderIds);
  const byOrder = new Map(orderRows.map((o) => [o.id, o]));

  const byKey = new Map<string, PaymentAnomaly>();
  for (const r of notifies) {
    const duplicate = (r.attemptId && duplicates.get(r.attemptId)) || null;
    byKey.set(`notify:${r.id}`, notifyAnomaly(r, byOrder.get(r.orderId!), duplicate));
  }
  for (const r of incidents) byKey.set(`incident:${r.id}`, incidentAnomaly(r, byOrder.get(r.orderId!)));
  const items = keys.map((k) => byKey.get(`${k.kind}:${k.id}`)).filter((a): a is PaymentAnomaly => !!a);
  return { items, total, page: q.page, pageSize: q.pageSize };
}
