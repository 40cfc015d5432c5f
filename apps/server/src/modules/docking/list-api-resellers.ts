import type { AdminApiReseller, ApiAccessStatus, ApiCredential, ApiVersion } from '@kameng/shared';
import { and, desc, eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { users } from '../accounts/schema';
import { appendAudit } from '../audit/append-audit';
import { resellerAccounts, resellerLevels } from '../resellers/schema';
import { getRollout } from './api-rollout';
import { credentialDto } from './credential-dto';
import { apiCredentials } from './schema';
import { servedVersion } from './served-version';

/** Resellers with their API access, pinned and served version, level and active key count (admin), newest first. */
export async function listApiResellers(
  ctx: Ctx,
  q: { apiStatus?: ApiAccessStatus | undefined; limit: number; id?: string },
): Promise<AdminApiReseller[]> {
  requireAdmin(ctx);
  const [rows, rollout] = await Promise.all([
    ctx.db
      .select({
        r: resellerAccounts,
        email: users.email,
        level: resellerLevels,
        active: sql<number>`(SELECT count(*)::int FROM api_credentials k WHERE k.reseller_id = ${resellerAccounts.id} AND k.status = 'active')`,
      })
      .from(resellerAccounts)
      .innerJoin(users, eq(users.id, resellerAccounts.userId))
      .leftJoin(resellerLevels, eq(resellerLevels.id, resellerAccounts.levelId))
      .where(
        and(
          q.apiStatus ? eq(resellerAccounts.apiStatus, q.apiStatus) : undefined,
          q.id ? eq(resellerAccounts.id, q.id) : undefined,
        ),
      )
      .orderBy(desc(resellerAccounts.createdAt))
      .limit(q.limit),
    getRollout(ctx.db),
  ]);
  return rows.map(({ r, email, level, active }) => ({
    id: r.id,
    name: r.name,
    email,
    status: r.status,
    apiStatus: r.apiStatus,
    apiVersion: (r.apiVersion as ApiVersion | null) ?? null,
    servedVersion: servedVersion({ id: r.id, apiVersion: r.apiVersion }, rollout),
    level: level ? { id: level.id, name: level.name, discountBps: level.discountBps } : null,
    activeCredentials: active,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** One reseller's API view (admin). */
export async function getApiReseller(ctx: Ctx, id: string): Promise<AdminApiReseller> {
  const [r] = await listApiResellers(ctx, { id, limit: 1 });
  if (!r) throw new AppError('NOT_FOUND');
  return r;
}

/** A reseller's credentials (admin; never a secret). */
export async function listResellerCredentials(ctx: Ctx, resellerId: string): Promise<ApiCredential[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select()
    .from(apiCredentials)
    .where(eq(apiCredentials.resellerId, resellerId))
    .orderBy(desc(apiCredentials.createdAt));
  return rows.map((r) => credentialDto(r, ctx.now()));
}

/** Sets a credential's rate limit per minute (admin). Applies to the next request. Audited. */
export async function setCredentialRateLimit(
  ctx: Ctx,
  id: string,
  perMinute: number,
): Promise<ApiCredential> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .update(apiCredentials)
      .set({ rateLimitPerMinute: perMinute })
      .where(eq(apiCredentials.id, id))
      .returning();
    if (!row) throw new AppError('CREDENTIAL_NOT_FOUND');
    await appendAudit(tx, {
      action: 'api.credential.rate_limit',
      targetType: 'api_credential',
      targetId: id,
      data: { resellerId: row.resellerId, rateLimitPerMinute: perMinute },
    });
    return credentialDto(row, tx.now());
  });
}
