import { createHash, randomUUID } from 'node:crypto';
import type { ApiOrder } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { PgInsertValue } from 'drizzle-orm/pg-core';
import { placeholders, prepared, preparedByColumns } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import type { Actor, Ctx } from '../../lib/ctx';
import type { PreparedOrder } from '../orders/prepare-order';
import { loadApiOrder } from './load-api-order';
import { apiOrders } from './schema';

/** POST /api/v1/orders, as validated (apiCreateOrderBody). */
export interface ApiCreateOrderInput {
  sku_id: string;
  quantity: number;
  out_order_no: string;
  input: Record<string, string>;
  contact?: string | undefined;
  callback_url?: string | undefined;
}

/** The order, and whether this call created it (false: the out_order_no's existing order, replayed). */
export interface ApiOrderResult {
  created: boolean;
  order: ApiOrder;
}

/** The API actor (see requireApiActor). */
export type ApiActor = Extract<Actor, { kind: 'api' }>;

/**
 * What identifies an order request under its out_order_no: SHA-256 over the canonical fields (input
 * keys sorted, absent optionals as null), so the same order sent with other whitespace or key order is
 * still the same request.
 */
export function orderRequestHash(body: ApiCreateOrderInput): Buffer {
  const input = Object.keys(body.input)
    .sort()
    .map((k) => [k, body.input[k]]);
  const canonical = JSON.stringify([
    body.sku_id,
    body.quantity,
    input,
    body.contact ?? null,
    body.callback_url ?? null,
  ]);
  return createHash('sha256').update(canonical).digest();
}

/** What claiming an out_order_no needs. */
export interface OutOrderClaim {
  actor: ApiActor;
  body: ApiCreateOrderInput;
  prepared: PreparedOrder;
  requestHash: Buffer;
  callbackUrl: string | null;
}

/**
 * Inserts the api_orders row for the claim (`INSERT … ON CONFLICT DO NOTHING`): a concurrent request
 * with the same out_order_no waits here until the first commits and then gets null (replay it).
 * Returns the new row's id.
 */
export async function claimOutOrderNo(
  tx: Ctx,
  c: OutOrderClaim,
  extra: {
    orderId?: string;
    sandboxStatus?: 'processing' | 'delivered';
    sandboxDelivery?: Buffer;
    id?: string;
  },
): Promise<string | null> {
  const now = tx.now();
  const rows = await insertApiOrder(tx.db, {
    id: extra.id ?? randomUUID(),
    resellerId: c.actor.resellerId,
    credentialId: c.actor.credentialId,
    mode: c.actor.mode,
    kind: 'balance',
    outOrderNo: c.body.out_order_no,
    orderId: extra.orderId ?? null,
    skuId: c.prepared.sale.sku.id,
    quantity: c.prepared.quote.quantity,
    total: c.prepared.quote.total,
    requestHash: c.requestHash,
    sandboxStatus: extra.sandboxStatus ?? null,
    sandboxDelivery: extra.sandboxDelivery ?? null,
    callbackUrl: c.callbackUrl,
    createdAt: now,
    updatedAt: now,
  });
  return rows[0]?.id ?? null;
}

/** Inserts an API order unless its account already has the out_order_no in that mode; its id, if inserted. */
const insertApiOrder = preparedByColumns<{ id: string }[], typeof apiOrders.$inferInsert>(
  'api_order_insert',
  (db, columns) =>
    db
      .insert(apiOrders)
      .values(placeholders(columns) as PgInsertValue<typeof apiOrders>)
      .onConflictDoNothing({ target: [apiOrders.resellerId, apiOrders.mode, apiOrders.outOrderNo] })
      .returning({ id: apiOrders.id }),
);

/**
 * The account's existing order under `outOrderNo` in the actor's mode: answered when the request is
 * the same, OUT_ORDER_NO_REUSED when it is not; null when there is none.
 */
export async function replayByOutNo(
  ctx: Ctx,
  actor: ApiActor,
  outOrderNo: string,
  requestHash: Buffer,
): Promise<ApiOrderResult | null> {
  const [row] = await byOutOrderNo(ctx.db, { resellerId: actor.resellerId, mode: actor.mode, outOrderNo });
  if (!row) return null;
  if (!row.requestHash.equals(requestHash)) throw new AppError('OUT_ORDER_NO_REUSED');
  const order = await loadApiOrder(ctx, { apiOrderId: row.id });
  if (!order) throw new AppError('API_ORDER_NOT_FOUND');
  return { created: false, order };
}

const byOutOrderNo = prepared('api_order_by_out_order_no', (db) =>
  db
    .select({ id: apiOrders.id, requestHash: apiOrders.requestHash })
    .from(apiOrders)
    .where(
      and(
        eq(apiOrders.resellerId, sql.placeholder('resellerId')),
        eq(apiOrders.mode, sql.placeholder('mode')),
        eq(apiOrders.outOrderNo, sql.placeholder('outOrderNo')),
      ),
    ),
);
