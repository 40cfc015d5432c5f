/**
 * What one database round trip costs the Node process that sends it, on this machine: CPU time (user +
 * system) and wall time per statement, sequentially on one connection, for plain pg, for the same
 * statements built by drizzle as the product builds them, and for a drizzle prepared statement as
 * db/prepared.ts runs the order path's hot reads. The order path sends tens of round trips per order, so
 * this is the floor under the server's CPU per order that bench:checkout and bench:api-orders print. Uses
 * DATABASE_URL when set, else an embedded PostgreSQL in a temporary folder. Tunable: BENCH_QUERIES (per
 * shape, 3,000). The last line is the ratio of drizzle's full-row read to the same statement sent through
 * pg.
 */
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { createLogger } from '../apps/server/src/lib/logger';
import { orders } from '../apps/server/src/modules/orders/schema';
import { pct, withBenchDatabase } from './bench-server';

const N = Number(process.env.BENCH_QUERIES ?? 3000);
const WARM_UP = 300;

/** CPU µs per call (median of five rounds) and wall µs per call of `fn`, run N times in a row. */
async function cost(fn: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  for (let i = 0; i < WARM_UP; i++) await fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < 5; round++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < N / 5; i++) await fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / (N / 5));
    wall.push(((performance.now() - t0) * 1000) / (N / 5));
  }
  return { cpu: pct(cpu, 50), wall: pct(wall, 50) };
}

await withBenchDatabase(createLogger('warn'), async ({ url, label }) => {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = drizzle(pool);
  try {
    const id = '00000000-0000-0000-0000-000000000000';
    const fullRow = db.select().from(orders).where(eq(orders.id, id));
    const { sql: fullRowSql } = fullRow.toSQL();
    // As db/prepared.ts runs the order path's hot reads: built once, a named statement on the connection.
    const prepared = db
      .select()
      .from(orders)
      .where(eq(orders.id, sql.placeholder('id')))
      .prepare('bench_order_by_id');
    console.log(`database: ${label}; ${N} statements per shape, one connection, one after another`);
    const shapes: [string, () => Promise<unknown>][] = [
      ['pg: SELECT 1', () => pool.query('SELECT 1')],
      ['pg: an order row by id', () => pool.query(fullRowSql, [id])],
      ['drizzle: the same order row', () => db.select().from(orders).where(eq(orders.id, id))],
      [
        'drizzle: two columns of it',
        () => db.select({ id: orders.id, status: orders.status }).from(orders).where(eq(orders.id, id)),
      ],
      [
        'drizzle: building that row query',
        async () => db.select().from(orders).where(eq(orders.id, id)).toSQL(),
      ],
      ['drizzle: that row, prepared', () => prepared.execute({ id })],
      ['drizzle: empty transaction', () => db.transaction(async () => undefined)],
    ];
    const figures = new Map<string, { cpu: number; wall: number }>();
    for (const [name, fn] of shapes) {
      const f = await cost(fn);
      figures.set(name, f);
      console.log(
        `${name.padEnd(34)} CPU ${f.cpu.toFixed(0).padStart(4)} µs   wall ${f.wall.toFixed(0).padStart(4)} µs`,
      );
    }
    const ratio =
      figures.get('drizzle: the same order row')!.cpu / figures.get('pg: an order row by id')!.cpu;
    console.log(`ratio (drizzle / pg, CPU per full-row read): ${ratio.toFixed(2)}`);
  } finally {
    await pool.end();
  }
});
