import type {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@kameng/shared';
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { checkOutboundUrl } from '../../lib/outbound-url';
import { appendAudit } from '../audit/append-audit';
import { callerReseller, viaCredential } from './caller-reseller';
import { disableEndpoint, failPendingDeliveries } from './disable-endpoint';
import { newWebhookSecret, sealWebhookSecret } from './signing-secrets';
import { webhookDeliveries, webhookEndpoints } from './schema';
import { ownEndpoint, webhookEndpointDto } from './webhook-endpoint-dto';

/** Endpoints per reseller (both modes together). */
export const MAX_ENDPOINTS = 10;

/** Serialises a reseller's endpoint writes (the limit is checked and kept under it). */
async function lockReseller(ctx: Ctx, resellerId: string): Promise<void> {
  await ctx.db.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`kameng:webhook-endpoints:${resellerId}`}, 0))`,
  );
}

/** The caller's endpoints (an API credential: of its mode only), newest first. */
export async function listWebhookEndpoints(ctx: Ctx): Promise<WebhookEndpoint[]> {
  const { resellerId, mode } = await callerReseller(ctx);
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(eq(webhookEndpoints.resellerId, resellerId), mode ? eq(webhookEndpoints.mode, mode) : undefined),
    )
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(webhookEndpointDto);
}

/** One of the caller's endpoints (an API credential: of its mode only), or WEBHOOK_ENDPOINT_NOT_FOUND. */
export async function getWebhookEndpoint(ctx: Ctx, id: string): Promise<WebhookEndpoint> {
  const { resellerId, mode } = await callerReseller(ctx);
  return webhookEndpointDto(await ownEndpoint(ctx, resellerId, id, false, mode));
}

/**
 * Adds an endpoint: the URL passes the SSRF guard, at most MAX_ENDPOINTS per reseller
 * (WEBHOOK_ENDPOINT_LIMIT). Its signing secret is returned this once and stored encrypted. An API
 * credential always adds one of its own mode, whatever `body.mode` says.
 */
export async function createWebhookEndpoint(
  ctx: Ctx,
  body: CreateWebhookEndpointBody,
): Promise<WebhookEndpointWithSecret> {
  const caller = await callerReseller(ctx);
  const { resellerId } = caller;
  const mode = caller.mode ?? body.mode;
  const url = (await checkOutboundUrl(ctx, body.url)).toString();
  return withTx(ctx, async (tx) => {
    await lockReseller(tx, resellerId);
    const [n] = await tx.db
      .select({ n: count() })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.resellerId, resellerId));
    if ((n?.n ?? 0) >= MAX_ENDPOINTS) throw new AppError('WEBHOOK_ENDPOINT_LIMIT', { max: MAX_ENDPOINTS });
    const id = randomUUID();
    const secret = newWebhookSecret();
    const [row] = await tx.db
      .insert(webhookEndpoints)
      .values({
        id,
        resellerId,
        mode,
        url,
        description: body.description ?? '',
        eventTypes: body.eventTypes,
        secretEnc: sealWebhookSecret(tx.box, id, secret),
        createdAt: tx.now(),
        updatedAt: tx.now(),
      })
      .returning();
    await appendAudit(tx, {
      action: 'webhook.endpoint.create',
      targetType: 'webhook_endpoint',
      targetId: id,
      data: { url, mode, eventTypes: body.eventTypes, ...viaCredential(caller) },
    });
    return { endpoint: webhookEndpointDto(row!), secret };
  });
}

/**
 * Changes an endpoint's URL (checked again), events, description, or enables / disables it. A
 * disabled endpoint's pending deliveries fail (they can be redelivered once it is enabled again).
 */
export async function updateWebhookEndpoint(
  ctx: Ctx,
  id: string,
  body: UpdateWebhookEndpointBody,
): Promise<WebhookEndpoint> {
  const caller = await callerReseller(ctx);
  const url = body.url === undefined ? undefined : (await checkOutboundUrl(ctx, body.url)).toString();
  return withTx(ctx, async (tx) => {
    const before = await ownEndpoint(tx, caller.resellerId, id, true, caller.mode);
    const now = tx.now();
    if (body.enabled === false && before.status === 'enabled') {
      await disableEndpoint(tx, id, 'disabled_by_owner');
    }
    const enable = body.enabled === true && before.status === 'disabled';
    const [row] = await tx.db
      .update(webhookEndpoints)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(body.eventTypes ? { eventTypes: body.eventTypes } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(enable ? { status: 'enabled' as const, disabledReason: null, disabledAt: null } : {}),
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (url !== undefined && url !== before.url) {
      // What is still pending follows the endpoint to its new address (in the same order).
      await tx.db
        .update(webhookDeliveries)
        .set({ url })
        .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'pending')));
    }
    await appendAudit(tx, {
      action: 'webhook.endpoint.update',
      targetType: 'webhook_endpoint',
      targetId: id,
      data: { ...body, ...(url !== undefined ? { url } : {}), ...viaCredential(caller) },
    });
    return webhookEndpointDto(row!);
  });
}

/** Replaces an endpoint's signing secret at once (the old one stops verifying); the new one is returned once. */
export async function rollWebhookSecret(ctx: Ctx, id: string): Promise<WebhookEndpointWithSecret> {
  const caller = await callerReseller(ctx);
  return withTx(ctx, async (tx) => {
    await ownEndpoint(tx, caller.resellerId, id, true, caller.mode);
    const secret = newWebhookSecret();
    const [row] = await tx.db
      .update(webhookEndpoints)
      .set({ secretEnc: sealWebhookSecret(tx.box, id, secret), updatedAt: tx.now() })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await appendAudit(tx, {
      action: 'webhook.endpoint.roll_secret',
      targetType: 'webhook_endpoint',
      targetId: id,
      data: viaCredential(caller),
    });
    return { endpoint: webhookEndpointDto(row!), secret };
  });
}

/**
 * Deletes an endpoint. Its deliveries and their attempts stay in the delivery log (they name the URL;
 * the endpoint id then points nowhere); pending ones fail.
 */
export async function deleteWebhookEndpoint(ctx: Ctx, id: string): Promise<void> {
  const caller = await callerReseller(ctx);
  await withTx(ctx, async (tx) => {
    const e = await ownEndpoint(tx, caller.resellerId, id, true, caller.mode);
    await failPendingDeliveries(tx, id, 'endpoint_deleted');
    await tx.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await appendAudit(tx, {
      action: 'webhook.endpoint.delete',
      targetType: 'webhook_endpoint',
      targetId: id,
      data: { url: e.url, mode: e.mode, ...viaCredential(caller) },
    });
  });
}
