import type { FinanceSettings, UpdateFinanceSettingsBody } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { afterCommit, requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { forgetSetting, getSetting, getSettingCached, putSetting } from '../settings/settings';

/** The defaults until an operator changes them: Asia/Shanghai, ¥10 minimum, no fee, T+1, 5 % commission. */
export const financeDefaults: FinanceSettings = {
  timezone: 'Asia/Shanghai',
  withdrawalMinimum: 1000,
  withdrawalFee: 0,
  defaultSettlementDays: 1,
  defaultCommissionBps: 500,
};

/** Platform finance settings (time zone, withdrawal rules, default terms), defaults filled in (`fresh`: not cached). */
export async function getFinanceSettings(
  db: DbOrTx,
  opts: { fresh?: boolean } = {},
): Promise<FinanceSettings> {
  const read = opts.fresh ? getSetting : getSettingCached;
  return { ...financeDefaults, ...(await read<Partial<FinanceSettings>>(db, 'finance')) };
}

/** Changes finance settings (admin), audited with the before and after values. */
export async function updateFinanceSettings(
  ctx: Ctx,
  patch: UpdateFinanceSettingsBody,
): Promise<FinanceSettings> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    await tx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('kameng:settings:finance', 0))`);
    const before = await getFinanceSettings(tx.db, { fresh: true });
    const after: FinanceSettings = {
      ...before,
      ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    };
    await putSetting(tx.db, 'finance', after);
    afterCommit(tx, () => forgetSetting('finance'));
    await appendAudit(tx, {
      action: 'finance.settings.update',
      targetType: 'settings',
      targetId: 'finance',
      data: { before, after },
    });
    return after;
  });
}
