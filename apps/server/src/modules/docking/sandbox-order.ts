import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookEventType } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { enqueue } from '../../jobs/define-job';
import { emitWebhookEvent, webhookTargets } from '../webhooks/emit-webhook-event';
import { claimOutOrderNo, replayByOutNo, type ApiOrderResult, type OutOrderClaim } from './out-order-no';
import { sandboxDeliverJob } from './jobs/sandbox-deliver-job';
import { loadApiOrder, sandboxDeliveryAad, type SandboxDelivery } from './load-api-order';
import { apiOrders, apiSandboxBalances } from './schema';

/** Seconds before a sandbox order of manual goods is delivered (long enough to watch it `processing`). */
export const SANDBOX_MANUAL_DELAY_MS = 3_000;

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A test card key: `TEST-XXXX-XXXX-XXXX` — recognisably not real, never in the key pool. */
export function testKey(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]!);
  return `TEST-${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}

/** What a sandbox order delivers: test keys for card-key goods, a test text for shared-text and manual goods. */
function testDelivery(mode: string, units: number): SandboxDelivery {
  if (mode === 'card_keys') return { keys: Array.from({ length: units }, testKey), text: null };
  return { keys: [], text: `TEST delivery ${testKey()} (sandbox: not a real good)` };
}

/**
 * A sandbox order: the same catalog checks as live (SKU on sale, buyer input, quantity, the account's
 * own price — done by the caller), but it never touches live orders, stock or the ledger. In one
 * transaction: the api_orders row (out_order_no claimed as for live), the sandbox balance debited
 * atomically (`… WHERE balance >= total`, else BALANCE_INSUFFICIENT and nothing written), then card-key
 * and shared-text goods are delivered at once with generated test keys (encrypted, aad
 * `api-order:<id>`); manual goods stay `processing` and are delivered by `docking:sandbox_deliver`
 * a few seconds later, so an integrator can rehearse the callback flow. Webhook events go out as for
 * live orders (order.paid, order.delivered), in the same transaction.
 */
export async function createSandboxOrder(ctx: Ctx, c: OutOrderClaim): Promise<ApiOrderResult> {
  const { sale, quote } = c.prepared;
  const manual = sale.sku.deliveryMode === 'manual';
  const id = randomUUID();
  const delivery = manual ? undefined : testDelivery(sale.sku.deliveryMode, quote.deliveredQuantity);
  return withTx(ctx, async (tx) => {
    const claimed = await claimOutOrderNo(tx, c, {
      id,
      sandboxStatus: manual ? 'processing' : 'delivered',
      ...(delivery
        ? { sandboxDelivery: tx.box.encrypt(JSON.stringify(delivery), sandboxDeliveryAad(id)) }
        : {}),
    });
    if (!claimed) return (await replayByOutNo(tx, c.actor, c.body.out_order_no, c.requestHash))!;
    const debited = await tx.db
      .update(apiSandboxBalances)
      .set({ balance: sql`${apiSandboxBalances.balance} - ${quote.total}`, updatedAt: tx.now() })
      .where(
        and(
          eq(apiSandboxBalances.resellerId, c.actor.resellerId),
          sql`${apiSandboxBalances.balance} >= ${quote.total}`,
        ),
      )
      .returning({ balance: apiSandboxBalances.balance });
    if (!debited.length) throw new AppError('BALANCE_INSUFFICIENT', { mode: 'sandbox', total: quote.total });
    await announce(tx, c.actor.resellerId, id, [
      'order.paid',
      ...(manual ? [] : ['order.delivered' as const]),
    ]);
    if (manual) {
      await enqueue(
        tx,
        sandboxDeliverJob,
        { apiOrderId: id },
        { runAt: new Date(tx.now().getTime() + SANDBOX_MANUAL_DELAY_MS), key: `sandbox-deliver:${id}` },
      );
    }
    return { created: true, order: (await loadApiOrder(tx, { apiOrderId: id }))! };
  });
}

/**
 * Delivers a sandbox order still `processing` (the job's work): test delivery attached, status
 * delivered, `order.delivered` sent — with one conditional update, so a second run (or one after a
 * cancel) changes nothing. Returns whether it delivered.
 */
export async function deliverSandboxOrder(ctx: Ctx, apiOrderId: string): Promise<boolean> {
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ resellerId: apiOrders.resellerId, quantity: apiOrders.quantity })
      .from(apiOrders)
      .where(and(eq(apiOrders.id, apiOrderId), eq(apiOrders.mode, 'sandbox')));
    if (!row) return false;
    const delivery = testDelivery('manual', row.quantity);
    const done = await tx.db
      .update(apiOrders)
      .set({
        sandboxStatus: 'delivered',
        sandboxDelivery: tx.box.encrypt(JSON.stringify(delivery), sandboxDeliveryAad(apiOrderId)),
        updatedAt: tx.now(),
      })
      .where(and(eq(apiOrders.id, apiOrderId), eq(apiOrders.sandboxStatus, 'processing')))
      .returning({ id: apiOrders.id });
    if (!done.length) return false;
    await announce(tx, row.resellerId, apiOrderId, ['order.delivered']);
    return true;
  });
}

/**
 * Cancels a sandbox order still `processing`: status cancelled and its amount credited back to the
 * sandbox balance, in one transaction (a conditional update, so it happens once);
 * API_ORDER_NOT_CANCELLABLE once delivered or cancelled. `order.refunded` is sent, as for live.
 */
export async function cancelSandboxOrder(ctx: Ctx, apiOrderId: string, resellerId: string): Promise<void> {
  await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .update(apiOrders)
      .set({ sandboxStatus: 'cancelled', updatedAt: tx.now() })
      .where(
        and(
          eq(apiOrders.id, apiOrderId),
          eq(apiOrders.resellerId, resellerId),
          eq(apiOrders.mode, 'sandbox'),
          eq(apiOrders.sandboxStatus, 'processing'),
        ),
      )
      .returning({ total: apiOrders.total });
    if (!row) throw new AppError('API_ORDER_NOT_CANCELLABLE');
    await tx.db
      .update(apiSandboxBalances)
      .set({ balance: sql`${apiSandboxBalances.balance} + ${row.total}`, updatedAt: tx.now() })
      .where(eq(apiSandboxBalances.resellerId, resellerId));
    await announce(tx, resellerId, apiOrderId, ['order.refunded'], { refund: { amount: row.total } });
  });
}

/** Sends the sandbox order's webhook events (the live ones come from the orders outbox through the relay). */
async function announce(
  tx: Ctx,
  resellerId: string,
  apiOrderId: string,
  types: WebhookEventType[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (!types.length) return;
  const order = await loadApiOrder(tx, { apiOrderId });
  // One read of the reseller's endpoints and the order's callback URL for all the types.
  const targets = webhookTargets(tx, [apiOrderId]);
  for (const type of types) {
    await emitWebhookEvent(
      tx,
      {
        resellerId,
        mode: 'sandbox',
        type,
        subjectKey: `order:${apiOrderId}`,
        data: { order, ...extra },
        apiOrderId,
      },
      targets,
    );
  }
}
