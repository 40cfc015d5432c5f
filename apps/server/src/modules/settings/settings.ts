import type { PlatformSettings } from '@kameng/shared';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { afterCommit, requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { TtlCache } from '../../lib/ttl-cache';
import { appendAudit } from '../audit/append-audit';
import { settings } from './schema';

/** Reads one setting's JSON value. */
export async function getSetting<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value as T | undefined;
}

/** Settings read by `getSettingCached`, reused for 2 s: a change made by another process shows within that time. */
const cache = new TtlCache<unknown>(2000);

/**
 * One setting as committed, read from the database at most every 2 s: for the hot read paths
 * (checkout, payment, delivery), which read the same few settings on every order. Writers read with
 * `getSetting` (their transaction's own view) and change values with `putSetting`, which forgets them.
 */
export function getSettingCached<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  return cache.get(key, () => getSetting(db, key)) as Promise<T | undefined>;
}

/** Drops a setting's cached value (after it changed). */
export function forgetSetting(key: string): void {
  cache.forget(key);
}

/** Writes one setting (insert or replace); the process's cached value is forgotten. */
export async function putSetting(db: DbOrTx, key: string, value: unknown): Promise<void> {
  forgetSetting(key);
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

const defaults: PlatformSettings = { siteName: 'Kameng 卡盟', defaultLocale: 'zh-CN' };

/** The operator-editable platform settings, with defaults for what was never set (`fresh`: not cached). */
export async function getPlatformSettings(
  db: DbOrTx,
  opts: { fresh?: boolean } = {},
): Promise<PlatformSettings> {
  const read = opts.fresh ? getSetting : getSettingCached;
  return { ...defaults, ...(await read<Partial<PlatformSettings>>(db, 'platform')) };
}

/** Changes platform settings (admin), audited with the before and after values. */
export async function updatePlatformSettings(
  ctx: Ctx,
  patch: Partial<PlatformSettings>,
): Promise<PlatformSettings> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('kameng:settings:platform', 0))`);
    const before = await getPlatformSettings(tx.db, { fresh: true });
    const after = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    await putSetting(tx.db, 'platform', after);
    afterCommit(tx, () => forgetSetting('platform'));
    await appendAudit(tx, {
      action: 'settings.update',
      targetType: 'settings',
      targetId: 'platform',
      data: { before, after },
    });
    return after;
  });
}
