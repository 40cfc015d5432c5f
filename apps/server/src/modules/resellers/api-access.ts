import type { ApiAccessAction, ApiAccessStatus, ApiVersion } from '@kameng/shared';
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { resellerOf } from './reseller-of';
import { resellerAccounts } from './schema';

/** API access transitions the admin may make: action → [from states, to state]. */
export const apiAccessTransitions: Record<ApiAccessAction, { from: ApiAccessStatus[]; to: ApiAccessStatus }> =
  {
    approve: { from: ['none', 'pending'], to: 'approved' },
    reject: { from: ['pending'], to: 'none' },
    suspend: { from: ['pending', 'approved'], to: 'suspended' },
    restore: { from: ['suspended'], to: 'approved' },
  };

/**
 * The reseller's API access status, its row locked to ctx's transaction (so concurrent changes that
 * depend on it run one after another); undefined when there is no such reseller.
 */
export async function lockApiAccess(ctx: Ctx, resellerId: string): Promise<ApiAccessStatus | undefined> {
  const [r] = await ctx.db
    .select({ apiStatus: resellerAccounts.apiStatus })
    .from(resellerAccounts)
    .where(eq(resellerAccounts.id, resellerId))
    .for('update');
  return r?.apiStatus;
}

/**
 * The signed-in reseller asks for API docking access: none → pending (asking again while pending or
 * once approved changes nothing; a suspended account cannot lift its own suspension: API_ACCESS_STATE).
 */
export async function requestApiAccess(ctx: Ctx): Promise<{ apiStatus: ApiAccessStatus }> {
  const resellerId = await resellerOf(ctx);
  return withTx(ctx, async (tx) => {
    const status = (await lockApiAccess(tx, resellerId))!;
    if (status === 'suspended') throw new AppError('API_ACCESS_STATE', { apiStatus: status });
    if (status !== 'none') return { apiStatus: status };
    await tx.db
      .update(resellerAccounts)
      .set({ apiStatus: 'pending' })
      .where(eq(resellerAccounts.id, resellerId));
    await appendAudit(tx, {
      action: 'reseller.api_access.request',
      targetType: 'reseller',
      targetId: resellerId,
    });
    return { apiStatus: 'pending' as const };
  });
}

/**
 * Approves, rejects, suspends or restores a reseller's API access (admin), by the transition table; a
 * move from another state is refused (API_ACCESS_STATE). A suspension applies to the next request. Audited.
 */
export async function setApiAccess(
  ctx: Ctx,
  resellerId: string,
  action: ApiAccessAction,
  note?: string,
): Promise<{ apiStatus: ApiAccessStatus }> {
  requireAdmin(ctx);
  const t = apiAccessTransitions[action];
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .update(resellerAccounts)
      .set({ apiStatus: t.to })
      .where(and(eq(resellerAccounts.id, resellerId), inArray(resellerAccounts.apiStatus, t.from)))
      .returning({ id: resellerAccounts.id });
    if (!row) {
      const [cur] = await tx.db
        .select({ apiStatus: resellerAccounts.apiStatus })
        .from(resellerAccounts)
        .where(eq(resellerAccounts.id, resellerId));
      if (!cur) throw new AppError('NOT_FOUND');
      throw new AppError('API_ACCESS_STATE', { apiStatus: cur.apiStatus, action });
    }
    await appendAudit(tx, {
      action: `reseller.api_access.${action}`,
      targetType: 'reseller',
      targetId: resellerId,
      data: { to: t.to, ...(note ? { note } : {}) },
    });
    return { apiStatus: t.to };
  });
}

/** Pins a reseller to an API version, or null to let the rollout decide (admin). Audited. */
export async function pinApiVersion(ctx: Ctx, resellerId: string, version: ApiVersion | null): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .update(resellerAccounts)
      .set({ apiVersion: version })
      .where(eq(resellerAccounts.id, resellerId))
      .returning({ id: resellerAccounts.id });
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, {
      action: 'reseller.api_version',
      targetType: 'reseller',
      targetId: resellerId,
      data: { version },
    });
  });
}
