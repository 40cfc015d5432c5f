import { and, eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import type { Ctx } from '../../lib/ctx';
import { apiOrders } from './schema';

/**
 * Where the cashier / result page sends the buyer back to for an order opened through a hosted link:
 * the integrator's return_url with `out_order_no` set; null for every other order. The return is a
 * navigation, not a proof of payment: integrators trust the signed callback or query the API.
 */
export async function hostedReturnUrl(ctx: Ctx, orderId: string): Promise<string | null> {
  const [row] = await hostedOrder(ctx.db, { orderId });
  if (!row?.returnUrl) return null;
  const url = new URL(row.returnUrl);
  url.searchParams.set('out_order_no', row.outOrderNo);
  return url.toString();
}

const hostedOrder = prepared('hosted_api_order', (db) =>
  db
    .select({ returnUrl: apiOrders.returnUrl, outOrderNo: apiOrders.outOrderNo })
    .from(apiOrders)
    .where(and(eq(apiOrders.orderId, sql.placeholder('orderId')), eq(apiOrders.kind, 'hosted'))),
);
