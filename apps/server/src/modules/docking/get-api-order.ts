import type { ApiOrder } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { requireApiActor } from './api-actor';
import { loadApiOrders } from './load-api-order';
import { apiOrders } from './schema';

/**
 * One of the calling account's orders in the credential's mode, by our id or by the integrator's
 * out_order_no. Another account's order, or one of the other mode, is API_ORDER_NOT_FOUND.
 */
export async function getApiOrder(ctx: Ctx, ref: { id: string } | { outOrderNo: string }): Promise<ApiOrder> {
  const actor = requireApiActor(ctx);
  const which = 'id' in ref ? eq(apiOrders.id, ref.id) : eq(apiOrders.outOrderNo, ref.outOrderNo);
  const where = and(eq(apiOrders.resellerId, actor.resellerId), eq(apiOrders.mode, actor.mode), which);
  const [found] = await loadApiOrders(ctx, { where, limit: 1 });
  if (!found) throw new AppError('API_ORDER_NOT_FOUND');
  return found.order;
}
