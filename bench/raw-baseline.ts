/**
 * What the two raw-SQL baselines (checkout-baseline.ts, api-orders-baseline.ts) share: the statements
 * both replay as the product writes them, and the closed loop that drives them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { STOCK_SLOTS } from '../apps/server/src/modules/inventory/stock-counters';
import { cpuMeter, pct } from './bench-server';

/** Renders the product's drizzle SQL (e.g. the key allocation) into text and parameters. */
export const dialect = new PgDialect();

export const STOCK = `
  INSERT INTO sku_stock AS st (sku_id, slot, merchant_id, available, reserved, sold, void, updated_at)
  VALUES ($1, pg_backend_pid() % ${STOCK_SLOTS}, $2, $3, $4, $5, 0, now())
  ON CONFLICT (sku_id, slot) DO UPDATE SET available = st.available + excluded.available,
    reserved = st.reserved + excluded.reserved, sold = st.sold + excluded.sold, updated_at = excluded.updated_at`;
/** The order's timeline row and its outbox event, in one statement as the product writes them. */
export const EVENT = `WITH outbox AS (INSERT INTO events (type, merchant_id, subject_type, subject_id, payload)
    VALUES ($2, $5::uuid, 'order', $1::text, '{}'))
  INSERT INTO order_events (order_id, type, from_status, to_status, data) VALUES ($1::uuid, $2, $3, $4, '{}')`;

/**
 * The ledger posting as postEntry makes it, in one statement: the accounts locked in id order, their
 * running totals moved, the transfers inserted (their foreign keys checked once the accounts are held).
 * $1: the entry's lines (JSON of LedgerLine), $2: the entry's id.
 */
export const LEDGER_POST = `
  WITH l AS (SELECT * FROM jsonb_to_recordset($1) AS l(debit uuid, credit uuid, amount int8, code text)),
  v AS (SELECT id, sum(d) AS d, sum(c) AS c FROM (
      SELECT debit AS id, amount AS d, 0 AS c FROM l UNION ALL SELECT credit, 0, amount FROM l) x
    GROUP BY id),
  locked AS MATERIALIZED (SELECT id FROM ledger_accounts WHERE id IN (SELECT id FROM v) ORDER BY id FOR NO KEY UPDATE),
  moved AS (
    UPDATE ledger_accounts a SET debits_posted = a.debits_posted + v.d, credits_posted = a.credits_posted + v.c
    FROM v, locked WHERE a.id = v.id AND locked.id = v.id
    RETURNING a.id, a.debits_posted, a.credits_posted),
  transfers AS (
    INSERT INTO ledger_transfers (entry_id, debit_account_id, credit_account_id, amount, currency, code)
    SELECT $2, debit, credit, amount, 'CNY', code FROM l)
  SELECT * FROM moved`;

/** One transfer line of a real order's ledger entry, replayed on the same accounts. */
export interface LedgerLine {
  debit: string;
  credit: string;
  amount: string;
  code: string | null;
}

export const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();

/**
 * How a baseline sends a statement: as a named prepared statement (one name per SQL text), so
 * PostgreSQL parses and plans it once per connection — the strongest raw SQL, as the product's hot
 * statements are prepared too (db/prepared.ts).
 */
export function statements(client: pg.PoolClient) {
  return (text: string, values: unknown[] = []) =>
    client.query({ name: `b_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values });
}

/** Called by a baseline order when one of its steps is done (e.g. 'create'): its time since the order began is kept. */
export type StepDone = (step: string) => void;

/**
 * Places orders over `clients` concurrent connections for `seconds`; returns orders per second, where
 * the CPU went meanwhile and the latency line (per order, and per step the order marked). `prepare` gets
 * the pool and the ledger lines of the HTTP run's last paid order (the baseline books the same amounts on
 * the same accounts) and returns what places one order.
 */
export async function runRawBaseline(
  url: string,
  clients: number,
  seconds: number,
  prepare: (pool: pg.Pool, lines: LedgerLine[]) => Promise<(done: StepDone) => Promise<void>>,
): Promise<{ rate: number; orders: number; cpu: string; latency: string }> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  pool.on('error', () => undefined); // an idle client cut off when the database stops
  try {
    const { rows: lines } = await pool.query<LedgerLine>(
      `SELECT debit_account_id AS debit, credit_account_id AS credit, amount::text AS amount, code
       FROM ledger_transfers WHERE entry_id = (
         SELECT e.id FROM ledger_entries e WHERE e.kind = 'order.paid' ORDER BY e.created_at DESC LIMIT 1)`,
    );
    if (!lines.length) throw new Error('baseline: no paid order to copy the ledger lines from');
    const oneOrder = await prepare(pool, lines);
    const times = new Map<string, number[]>([['order', []]]);
    const keep = (step: string, ms: number) => {
      if (!times.has(step)) times.set(step, []);
      times.get(step)!.push(ms);
    };
    const cpu = cpuMeter();
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const start = performance.now();
          await oneOrder((step) => keep(step, performance.now() - start));
          keep('order', performance.now() - start);
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const done = times.get('order')!.length;
    const latency = [...times]
      .map(([step, xs]) => `${step} p50 ${pct(xs, 50).toFixed(1)} ms p99 ${pct(xs, 99).toFixed(1)} ms`)
      .join('; ');
    return { rate: done / s, orders: done, cpu: cpu.report(done, s), latency: `latency: ${latency}` };
  } finally {
    await pool.end();
  }
}
