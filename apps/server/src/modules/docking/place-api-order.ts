import type { ApiOrderServed } from '@kameng/shared';
import type { Ctx } from '../../lib/ctx';
import { requireApiActor } from './api-actor';
import { servedOrder } from './api-order-dto';
import { createApiOrder } from './create-api-order';
import { idempotentWrite, type ApiWriteRequest, type StoredResponse } from './idempotency';
import type { ApiCreateOrderInput } from './out-order-no';

/**
 * POST /api/v1/orders: createApiOrder — under the request's Idempotency-Key when it carries one (the
 * first answer replayed, `replayed: true`) — answered 201 for a new order, 200 for the existing order
 * of its out_order_no, in the version served to the caller.
 */
export async function placeApiOrder(
  ctx: Ctx,
  body: ApiCreateOrderInput,
  req: ApiWriteRequest,
): Promise<StoredResponse<ApiOrderServed> & { replayed: boolean }> {
  const { version } = requireApiActor(ctx);
  return idempotentWrite(ctx, req, async (tx) => {
    const r = await createApiOrder(tx, body);
    return { status: r.created ? 201 : 200, body: servedOrder(r.order, version) };
  });
}
