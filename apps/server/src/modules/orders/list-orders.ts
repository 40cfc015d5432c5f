import type { ManualQueue, MerchantOrderList, MerchantOrderListQuery } from '@kameng/shared';
import { and, asc, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { tenantOf } from '../../lib/ctx';
import { likePattern } from '../catalog/like-pattern';
import { ordersWithProduct, toSummary } from './order-dto';
import { orders } from './schema';

/** The merchant's orders, newest first, filtered by status, order number / contact and date (orders.read). */
export async function listOrders(ctx: Ctx, q: MerchantOrderListQuery): Promise<MerchantOrderList> {
  const merchantId = tenantOf(ctx, 'orders.read');
  const where: SQL[] = [eq(orders.merchantId, merchantId)];
  if (q.status) where.push(eq(orders.status, q.status));
  if (q.q) {
    where.push(or(eq(orders.orderNo, q.q.toUpperCase()), ilike(orders.contact, likePattern(q.q)))!);
  }
  if (q.from) where.push(gte(orders.createdAt, new Date(q.from)));
  if (q.to) where.push(lt(orders.createdAt, new Date(q.to)));
  const cond = and(...where);
  const rows = await ordersWithProduct(ctx.db)
    .where(cond)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(cond);
  return { items: rows.map(toSummary), total: count!.n, page: q.page, pageSize: q.pageSize };
}

/** The manual queue (人工发货): paid orders waiting for a person, oldest first, with their SLA age. */
export async function listManualQueue(ctx: Ctx): Promise<ManualQueue> {
  const merchantId = tenantOf(ctx, 'orders.read');
  const rows = await ordersWithProduct(ctx.db)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.status, 'manual')))
    .orderBy(asc(orders.manualSince), asc(orders.id))
    .limit(500);
  const now = ctx.now().getTime();
  return {
    items: rows.map((r) => ({
      ...toSummary(r),
      ageSeconds: Math.max(0, Math.floor((now - (r.manualSince ?? r.createdAt).getTime()) / 1000)),
    })),
  };
}
