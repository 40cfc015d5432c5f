import { MAX_ACTIVE_CREDENTIALS, type DeveloperOverview } from '@kameng/shared';
import { and, count, eq } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { getResellerBalance } from '../resellers/reseller-dto';
import { resellerOf } from '../resellers/reseller-of';
import { resellerAccounts, resellerLevels } from '../resellers/schema';
import { getRollout } from './api-rollout';
import { getSandboxBalance } from './sandbox-top-up';
import { apiCredentials } from './schema';
import { servedVersion } from './served-version';

/** The developer console's first page: access status, level, version served, live and sandbox balances. */
export async function getDeveloperOverview(ctx: Ctx): Promise<DeveloperOverview> {
  const resellerId = await resellerOf(ctx);
  const [row] = await ctx.db
    .select({ r: resellerAccounts, level: resellerLevels })
    .from(resellerAccounts)
    .leftJoin(resellerLevels, eq(resellerLevels.id, resellerAccounts.levelId))
    .where(eq(resellerAccounts.id, resellerId));
  const r = row!.r;
  const [live, sandbox, rollout, [active]] = await Promise.all([
    getResellerBalance(ctx.db, resellerId),
    getSandboxBalance(ctx.db, resellerId),
    getRollout(ctx.db),
    ctx.db
      .select({ n: count() })
      .from(apiCredentials)
      .where(and(eq(apiCredentials.resellerId, resellerId), eq(apiCredentials.status, 'active'))),
  ]);
  return {
    reseller: { id: r.id, name: r.name, status: r.status },
    apiStatus: r.apiStatus,
    level: row!.level
      ? { id: row!.level.id, name: row!.level.name, discountBps: row!.level.discountBps }
      : null,
    servedVersion: servedVersion({ id: r.id, apiVersion: r.apiVersion }, rollout),
    balances: {
      live: { available: live.available, held: live.pending, currency: live.currency },
      sandbox: { available: sandbox, currency: 'CNY' },
    },
    credentials: { active: active?.n ?? 0, limit: MAX_ACTIVE_CREDENTIALS },
  };
}
