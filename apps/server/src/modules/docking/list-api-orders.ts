import type { ApiOrder, ApiOrderListQuery, ApiOrderStatus } from '@kameng/shared';
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { orders } from '../orders/schema';
import { requireApiActor } from './api-actor';
import { loadApiOrders } from './load-api-order';
import { apiOrders } from './schema';

/**
 * The calling account's orders in the credential's mode, newest first, filtered by API status,
 * out_order_no and a created range (`created_from` inclusive, `created_to` exclusive). Cursor paging:
 * the cursor names the last order seen, so pages stay exact while new orders arrive.
 */
export async function listApiOrders(
  ctx: Ctx,
  q: ApiOrderListQuery,
): Promise<{ data: ApiOrder[]; has_more: boolean; next_cursor: string | null }> {
  const actor = requireApiActor(ctx);
  const where: (SQL | undefined)[] = [
    eq(apiOrders.resellerId, actor.resellerId),
    eq(apiOrders.mode, actor.mode),
  ];
  if (q.status)
    where.push(
      actor.mode === 'sandbox' ? sql`${apiOrders.sandboxStatus} = ${q.status}` : liveStatus(q.status),
    );
  if (q.out_order_no) where.push(eq(apiOrders.outOrderNo, q.out_order_no));
  if (q.created_from) where.push(gte(apiOrders.createdAt, new Date(q.created_from)));
  if (q.created_to) where.push(lt(apiOrders.createdAt, new Date(q.created_to)));
  if (q.cursor) {
    const id = decodeCursor(q.cursor);
    // Compared with the row itself, not a rounded timestamp: exact however precise created_at is.
    where.push(
      sql`(${apiOrders.createdAt}, ${apiOrders.id}) < (SELECT created_at, id FROM api_orders WHERE id = ${id})`,
    );
  }
  const rows = await loadApiOrders(ctx, { where: and(...where), limit: q.limit + 1 });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    data: page.map((r) => r.order),
    has_more: more,
    next_cursor: more ? Buffer.from(page[page.length - 1]!.order.id).toString('base64url') : null,
  };
}

/** The order statuses an API status stands for (the inverse of apiStatusOf). */
function liveStatus(status: ApiOrderStatus): SQL {
  const s = orders.status;
  switch (status) {
    case 'pending_payment':
      return sql`${s} = 'pending_payment'`;
    case 'processing':
      return sql`(${s} = 'paid' OR (${s} = 'manual' AND ${orders.manualReason} = 'manual_sku'))`;
    case 'manual':
      return sql`(${s} = 'delivery_failed' OR (${s} = 'manual' AND ${orders.manualReason} IS DISTINCT FROM 'manual_sku'))`;
    case 'delivered':
      return sql`${s} = 'delivered'`;
    case 'cancelled':
      return sql`(${s} IN ('expired', 'cancelled') OR (${s} = 'refunded' AND ${orders.deliveredAt} IS NULL))`;
    case 'refunded':
      return sql`(${s} = 'refunded' AND ${orders.deliveredAt} IS NOT NULL)`;
    case 'partially_refunded':
      return sql`${s} = 'partially_refunded'`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!UUID.test(id)) throw new AppError('VALIDATION_FAILED', { field: 'cursor' });
  return id;
}
