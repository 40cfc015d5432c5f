import type { ApiRolloutSettings, UpdateApiRolloutBody } from '@kameng/shared';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { apiRollout } from './schema';
import { NO_ROLLOUT, type RolloutSettings } from './served-version';

/** The rollout settings (the single api_rollout row; none yet: nobody gets the next version early). */
export async function getRollout(db: DbOrTx): Promise<RolloutSettings & { updatedAt: Date | null }> {
  const [row] = await db.select().from(apiRollout).where(eq(apiRollout.id, 1));
  if (!row) return { ...NO_ROLLOUT, updatedAt: null };
  return {
    nextVersion: row.nextVersion,
    percent: row.percent,
    allowList: row.allowList,
    updatedAt: row.updatedAt,
  };
}

function dto(r: RolloutSettings & { updatedAt: Date | null }): ApiRolloutSettings {
  return {
    nextVersion: r.nextVersion as ApiRolloutSettings['nextVersion'],
    percent: r.percent,
    allowList: [...r.allowList],
    updatedAt: r.updatedAt?.toISOString() ?? null,
  };
}

/** The rollout settings for the admin console. */
export async function getRolloutSettings(ctx: Ctx): Promise<ApiRolloutSettings> {
  requireAdmin(ctx);
  return dto(await getRollout(ctx.db));
}

/** Changes the rollout (admin): the next request of every account is served accordingly. Audited with before/after. */
export async function updateRollout(ctx: Ctx, body: UpdateApiRolloutBody): Promise<ApiRolloutSettings> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    await tx.db.execute(sql`INSERT INTO api_rollout (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
    const [before] = await tx.db.select().from(apiRollout).where(eq(apiRollout.id, 1)).for('update');
    const allowList = body.allowList ? [...new Set(body.allowList)] : undefined;
    const [row] = await tx.db
      .update(apiRollout)
      .set({
        ...(body.nextVersion !== undefined ? { nextVersion: body.nextVersion } : {}),
        ...(body.percent !== undefined ? { percent: body.percent } : {}),
        ...(allowList !== undefined ? { allowList } : {}),
        updatedAt: tx.now(),
      })
      .where(eq(apiRollout.id, 1))
      .returning();
    await appendAudit(tx, {
      action: 'api.rollout.update',
      targetType: 'api_rollout',
      targetId: '1',
      data: {
        before: { nextVersion: before!.nextVersion, percent: before!.percent, allowList: before!.allowList },
        after: { nextVersion: row!.nextVersion, percent: row!.percent, allowList: row!.allowList },
      },
    });
    return dto(row!);
  });
}
