import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

/** How long the call log is kept. */
export const API_CALL_RETENTION_DAYS = 30;

/**
 * Deletes call-log rows older than 30 days, expired nonces and expired idempotency records (the
 * maintenance job, hourly). Call-log rows go in batches, so a big backlog never holds one huge delete.
 */
export async function pruneDocking(
  db: DbOrTx,
  now: Date,
): Promise<{ calls: number; nonces: number; idempotency: number }> {
  const cutoff = new Date(now.getTime() - API_CALL_RETENTION_DAYS * 86_400_000);
  let calls = 0;
  for (let i = 0; i < 100; i++) {
    const res = await db.execute(sql`
      DELETE FROM api_calls WHERE id IN (SELECT id FROM api_calls WHERE created_at < ${cutoff} LIMIT 10000)`);
    calls += res.rowCount ?? 0;
    if ((res.rowCount ?? 0) < 10000) break;
  }
  const nonces = await db.execute(sql`DELETE FROM api_nonces WHERE expires_at < ${now}`);
  const idem = await db.execute(sql`DELETE FROM api_idempotency WHERE expires_at < ${now}`);
  return { calls, nonces: nonces.rowCount ?? 0, idempotency: idem.rowCount ?? 0 };
}
