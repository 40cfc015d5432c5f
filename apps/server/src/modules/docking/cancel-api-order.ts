import type { ApiOrder } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { AppError, isAppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { cancelBalanceOrder } from '../orders/cancel-balance-order';
import { requireApiActor } from './api-actor';
import { getApiOrder } from './get-api-order';
import { cancelSandboxOrder } from './sandbox-order';
import { apiOrders } from './schema';

/**
 * Cancels one of the calling account's orders while it is not delivered. Live: an order still waiting
 * for a person (manual goods, or a delivery problem) gets its whole amount back on the balance through
 * the ledger's order refund and its reservation released; it then reads `cancelled` with
 * `refunded_amount` = amount. Sandbox: `processing` → `cancelled`, the sandbox balance credited back.
 * Delivered (or already cancelled / refunded): API_ORDER_NOT_CANCELLABLE.
 */
export async function cancelApiOrder(ctx: Ctx, id: string): Promise<ApiOrder> {
  const actor = requireApiActor(ctx);
  const [row] = await ctx.db
    .select({ orderId: apiOrders.orderId, kind: apiOrders.kind })
    .from(apiOrders)
    .where(
      and(eq(apiOrders.id, id), eq(apiOrders.resellerId, actor.resellerId), eq(apiOrders.mode, actor.mode)),
    );
  if (!row) throw new AppError('API_ORDER_NOT_FOUND');
  if (actor.mode === 'sandbox') {
    await cancelSandboxOrder(ctx, id, actor.resellerId);
  } else {
    if (!row.orderId || row.kind !== 'balance') throw new AppError('API_ORDER_NOT_CANCELLABLE');
    try {
      await cancelBalanceOrder(ctx, row.orderId, {
        via: 'api',
        apiOrderId: id,
        resellerId: actor.resellerId,
        credentialId: actor.credentialId,
      });
    } catch (err) {
      if (isAppError(err, 'ORDER_STATE')) throw new AppError('API_ORDER_NOT_CANCELLABLE', err.details);
      throw err;
    }
  }
  return getApiOrder(ctx, { id });
}
