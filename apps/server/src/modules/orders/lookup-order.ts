import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { safeEqual } from '../../lib/crypto';
import { verifyPassword } from '../accounts/password';
import { hitRateLimit } from '../ratelimit/hit-rate-limit';
import { findOrderByNo, lookupToken } from './order-access';

const IP_LIMIT = { limit: 20, windowSeconds: 600 };
const ORDER_LIMIT = { limit: 8, windowSeconds: 600 };

const normalise = (s: string) => s.trim().toLowerCase().replace(/[\s-]/g, '');

/**
 * Finds an order again by its number plus the contact or the lookup password, rate-limited per IP
 * and per order number. A missing order, a wrong contact and a wrong password all give the same
 * ORDER_NOT_FOUND, and argon2 runs in every case, so neither message nor timing tells them apart.
 */
export async function lookupOrder(
  ctx: Ctx,
  input: { orderNo: string; contact?: string | undefined; lookupPassword?: string | undefined },
): Promise<{ orderNo: string; token: string }> {
  const now = ctx.now();
  const orderNo = input.orderNo.trim().toUpperCase();
  for (const [key, rule] of [
    [`order-lookup:ip:${ctx.ip ?? '-'}`, IP_LIMIT],
    [`order-lookup:no:${orderNo.slice(0, 40)}`, ORDER_LIMIT],
  ] as const) {
    const hit = await hitRateLimit(ctx.db, key, rule.limit, rule.windowSeconds, now);
    if (!hit.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: hit.retryAfterSeconds });
  }
  const order = await findOrderByNo(ctx, orderNo);
  let ok = false;
  if (input.lookupPassword) {
    ok = await verifyPassword(order?.lookupPasswordHash ?? undefined, input.lookupPassword);
  } else {
    // Same argon2 cost as the password path (a dummy hash), whatever the outcome.
    await verifyPassword(undefined, input.contact ?? '');
    ok = !!order && !!input.contact && safeEqual(normalise(order.contact), normalise(input.contact));
  }
  if (!order || !ok) throw new AppError('ORDER_NOT_FOUND');
  return { orderNo: order.orderNo, token: lookupToken(ctx, order.id) };
}
