import type { adminApiCallQuery, apiCallQuery, ApiCallEntry, ApiCallPage, ApiMode } from '@kameng/shared';
import type { z } from 'zod';
import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { resellerOf } from '../resellers/reseller-of';
import { apiCalls, apiCredentials } from './schema';

type Query = z.output<typeof apiCallQuery>;

const statusRange: Record<string, [number, number]> = {
  '2xx': [200, 300],
  '3xx': [300, 400],
  '4xx': [400, 500],
  '5xx': [500, 600],
};

async function callPage(ctx: Ctx, scope: SQL | undefined, q: Query): Promise<ApiCallPage> {
  const range = q.status ? statusRange[q.status] : undefined;
  const rows = await ctx.db
    .select({ call: apiCalls, appKey: apiCredentials.appKey })
    .from(apiCalls)
    .leftJoin(apiCredentials, eq(apiCredentials.id, apiCalls.credentialId))
    .where(
      and(
        scope,
        q.credentialId ? eq(apiCalls.credentialId, q.credentialId) : undefined,
        range ? and(gte(apiCalls.status, range[0]), lt(apiCalls.status, range[1])) : undefined,
        q.route ? eq(apiCalls.route, q.route) : undefined,
        q.errorCode ? eq(apiCalls.errorCode, q.errorCode) : undefined,
        q.from ? gte(apiCalls.createdAt, new Date(q.from)) : undefined,
        q.to ? lt(apiCalls.createdAt, new Date(q.to)) : undefined,
        q.before ? lt(apiCalls.id, q.before) : undefined,
      ),
    )
    .orderBy(desc(apiCalls.id))
    .limit(q.limit);
  const items: ApiCallEntry[] = rows.map(({ call: c, appKey }) => ({
    id: c.id,
    credentialId: c.credentialId,
    appKey,
    resellerId: c.resellerId,
    mode: c.mode as ApiMode | null,
    method: c.method,
    route: c.route,
    status: c.status,
    errorCode: c.errorCode,
    durationMs: Math.round(c.durationMs * 100) / 100,
    ip: c.ip,
    requestId: c.requestId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
  }));
  return { items, nextBefore: items.length === q.limit ? items.at(-1)!.id : null };
}

/** The signed-in reseller's API call log, newest first, with filters (refused calls of its keys included). */
export async function listOwnApiCalls(ctx: Ctx, q: Query): Promise<ApiCallPage> {
  const resellerId = await resellerOf(ctx);
  return callPage(ctx, eq(apiCalls.resellerId, resellerId), q);
}

/** Every account's API call log (admin), optionally one reseller's; calls of unknown keys included. */
export async function listAllApiCalls(ctx: Ctx, q: z.output<typeof adminApiCallQuery>): Promise<ApiCallPage> {
  requireAdmin(ctx);
  return callPage(ctx, q.resellerId ? eq(apiCalls.resellerId, q.resellerId) : undefined, q);
}
