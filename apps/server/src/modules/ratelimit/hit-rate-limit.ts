import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { preparedSql } from '../../db/prepared';

/** Result of counting one hit against a fixed window. */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

const p = (name: string) => sql.placeholder(name);
const hit = preparedSql<{ count: number; window_start: string }>(
  'rate_limit_hit',
  sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${p('key')}, ${p('now')}, 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN rate_limits.window_start <= ${p('now')}::timestamptz - make_interval(secs => ${p('windowSeconds')})
                          THEN excluded.window_start ELSE rate_limits.window_start END,
      count = CASE WHEN rate_limits.window_start <= ${p('now')}::timestamptz - make_interval(secs => ${p('windowSeconds')})
                   THEN 1 ELSE rate_limits.count + 1 END
    RETURNING count, window_start`,
);

/**
 * Counts a hit for `key` in a fixed window of `windowSeconds` and says whether it is within `limit`.
 * Kept in PostgreSQL so every app process shares the same counters.
 */
export async function hitRateLimit(
  db: DbOrTx,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<RateLimitResult> {
  const res = await hit(db, { key, now, windowSeconds });
  const row = res.rows[0]!;
  const ends = new Date(row.window_start).getTime() + windowSeconds * 1000;
  return {
    allowed: row.count <= limit,
    count: row.count,
    retryAfterSeconds: Math.max(1, Math.ceil((ends - now.getTime()) / 1000)),
  };
}

/** Deletes windows that ended long ago (run by the maintenance job). */
export async function pruneRateLimits(db: DbOrTx, olderThan: Date): Promise<number> {
  const res = await db.execute(sql`DELETE FROM rate_limits WHERE window_start < ${olderThan}`);
  return res.rowCount ?? 0;
}
