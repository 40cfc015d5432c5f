import type { ApiBalance, ApiPing, ApiStatementPage, ApiStatementQuery } from '@kameng/shared';
import { and, desc, eq, gte, lt, or, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { accountStatement } from '../finance/account-statement';
import { getResellerBalance, resellerBalanceSpec } from '../resellers/reseller-dto';
import { resellerAccounts, resellerLevels } from '../resellers/schema';
import { getPlatformSettings } from '../settings/settings';
import { requireApiActor } from './api-actor';
import { getSandboxBalance } from './sandbox-top-up';
import { apiOrders } from './schema';

const CURRENCY = 'CNY';

/** The caller's balance in its mode: live from the ledger (held = pending holds), sandbox from the test-money table. */
export async function getApiBalance(ctx: Ctx): Promise<ApiBalance> {
  const actor = requireApiActor(ctx);
  if (actor.mode === 'sandbox') {
    return {
      mode: 'sandbox',
      available: await getSandboxBalance(ctx.db, actor.resellerId),
      held: 0,
      currency: CURRENCY,
    };
  }
  const b = await getResellerBalance(ctx.db, actor.resellerId, CURRENCY);
  return { mode: 'live', available: b.available, held: b.pending, currency: CURRENCY };
}

/** GET /api/v1/ping: who the credential belongs to, the version served, the balance of its mode. */
export async function apiPing(ctx: Ctx): Promise<ApiPing> {
  const actor = requireApiActor(ctx);
  const [[row], settings, balance] = await Promise.all([
    ctx.db
      .select({ name: resellerAccounts.name, level: resellerLevels.name })
      .from(resellerAccounts)
      .leftJoin(resellerLevels, eq(resellerLevels.id, resellerAccounts.levelId))
      .where(eq(resellerAccounts.id, actor.resellerId)),
    getPlatformSettings(ctx.db),
    getApiBalance(ctx),
  ]);
  return {
    site: settings.siteName,
    protocol_version: actor.version,
    mode: actor.mode,
    account: { id: actor.resellerId, name: row?.name ?? '', level: row?.level ?? null },
    balance: balance.available,
    currency: CURRENCY,
    server_time: Math.floor(ctx.now().getTime() / 1000),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function badCursor(): never {
  throw new AppError('VALIDATION_FAILED', { issues: [{ path: '/cursor', message: 'invalid cursor' }] });
}

/**
 * The caller's statement, newest first. Live: the ledger's reseller_balance lines (cursor = transfer
 * id). Sandbox: no ledger exists for test money, so the statement is derived from the sandbox orders —
 * one line per order, `-amount` while it stands, 0 once cancelled or refunded (kind
 * `sandbox.order.<status>`), without a running balance (top-ups are not itemised).
 */
export async function getApiStatement(ctx: Ctx, q: ApiStatementQuery): Promise<ApiStatementPage> {
  const actor = requireApiActor(ctx);
  return actor.mode === 'sandbox'
    ? sandboxStatement(ctx, actor.resellerId, q)
    : liveStatement(ctx, actor.resellerId, q);
}

async function liveStatement(ctx: Ctx, resellerId: string, q: ApiStatementQuery): Promise<ApiStatementPage> {
  if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor)) badCursor();
  const page = await accountStatement(ctx.db, resellerBalanceSpec(resellerId, CURRENCY), {
    limit: q.limit,
    ...(q.cursor ? { before: Number(q.cursor) } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  });
  return {
    data: page.items.map((l) => ({
      id: String(l.transferId),
      kind: l.kind,
      amount: l.direction === 'in' ? l.amount : -l.amount,
      balance_after: l.balanceAfter,
      order_id: l.reference?.type === 'order' && UUID.test(l.reference.id) ? l.reference.id : null,
      memo: l.memo,
      created_at: l.createdAt,
    })),
    has_more: page.nextBefore !== null,
    next_cursor: page.nextBefore === null ? null : String(page.nextBefore),
  };
}

async function sandboxStatement(
  ctx: Ctx,
  resellerId: string,
  q: ApiStatementQuery,
): Promise<ApiStatementPage> {
  // Compared and ordered at millisecond precision: the cursor carries a JS time.
  const at = sql<Date>`date_trunc('milliseconds', ${apiOrders.createdAt})`;
  let after: { at: Date; id: string } | null = null;
  if (q.cursor !== undefined) {
    const [at, id] = Buffer.from(q.cursor, 'base64url').toString().split('|');
    if (!at || !id || !UUID.test(id) || Number.isNaN(Date.parse(at))) badCursor();
    after = { at: new Date(at), id };
  }
  const rows = await ctx.db
    .select({
      id: apiOrders.id,
      total: apiOrders.total,
      status: apiOrders.sandboxStatus,
      outOrderNo: apiOrders.outOrderNo,
      createdAt: apiOrders.createdAt,
    })
    .from(apiOrders)
    .where(
      and(
        eq(apiOrders.resellerId, resellerId),
        eq(apiOrders.mode, 'sandbox'),
        q.from ? gte(apiOrders.createdAt, new Date(q.from)) : undefined,
        q.to ? lt(apiOrders.createdAt, new Date(q.to)) : undefined,
        after ? or(lt(at, after.at), and(eq(at, after.at), lt(apiOrders.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(at), desc(apiOrders.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    data: items.map((o) => {
      const returned = o.status === 'cancelled' || o.status === 'refunded';
      return {
        id: `sbx_${o.id}`,
        kind: `sandbox.order.${o.status ?? 'processing'}`,
        amount: returned ? 0 : -o.total,
        balance_after: null,
        order_id: o.id,
        memo: o.outOrderNo,
        created_at: o.createdAt.toISOString(),
      };
    }),
    has_more: more,
    next_cursor:
      more && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}
