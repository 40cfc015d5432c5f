import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { checkOutboundUrl } from '../../lib/outbound-url';
import { users } from '../accounts/schema';
import { checkContact } from '../orders/check-buyer-input';
import { createBalanceOrder } from '../orders/create-balance-order';
import { loadSaleSku, prepareOrder } from '../orders/prepare-order';
import { resellerPrices } from '../resellers/reseller-price';
import { requireApiActor } from './api-actor';
import { loadApiOrder } from './load-api-order';
import { createSandboxOrder } from './sandbox-order';
import {
  claimOutOrderNo,
  orderRequestHash,
  replayByOutNo,
  type ApiCreateOrderInput,
  type ApiOrderResult,
} from './out-order-no';

/**
 * Places an order for the calling account, paid from its balance, in the credential's mode.
 *
 * Idempotent by out_order_no (unique per account and mode): the same number with the same request
 * answers the existing order (`created: false`), with another request OUT_ORDER_NO_REUSED. Races on
 * one number queue on the api_orders row, claimed first in the transaction.
 *
 * Live: one transaction holds the api_orders row, the order (the account's own price through
 * quotePrice, buyer input and quantity checked), its stock reserved and the payment from the ledger
 * balance (markOrderPaid): card keys and shared text are delivered in it, manual goods answer
 * `processing`. BALANCE_INSUFFICIENT or INSUFFICIENT_STOCK roll it all back.
 * Sandbox: see createSandboxOrder — the same catalog checks, test money and test keys only.
 */
export async function createApiOrder(ctx: Ctx, body: ApiCreateOrderInput): Promise<ApiOrderResult> {
  const actor = requireApiActor(ctx);
  const requestHash = orderRequestHash(body);
  const existing = await replayByOutNo(ctx, actor, body.out_order_no, requestHash);
  if (existing) return existing;
  const callbackUrl = body.callback_url ? (await checkOutboundUrl(ctx, body.callback_url)).toString() : null;
  const sale = await loadSaleSku(ctx.db, body.sku_id);
  const own = await resellerPrices(ctx.db, actor.resellerId, [sale.sku]);
  const prepared = prepareOrder(sale, {
    quantity: body.quantity,
    input: body.input,
    now: ctx.now(),
    basePrice: own.get(sale.sku.id)!,
  });
  const claim = { actor, body, prepared, requestHash, callbackUrl };
  if (actor.mode === 'sandbox') return createSandboxOrder(ctx, claim);
  const contact = body.contact ? checkContact('email', body.contact) : await accountEmail(ctx, actor.userId);
  return withTx(ctx, async (tx) => {
    const orderId = randomUUID();
    const claimed = await claimOutOrderNo(tx, claim, { orderId });
    if (!claimed) return (await replayByOutNo(tx, actor, body.out_order_no, requestHash))!;
    await createBalanceOrder(tx, {
      orderId,
      prepared,
      contact,
      locale: tx.locale,
      userId: actor.userId,
      resellerId: actor.resellerId,
    });
    return { created: true, order: (await loadApiOrder(tx, { apiOrderId: claimed }))! };
  });
}

/** The account owner's e-mail: where delivery mails go when the request names no contact. */
async function accountEmail(ctx: Ctx, userId: string): Promise<string> {
  const [u] = await ctx.db
    .select({ email: sql<string>`lower(${users.email})` })
    .from(users)
    .where(eq(users.id, userId));
  if (!u) throw new AppError('AUTH_REQUIRED');
  return u.email;
}
