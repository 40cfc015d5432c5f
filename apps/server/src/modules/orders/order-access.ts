import { eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { safeEqual, sha256 } from '../../lib/crypto';
import type { OrderRow } from './create-order';
import { orders } from './schema';

/** How long a token issued by order lookup opens the order. */
export const LOOKUP_TOKEN_TTL_MS = 24 * 3600_000;

/**
 * A lookup token: `<expiry ms>.<MAC over the order id and expiry>`. Stateless, so lookup does not
 * replace the buyer's original access token (of which only the hash is stored).
 */
export function lookupToken(ctx: Ctx, orderId: string): string {
  const exp = ctx.now().getTime() + LOOKUP_TOKEN_TTL_MS;
  return `${exp}.${ctx.box.mac(`${orderId}:${exp}`, 'order-lookup').toString('base64url')}`;
}

/** Whether `token` opens `order`: its access token (hash compared) or a live lookup token. */
export function tokenOpens(
  ctx: Ctx,
  order: Pick<OrderRow, 'id' | 'accessTokenHash'>,
  token: string | undefined,
): boolean {
  if (!token) return false;
  const dot = token.indexOf('.');
  if (dot > 0) {
    const exp = Number(token.slice(0, dot));
    if (!Number.isSafeInteger(exp) || exp <= ctx.now().getTime()) return false;
    const mac = ctx.box.mac(`${order.id}:${exp}`, 'order-lookup').toString('base64url');
    return safeEqual(mac, token.slice(dot + 1));
  }
  return safeEqual(sha256(token).toString('hex'), order.accessTokenHash.toString('hex'));
}

/** The order with this number, or ORDER_NOT_FOUND. */
export async function findOrderByNo(ctx: Ctx, orderNo: string): Promise<OrderRow | undefined> {
  const [order] = await orderByNo(ctx.db, { orderNo: orderNo.trim().toUpperCase() });
  return order;
}

const orderByNo = prepared('order_by_no', (db) =>
  db
    .select()
    .from(orders)
    .where(eq(orders.orderNo, sql.placeholder('orderNo'))),
);

/** The order with this number opened by `token`, else ORDER_NOT_FOUND (never which of the two failed). */
export async function openOrder(ctx: Ctx, orderNo: string, token: string | undefined): Promise<OrderRow> {
  const order = await findOrderByNo(ctx, orderNo);
  if (!order || !tokenOpens(ctx, order, token)) throw new AppError('ORDER_NOT_FOUND');
  return order;
}
