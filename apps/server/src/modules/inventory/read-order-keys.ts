import { and, asc, eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import type { Ctx } from '../../lib/ctx';
import { decryptKey } from './key-crypto';
import { cardKeys } from './schema';

/** A delivered key in clear text. */
export interface OrderKey {
  id: number;
  skuId: string;
  secret: string;
}

/** The decrypted keys sold to an order, for delivery (the caller has checked who may see them). */
export async function readOrderKeys(ctx: Ctx, orderId: string): Promise<OrderKey[]> {
  const rows = await soldKeys(ctx.db, { orderId });
  return rows.map((r) => ({ id: r.id, skuId: r.skuId, secret: decryptKey(ctx.box, r.skuId, r.secret) }));
}

const soldKeys = prepared('order_sold_keys', (db) =>
  db
    .select({ id: cardKeys.id, skuId: cardKeys.skuId, secret: cardKeys.secret })
    .from(cardKeys)
    .where(and(eq(cardKeys.orderId, sql.placeholder('orderId')), eq(cardKeys.status, 'sold')))
    .orderBy(asc(cardKeys.id)),
);
