import type { ApiMode, WebhookEventType } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { resellerAccounts } from '../resellers/schema';
import { webhookEndpoints } from './schema';

/** Every approved reseller (and mode) with an enabled endpoint subscribed to `type`. */
export async function webhookListeners(
  ctx: Ctx,
  type: WebhookEventType,
): Promise<{ resellerId: string; mode: ApiMode }[]> {
  return ctx.db
    .selectDistinct({ resellerId: webhookEndpoints.resellerId, mode: webhookEndpoints.mode })
    .from(webhookEndpoints)
    .innerJoin(resellerAccounts, eq(resellerAccounts.id, webhookEndpoints.resellerId))
    .where(
      and(
        eq(webhookEndpoints.status, 'enabled'),
        sql`${type} = ANY(${webhookEndpoints.eventTypes})`,
        eq(resellerAccounts.apiStatus, 'approved'),
      ),
    );
}
