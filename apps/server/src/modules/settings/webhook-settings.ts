import type { WebhookSettings } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { afterCommit, requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { forgetSetting, getSetting, getSettingCached, putSetting } from './settings';

/** The settings key; kept apart from `platform`, which the public /api/site route serves. */
const KEY = 'webhooks';

const defaults: WebhookSettings = { allowPrivateTargets: false };

/** The webhook settings (platform-wide), with defaults; cached 2 s unless `fresh`. */
export async function getWebhookSettings(
  db: DbOrTx,
  opts: { fresh?: boolean } = {},
): Promise<WebhookSettings> {
  const read = opts.fresh ? getSetting : getSettingCached;
  return { ...defaults, ...(await read<Partial<WebhookSettings>>(db, KEY)) };
}

/** Changes the webhook settings (admin), audited with the before and after values. */
export async function updateWebhookSettings(
  ctx: Ctx,
  patch: Partial<WebhookSettings>,
): Promise<WebhookSettings> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('kameng:settings:webhooks', 0))`);
    const before = await getWebhookSettings(tx.db, { fresh: true });
    const after = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    await putSetting(tx.db, KEY, after);
    afterCommit(tx, () => forgetSetting(KEY));
    await appendAudit(tx, {
      action: 'settings.update',
      targetType: 'settings',
      targetId: KEY,
      data: { before, after },
    });
    return after;
  });
}
