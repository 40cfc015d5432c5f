import type { ApiOrderServed } from '@kameng/shared';
import type { Ctx } from '../../lib/ctx';
import { requireApiActor } from './api-actor';
import { servedOrder } from './api-order-dto';
import { createApiOrder } from './create-api-order';
import {
  idempotencyRequestHash,
  parseIdempotencyKey,
  withIdempotency,
  type StoredResponse,
} from './idempotency';
import type { ApiCreateOrderInput } from './out-order-no';

/** The parts of the signed request that identify it under an Idempotency-Key. */
export interface ApiWriteRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** SHA-256 (hex) of the exact body bytes, as the signature check computed it. */
  bodySha256: string;
  /** The `Idempotency-Key` header as received (checked here). */
  idempotencyKey: string | string[] | undefined;
}

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
  const actor = requireApiActor(ctx);
  const key = parseIdempotencyKey(req.idempotencyKey);
  const run = async (tx: Ctx): Promise<StoredResponse<ApiOrderServed>> => {
    const r = await createApiOrder(tx, body);
    return { status: r.created ? 201 : 200, body: servedOrder(r.order, actor.version) };
  };
  if (!key) return { ...(await run(ctx)), replayed: false };
  const requestHash = idempotencyRequestHash(req.method, req.path, req.bodySha256);
  return withIdempotency(ctx, { credentialId: actor.credentialId, key, requestHash }, run);
}
