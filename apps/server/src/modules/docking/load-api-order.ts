import type { ApiOrder } from '@kameng/shared';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { prepared } from '../../db/prepared';
import type { Ctx } from '../../lib/ctx';
import { products, skus } from '../catalog/schema';
import { decryptKey } from '../inventory/key-crypto';
import { cardKeys } from '../inventory/schema';
import { orders } from '../orders/schema';
import { apiStatusOf } from './api-order-dto';
import { apiOrders } from './schema';

/** The associated data of a sandbox order's encrypted test delivery. */
export const sandboxDeliveryAad = (apiOrderId: string) => `api-order:${apiOrderId}`;

/** A sandbox order's test delivery, as stored (encrypted JSON). */
export interface SandboxDelivery {
  keys: string[];
  text: string | null;
}

/** An order as the API shows it, with what it is sorted and paged by. */
export interface LoadedApiOrder {
  order: ApiOrder;
  resellerId: string;
  createdAt: Date;
}

const columns = {
  a: apiOrders,
  o: {
    status: orders.status,
    orderNo: orders.orderNo,
    manualReason: orders.manualReason,
    refundedAmount: orders.refundedAmount,
    paidAt: orders.paidAt,
    deliveredAt: orders.deliveredAt,
    deliveryMode: orders.deliveryMode,
    manualDelivery: orders.manualDelivery,
  },
  skuName: skus.name,
  sharedText: skus.sharedText,
  title: products.title,
};

type Row = {
  a: typeof apiOrders.$inferSelect;
  o: {
    status: (typeof orders.$inferSelect)['status'];
    orderNo: string;
    manualReason: string | null;
    refundedAmount: number;
    paidAt: Date | null;
    deliveredAt: Date | null;
    deliveryMode: (typeof orders.$inferSelect)['deliveryMode'];
    manualDelivery: Buffer | null;
  } | null;
  skuName: string;
  sharedText: Buffer | null;
  title: string;
};

/** The API orders with their live order, SKU and product, newest first; a `where` and limit to add. */
const selectRows = (db: DbOrTx) =>
  db
    .select(columns)
    .from(apiOrders)
    .leftJoin(orders, eq(orders.id, apiOrders.orderId))
    .innerJoin(skus, eq(skus.id, apiOrders.skuId))
    .innerJoin(products, eq(products.id, skus.productId))
    .orderBy(desc(apiOrders.createdAt), desc(apiOrders.id))
    .$dynamic();

/** By our API order ids, prepared: the answer to every order the API creates, and the webhook relay's read. */
const rowsByIds = prepared('api_orders_by_ids', (db) =>
  selectRows(db).where(sql`${apiOrders.id} = ANY(${sql.placeholder('ids')}::uuid[])`),
);

const soldKeysOf = prepared('api_orders_sold_keys', (db) =>
  db
    .select({ orderId: cardKeys.orderId, skuId: cardKeys.skuId, secret: cardKeys.secret })
    .from(cardKeys)
    .where(
      and(
        sql`${cardKeys.orderId} = ANY(${sql.placeholder('orderIds')}::uuid[])`,
        eq(cardKeys.status, 'sold'),
      ),
    )
    .orderBy(asc(cardKeys.id)),
);

/**
 * API orders matching `where` (over api_orders; at most `limit`) or with these ids, newest first, in
 * the wire shape (1.0) with their delivery decrypted: live ones read their order (status, keys sold to
 * it, shared or manual text once delivered), sandbox ones their own status and test delivery. Two
 * queries at most however many orders: the rows, then the keys of the delivered live ones.
 */
export async function loadApiOrders(
  ctx: Ctx,
  which: { where: SQL | undefined; limit: number } | { ids: readonly string[] },
): Promise<LoadedApiOrder[]> {
  const rows = await loadRows(ctx, which);
  const showKeys = rows.filter((r) => r.o && deliveryVisible(r) && r.o.deliveryMode === 'card_keys');
  const keys = new Map<string, string[]>();
  if (showKeys.length) {
    const keyRows = await soldKeysOf(ctx.db, { orderIds: showKeys.map((r) => r.a.orderId!) });
    for (const k of keyRows) {
      const list = keys.get(k.orderId!) ?? [];
      list.push(decryptKey(ctx.box, k.skuId, k.secret));
      keys.set(k.orderId!, list);
    }
  }
  return rows.map((r) => ({
    order: toApiOrder(ctx, r, keys),
    resellerId: r.a.resellerId,
    createdAt: r.a.createdAt,
  }));
}

async function loadRows(ctx: Ctx, which: Parameters<typeof loadApiOrders>[1]): Promise<Row[]> {
  if (!('ids' in which)) return selectRows(ctx.db).where(which.where).limit(which.limit);
  return which.ids.length ? rowsByIds(ctx.db, { ids: which.ids }) : [];
}

/** A live order shows its delivery once delivered and while not wholly refunded. */
function deliveryVisible(r: Row): boolean {
  return !!r.o?.deliveredAt && (r.o.status === 'delivered' || r.o.status === 'partially_refunded');
}

function toApiOrder(ctx: Ctx, r: Row, keys: Map<string, string[]>): ApiOrder {
  const a = r.a;
  const base = {
    id: a.id,
    out_order_no: a.outOrderNo,
    mode: a.mode,
    sku_id: a.skuId,
    product_title: r.title,
    sku_name: r.skuName,
    quantity: a.quantity,
    amount: a.total,
    currency: a.currency,
    created_at: a.createdAt.toISOString(),
  };
  if (!r.o) {
    // Sandbox (or a live row whose order is gone, which the foreign key-less link should never see).
    const status = a.sandboxStatus ?? 'processing';
    const delivered = status === 'delivered' && a.sandboxDelivery;
    return {
      ...base,
      order_no: null,
      status,
      refunded_amount: status === 'cancelled' || status === 'refunded' ? a.total : 0,
      delivery: delivered
        ? (JSON.parse(ctx.box.decryptText(a.sandboxDelivery!, sandboxDeliveryAad(a.id))) as SandboxDelivery)
        : null,
      paid_at: a.createdAt.toISOString(),
      delivered_at: status === 'delivered' ? a.updatedAt.toISOString() : null,
    };
  }
  const o = r.o;
  let delivery: ApiOrder['delivery'] = null;
  if (deliveryVisible(r)) {
    const manual = o.manualDelivery
      ? ctx.box.decryptText(o.manualDelivery, `order-delivery:${a.orderId}`)
      : null;
    const shared =
      o.deliveryMode === 'shared_text' && r.sharedText
        ? ctx.box.decryptText(r.sharedText, `sku-text:${a.skuId}`)
        : null;
    delivery = { keys: keys.get(a.orderId!) ?? [], text: manual ?? shared };
  }
  return {
    ...base,
    order_no: o.orderNo,
    status: apiStatusOf(o.status, o.manualReason, o.deliveredAt),
    refunded_amount: o.refundedAmount,
    delivery,
    paid_at: o.paidAt?.toISOString() ?? null,
    delivered_at: o.deliveredAt?.toISOString() ?? null,
  };
}

/**
 * One API order in the wire shape (1.0), by our API order id or by the live order behind it, with its
 * delivery decrypted; null when there is none. Not scoped to an account: callers that answer an
 * integrator check the order's account (the API routes scope their reads; webhooks address the owner).
 */
export async function loadApiOrder(
  ctx: Ctx,
  ref: { apiOrderId: string } | { orderId: string },
): Promise<ApiOrder | null> {
  const [found] = await loadApiOrders(
    ctx,
    'apiOrderId' in ref ? { ids: [ref.apiOrderId] } : { where: eq(apiOrders.orderId, ref.orderId), limit: 1 },
  );
  return found?.order ?? null;
}
