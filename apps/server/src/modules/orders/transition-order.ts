import type { OrderStatus } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { afterCommit, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { eventInsert } from '../events/record-event';
import { signalOrder } from './order-signals';
import { orderTransitions } from './order-state';
import { orderEvents, orders } from './schema';

/** The order fields a transition needs. */
export interface OrderRef {
  id: string;
  merchantId: string;
  status: OrderStatus;
}

/**
 * Moves an order `from → to` with one conditional update (`WHERE status = from`), writing `set` with
 * it, and records the event on the timeline and in the outbox in the same transaction; once that
 * commits, buyers waiting on the order are woken. ORDER_STATE when the table forbids it or another
 * writer moved the order first.
 */
export async function transitionOrder(
  ctx: Ctx,
  order: OrderRef,
  to: OrderStatus,
  opts: { event: string; data?: Record<string, unknown>; set?: Partial<typeof orders.$inferInsert> } = {
    event: `order.${to}`,
  },
): Promise<void> {
  assertTransition(orderTransitions, order.status, to, 'ORDER_STATE');
  const res = await ctx.db
    .update(orders)
    .set({ ...opts.set, status: to, updatedAt: sql`now()` })
    .where(and(eq(orders.id, order.id), eq(orders.status, order.status)))
    .returning({ id: orders.id });
  if (res.length !== 1) throw new AppError('ORDER_STATE', { from: order.status, to });
  await orderEvent(ctx, order, opts.event, { from: order.status, to, data: opts.data });
  afterCommit(ctx, () => signalOrder(order.id));
  order.status = to;
}

/** Records an order event (timeline + outbox) without a status change, or for one just made. */
export async function orderEvent(
  ctx: Ctx,
  order: Pick<OrderRef, 'id' | 'merchantId'>,
  type: string,
  opts: { from?: string | null; to?: string | null; data?: Record<string, unknown> | undefined } = {},
): Promise<void> {
  const data = opts.data ?? {};
  const outbox = eventInsert({
    type,
    merchantId: order.merchantId,
    subjectType: 'order',
    subjectId: order.id,
    payload: { ...data, ...(opts.to ? { status: opts.to } : {}) },
  });
  // One round trip for both rows, in plain SQL with plain values (see eventInsert).
  await ctx.db.execute(sql`WITH outbox AS (${outbox})
    INSERT INTO ${orderEvents} (order_id, type, from_status, to_status, data, created_at)
    VALUES (${order.id}::uuid, ${type}, ${opts.from ?? null}, ${opts.to ?? null}, ${JSON.stringify(data)}::jsonb,
      ${ctx.now().toISOString()}::timestamptz)`);
}
