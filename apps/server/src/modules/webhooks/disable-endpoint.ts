import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { users } from '../accounts/schema';
import { queueEmail } from '../notifications/queue-email';
import { resellerAccounts } from '../resellers/schema';
import { getPlatformSettings } from '../settings/settings';
import { renderEndpointDisabledEmail } from './render-endpoint-disabled-email';
import { webhookDeliveries, webhookEndpoints } from './schema';

/** Why an endpoint stopped receiving events. */
export type DisabledReason = 'delivery_failed' | 'disabled_by_owner';

/**
 * Fails the pending deliveries of an endpoint that no longer receives events (disabled or deleted):
 * they are not sent later when it comes back — its owner redelivers what they need from the log.
 */
export async function failPendingDeliveries(ctx: Ctx, endpointId: string, reason: string): Promise<void> {
  await ctx.db
    .update(webhookDeliveries)
    .set({ status: 'failed', lastError: reason, lockedUntil: null, finishedAt: ctx.now() })
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')));
}

/**
 * Disables an enabled endpoint in ctx's transaction and fails its pending deliveries. When the
 * dispatcher gave up on it, its owner is e-mailed (in their language) in the same transaction.
 * Returns false when it was not enabled (already disabled by someone else: nothing is done twice).
 */
export async function disableEndpoint(
  ctx: Ctx,
  endpointId: string,
  reason: DisabledReason,
  lastError = '',
): Promise<boolean> {
  const [ep] = await ctx.db
    .update(webhookEndpoints)
    .set({ status: 'disabled', disabledReason: reason, disabledAt: ctx.now(), updatedAt: sql`now()` })
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.status, 'enabled')))
    .returning();
  if (!ep) return false;
  await failPendingDeliveries(ctx, endpointId, 'endpoint_disabled');
  if (reason === 'delivery_failed') {
    const [owner] = await ctx.db
      .select({ email: users.email, locale: users.locale })
      .from(resellerAccounts)
      .innerJoin(users, eq(users.id, resellerAccounts.userId))
      .where(eq(resellerAccounts.id, ep.resellerId));
    if (owner) {
      const { siteName } = await getPlatformSettings(ctx.db);
      const message = renderEndpointDisabledEmail({
        locale: owner.locale === 'en' ? 'en' : 'zh-CN',
        url: ep.url,
        mode: ep.mode,
        lastError: lastError || 'unknown',
        siteName,
      });
      await queueEmail(ctx, {
        to: owner.email,
        subject: message.subject,
        body: { text: message.text, html: message.html },
        template: 'webhook_endpoint_disabled',
      });
    }
  }
  return true;
}
