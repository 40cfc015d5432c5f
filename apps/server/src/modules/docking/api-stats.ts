import type { ApiStats, ApiStatsBucket, ApiStatsPerKey } from '@kameng/shared';
import { sql, type SQL } from 'drizzle-orm';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { resellerOf } from '../resellers/reseller-of';

/** Bucket size and count per range: 24 h in 5-minute buckets (288), 7 d in hourly buckets (168). */
export const statsRanges = {
  '24h': { bucketSeconds: 300, buckets: 288 },
  '7d': { bucketSeconds: 3600, buckets: 168 },
} as const;

type Range = keyof typeof statsRanges;

/** The window of a range ending with the bucket that holds `now`: [from, to). */
export function statsWindow(
  range: Range,
  now: Date,
): { from: Date; to: Date; bucketMs: number; count: number } {
  const { bucketSeconds, buckets } = statsRanges[range];
  const bucketMs = bucketSeconds * 1000;
  const to = (Math.floor(now.getTime() / bucketMs) + 1) * bucketMs;
  return { from: new Date(to - buckets * bucketMs), to: new Date(to), bucketMs, count: buckets };
}

const ms = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);

async function computeStats(ctx: Ctx, range: Range, filter: SQL): Promise<ApiStats> {
  const w = statsWindow(range, ctx.now());
  const bucketSeconds = w.bucketMs / 1000;
  const where = sql`c.created_at >= ${w.from} AND c.created_at < ${w.to} AND ${filter}`;
  const pct = sql`percentile_cont(0.5) WITHIN GROUP (ORDER BY c.duration_ms) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY c.duration_ms) AS p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY c.duration_ms) AS p99`;
  type Row = { calls: number; errors: number; p50: number | null; p95: number | null; p99: number | null };
  const [buckets, totals, perKey] = await Promise.all([
    ctx.db.execute<Row & { bucket: number }>(sql`
      SELECT floor((extract(epoch FROM c.created_at) - ${w.from.getTime() / 1000}) / ${bucketSeconds})::int AS bucket,
        count(*)::int AS calls, count(*) FILTER (WHERE c.status >= 400)::int AS errors, ${pct}
      FROM api_calls c WHERE ${where} GROUP BY 1 ORDER BY 1`),
    ctx.db.execute<Row>(sql`
      SELECT count(*)::int AS calls, count(*) FILTER (WHERE c.status >= 400)::int AS errors, ${pct}
      FROM api_calls c WHERE ${where}`),
    ctx.db.execute<
      Row & {
        credential_id: string | null;
        app_key: string | null;
        name: string | null;
        reseller_id: string | null;
      }
    >(sql`
      SELECT c.credential_id, k.app_key, k.name, max(c.reseller_id::text)::uuid AS reseller_id,
        count(*)::int AS calls, count(*) FILTER (WHERE c.status >= 400)::int AS errors, ${pct}
      FROM api_calls c LEFT JOIN api_credentials k ON k.id = c.credential_id
      WHERE ${where} GROUP BY c.credential_id, k.app_key, k.name ORDER BY calls DESC LIMIT 200`),
  ]);
  const byIndex = new Map(buckets.rows.map((r) => [r.bucket, r]));
  const series: ApiStatsBucket[] = [];
  for (let i = 0; i < w.count; i++) {
    const r = byIndex.get(i);
    series.push({
      at: new Date(w.from.getTime() + i * w.bucketMs).toISOString(),
      calls: r?.calls ?? 0,
      errors: r?.errors ?? 0,
      p50: ms(r?.p50 ?? null),
      p95: ms(r?.p95 ?? null),
      p99: ms(r?.p99 ?? null),
    });
  }
  const t = totals.rows[0]!;
  const keys: ApiStatsPerKey[] = perKey.rows.map((r) => ({
    credentialId: r.credential_id,
    appKey: r.app_key,
    name: r.name,
    resellerId: r.reseller_id,
    calls: r.calls,
    errors: r.errors,
    errorRate: r.calls ? r.errors / r.calls : 0,
    p95: ms(r.p95),
  }));
  return {
    range,
    bucketSeconds,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    buckets: series,
    totals: {
      calls: t.calls,
      errors: t.errors,
      errorRate: t.calls ? t.errors / t.calls : 0,
      p50: ms(t.p50),
      p95: ms(t.p95),
      p99: ms(t.p99),
    },
    perKey: keys,
  };
}

/** The signed-in reseller's API figures over 24 h or 7 d: calls, errors (status ≥ 400), p50/p95/p99 latency, per key. */
export async function getOwnApiStats(
  ctx: Ctx,
  q: { range: Range; credentialId?: string | undefined },
): Promise<ApiStats> {
  const resellerId = await resellerOf(ctx);
  const filter = q.credentialId
    ? sql`c.reseller_id = ${resellerId} AND c.credential_id = ${q.credentialId}`
    : sql`c.reseller_id = ${resellerId}`;
  return computeStats(ctx, q.range, filter);
}

/** Every account's API figures (admin), or one reseller's or one credential's. */
export async function getAllApiStats(
  ctx: Ctx,
  q: { range: Range; credentialId?: string | undefined; resellerId?: string | undefined },
): Promise<ApiStats> {
  requireAdmin(ctx);
  const parts: SQL[] = [sql`TRUE`];
  if (q.resellerId) parts.push(sql`c.reseller_id = ${q.resellerId}`);
  if (q.credentialId) parts.push(sql`c.credential_id = ${q.credentialId}`);
  return computeStats(ctx, q.range, sql.join(parts, sql` AND `));
}
