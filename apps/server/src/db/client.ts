import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

// Return int8 and numeric as strings are unsafe defaults for counters; money is int8 in minor units and
// always fits in 2^53 in practice, so parse int8 to number and fail loudly if it would not.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
});

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction handle; every domain write receives one through ctx. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the pool-backed database or an open transaction. */
export type DbOrTx = Db | Tx;

/** Opens a pool and a typed Drizzle client on it. */
export function openDb(url: string, max: number): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'kameng',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return drizzle(pool, { schema }) as Db;
}
