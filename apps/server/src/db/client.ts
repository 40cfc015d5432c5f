import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';

// Return int8 and numeric as strings are unsafe defaults for counters; money is int8 in minor units and
// always fits in 2^53 in practice, so parse int8 to number and fail loudly if it would not.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
});

/**
 * Drizzle without a schema: the code uses the query builder only, never the relational `db.query`
 * API, whose builders for every table a schema would make again for each transaction and savepoint.
 */
export type Db = NodePgDatabase & { $client: pg.Pool };
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
  return drizzle(pool) as Db;
}

const onConnections = new WeakMap<pg.PoolClient, NodePgDatabase>();

/**
 * Runs `fn` in a transaction on `db`. On a pool it takes a connection and runs the transaction on that
 * connection's own Drizzle client, made once per connection, so a query prepared in one transaction
 * (db/prepared.ts) serves the next on the same connection. (withSideTx's database is one pg.Client: its
 * transaction runs on it directly.)
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const pool: unknown = db.$client;
  if (!(pool instanceof pg.Pool)) return db.transaction(fn);
  const client = await pool.connect();
  try {
    let own = onConnections.get(client);
    if (!own) {
      own = drizzle(client);
      onConnections.set(client, own);
    }
    return await own.transaction(fn);
  } finally {
    client.release();
  }
}
