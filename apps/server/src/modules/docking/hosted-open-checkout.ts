import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { AppError, isAppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { checkOutboundUrl, parseOutboundUrl } from '../../lib/outbound-url';
import { createOrder } from '../orders/create-order';
import { lookupToken } from '../orders/order-access';
import { orders } from '../orders/schema';
import { contactKindOf, hostedContentHash, type HostedParams } from './hosted-params';
import { HOSTED_LINK_WINDOW_SECONDS, verifyHostedLink } from './hosted-verify-link';
import { apiNonces, apiOrders } from './schema';
import type { ApiCallIdentity } from './verify-request';

/** What opening a link leads to: the cashier of its order, or a page asking the buyer for a contact. */
export type HostedOutcome =
  { kind: 'cashier'; orderNo: string; token: string; reused: boolean } | { kind: 'ask_contact' };

/**
 * Opens a hosted checkout link (H5 跳转) for the buyer's browser: verifies it, then in one transaction
 * consumes its nonce, creates a storefront order at the retail price (the buyer pays through the shop's
 * payment channels) and an `api_orders` row of kind 'hosted' carrying the integrator's order number,
 * notify URL (webhook callbacks) and return URL. The same order (same out_order_no and content, also
 * from a link generated afresh) is reused rather than made twice, whatever its state; the same
 * out_order_no with other content is OUT_ORDER_NO_REUSED. Any failure writes nothing. `seen` gets the
 * signing credential once known (the call log).
 */
export async function openHostedCheckout(
  ctx: Ctx,
  p: HostedParams,
  seen: ApiCallIdentity = {},
): Promise<HostedOutcome> {
  const signer = await verifyHostedLink(ctx, p, seen);
  try {
    parseOutboundUrl(p.returnUrl); // the buyer's browser goes there, never our server: form only
  } catch (err) {
    if (isAppError(err)) throw new AppError('HOSTED_LINK_INVALID', { param: 'return_url' });
    throw err;
  }
  if (p.notifyUrl) await checkOutboundUrl(ctx, p.notifyUrl); // our server calls it: the SSRF guard
  const hash = hostedContentHash(p);
  const contact = p.contact ?? p.buyerContact;

  return withTx(ctx, async (tx) => {
    // Two tabs opening one link at once: the second waits and then finds the first one's order.
    await tx.db.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`hosted:${signer.resellerId}:${p.outOrderNo}`}, 0))`,
    );
    const [existing] = await tx.db
      .select({ kind: apiOrders.kind, requestHash: apiOrders.requestHash, orderId: apiOrders.orderId })
      .from(apiOrders)
      .where(
        and(
          eq(apiOrders.resellerId, signer.resellerId),
          eq(apiOrders.mode, 'live'),
          eq(apiOrders.outOrderNo, p.outOrderNo),
        ),
      );
    if (existing) {
      if (existing.kind !== 'hosted' || !existing.requestHash.equals(hash) || !existing.orderId) {
        throw new AppError('OUT_ORDER_NO_REUSED', { out_order_no: p.outOrderNo });
      }
      const [order] = await tx.db
        .select({ orderNo: orders.orderNo })
        .from(orders)
        .where(eq(orders.id, existing.orderId));
      // Only the hash of the first access token is stored: a reopened link gets a lookup token (24 h).
      return {
        kind: 'cashier',
        orderNo: order!.orderNo,
        token: lookupToken(tx, existing.orderId),
        reused: true,
      };
    }
    const [seen] = await tx.db
      .select({ nonce: apiNonces.nonce })
      .from(apiNonces)
      .where(
        and(
          eq(apiNonces.credentialId, signer.credentialId),
          eq(apiNonces.nonce, p.nonce),
          gt(apiNonces.expiresAt, tx.now()),
        ),
      );
    if (seen) throw new AppError('API_NONCE_REPLAYED');
    if (!contact) return { kind: 'ask_contact' };

    // Remembered as long as the link could still be accepted (its timestamp plus the window).
    const inserted = await tx.db
      .insert(apiNonces)
      .values({
        credentialId: signer.credentialId,
        nonce: p.nonce,
        expiresAt: new Date((p.timestamp + HOSTED_LINK_WINDOW_SECONDS) * 1000),
      })
      // An expired row not yet pruned is reused, as the API's nonce claim does.
      .onConflictDoUpdate({
        target: [apiNonces.credentialId, apiNonces.nonce],
        set: { expiresAt: sql`excluded.expires_at` },
        setWhere: lt(apiNonces.expiresAt, tx.now()),
      })
      .returning({ nonce: apiNonces.nonce });
    if (!inserted.length) throw new AppError('API_NONCE_REPLAYED');
    const { order, accessToken } = await createOrder(tx, {
      skuId: p.skuId,
      quantity: p.quantity,
      contact,
      contactKind: contactKindOf(contact),
      input: p.input,
      locale: ctx.locale,
    });
    await tx.db.insert(apiOrders).values({
      resellerId: signer.resellerId,
      credentialId: signer.credentialId,
      mode: 'live',
      kind: 'hosted',
      outOrderNo: p.outOrderNo,
      orderId: order.id,
      skuId: order.skuId,
      quantity: order.quantity,
      total: order.total,
      currency: order.currency,
      requestHash: hash,
      callbackUrl: p.notifyUrl,
      returnUrl: p.returnUrl,
    });
    return { kind: 'cashier', orderNo: order.orderNo, token: accessToken, reused: false };
  });
}
