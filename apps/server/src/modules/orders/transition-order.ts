import type { OrderStatus } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { placeholders, preparedByColumns, preparedSql } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { afterCommit, type Ctx } from '../../lib/ctx';
import { assertTransition } from '../../lib/state-machine';
import { eventInsert, eventValues } from '../events/record-event';
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
  const res = await transitionUpdate(ctx.db, {
    ...opts.set,
    orderId: order.id,
    fromStatus: order.status,
    toStatus: to,
  });
  if (res.length !== 1) throw new AppError('ORDER_STATE', { from: order.status, to });
  await orderEvent(ctx, order, opts.event, { from: order.status, to, data: opts.data });
  afterCommit(ctx, () => signalOrder(order.id));
  order.status = to;
}

/**
 * The conditional update of a transition, one prepared statement per set of columns written with it
 * (a handful: paid, delivered, manual, refunded …). Placeholders stand for the values (drizzle encodes
 * them by column when the statement runs); the builder's types only admit values here.
 */
const keyOfTransition = new Set(['orderId', 'fromStatus', 'toStatus']);
const transitionUpdate = preparedByColumns('order_transition', (db, columns) => {
  const set: Record<string, unknown> = {
    ...placeholders(columns.filter((c) => !keyOfTransition.has(c))),
    status: sql.placeholder('toStatus'),
    updatedAt: sql`now()`,
  };
  return db
    .update(orders)
    .set(set as PgUpdateSetSource<typeof orders>)
    .where(and(eq(orders.id, sql.placeholder('orderId')), eq(orders.status, sql.placeholder('fromStatus'))))
    .returning({ id: orders.id });
});

/** Records an order event (timeline + outbox) without a status change, or for one just made. */
export async function orderEvent(
  ctx: Ctx,
  order: Pick<OrderRef, 'id' | 'merchantId'>,
  type: string,
  opts: { from?: string | null; to?: string | null; data?: Record<string, unknown> | undefined } = {},
): Promise<void> {
  const data = opts.data ?? {};
  await insertOrderEvent(ctx.db, {
    ...eventValues({
      type,
      merchantId: order.merchantId,
      subjectType: 'order',
      subjectId: order.id,
      payload: { ...data, ...(opts.to ? { status: opts.to } : {}) },
    }),
    orderId: order.id,
    from: opts.from ?? null,
    to: opts.to ?? null,
    data: JSON.stringify(data),
    at: ctx.now(),
  });
}

/** The timeline row and its outbox event (eventInsert) in one round trip. */
const insertOrderEvent = preparedSql(
  'order_event_insert',
  sql`WITH outbox AS (${eventInsert})
    INSERT INTO ${orderEvents} (order_id, type, from_status, to_status, data, created_at)
    VALUES (${sql.placeholder('orderId')}::uuid, ${sql.placeholder('type')}, ${sql.placeholder('from')},
      ${sql.placeholder('to')}, ${sql.placeholder('data')}::jsonb, ${sql.placeholder('at')}::timestamptz)`,
);
