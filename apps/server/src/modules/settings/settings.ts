import type { PlatformSettings } from '@kameng/shared';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { settings } from './schema';

/** Reads one setting's JSON value. */
export async function getSetting<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value as T | undefined;
}

/** Writes one setting (insert or replace). */
export async function putSetting(db: DbOrTx, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

const defaults: PlatformSettings = { siteName: 'Kameng 卡盟', defaultLocale: 'zh-CN' };

/** The operator-editable platform settings, with defaults for what was never set. */
export async function getPlatformSettings(db: DbOrTx): Promise<PlatformSettings> {
  return { ...defaults, ...(await getSetting<Partial<PlatformSettings>>(db, 'platform')) };
}

/** Changes platform settings (admin), audited with the before and after values. */
export async function updatePlatformSettings(
  ctx: Ctx,
  patch: Partial<PlatformSettings>,
): Promise<PlatformSettings> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('kameng:settings:platform', 0))`);
    const before = await getPlatformSettings(tx.db);
    const after = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    await putSetting(tx.db, 'platform', after);
    await appendAudit(tx, {
      action: 'settings.update',
      targetType: 'settings',
      targetId: 'platform',
      data: { before, after },
    });
    return after;
  });
}
