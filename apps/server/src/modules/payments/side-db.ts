import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../../db/client';
import { withTx, type Ctx } from '../../lib/ctx';

/**
 * Runs `fn` in a transaction of its own that commits whatever happens to ctx's transaction: health
 * writes and incidents must survive a request that ends in an error and rolls back. Outside a
 * transaction, ctx.db is the pool and a plain transaction on it is already separate; inside one, a
 * short-lived connection with the pool's settings is opened (rare: failures only), so transactions
 * holding every pooled connection cannot deadlock waiting for the pool.
 */
export async function withSideTx<T>(ctx: Ctx, fn: (side: Ctx) => Promise<T>): Promise<T> {
  if (!ctx.onCommit || !ctx.root) return withTx(ctx, fn);
  const client = new pg.Client({
    ...ctx.root.$client.options,
    application_name: 'kameng-side',
    statement_timeout: 10_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const db = drizzle(client) as unknown as Db;
    return await withTx({ ...ctx, db, onCommit: undefined, root: undefined }, fn);
  } finally {
    await client.end().catch(() => undefined);
  }
}
