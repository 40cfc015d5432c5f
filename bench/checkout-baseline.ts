/**
 * The baseline of bench/checkout.ts: the database work of the order path as raw SQL transactions on
 * plain pg clients — no HTTP, no framework, no jobs. Per order: (1) insert the order, reserve a key with
 * the product's own SKIP LOCKED allocation statement, move the stock counters; (2) mark it paid, the key
 * sold, the counters, two ledger-like rows, delivered; (3) read the key back.
 */
import { randomBytes } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { allocationQuery } from '../apps/server/src/modules/inventory/allocate-keys';

const dialect = new PgDialect();

const STOCK = `
  INSERT INTO sku_stock AS st (sku_id, merchant_id, available, reserved, sold, void, updated_at)
  VALUES ($1, $2, $3, $4, $5, 0, now())
  ON CONFLICT (sku_id) DO UPDATE SET available = st.available + excluded.available,
    reserved = st.reserved + excluded.reserved, sold = st.sold + excluded.sold, updated_at = excluded.updated_at`;

/** Where the baseline buys: a SKU of its own (with its own keys) in the same database. */
export interface BaselineTarget {
  url: string;
  merchantId: string;
  productId: string;
  skuId: string;
}

async function tx<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const v = await fn();
    await client.query('COMMIT');
    return v;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

async function oneOrder(pool: pg.Pool, t: BaselineTarget): Promise<void> {
  const client = await pool.connect();
  try {
    const orderId = await tx(client, async () => {
      const o = await client.query<{ id: string }>(
        `INSERT INTO orders (order_no, merchant_id, product_id, sku_id, delivery_mode, quantity, delivered_quantity,
           unit_price, subtotal, total, contact, contact_kind, access_token_hash, expires_at)
         VALUES ($1, $2, $3, $4, 'card_keys', 1, 1, 1000, 1000, 1000, $5, 'email', $6, now() + interval '10 minutes')
         RETURNING id`,
        [
          `B${randomBytes(8).toString('hex').toUpperCase()}`,
          t.merchantId,
          t.productId,
          t.skuId,
          `raw${randomBytes(4).toString('hex')}@example.com`,
          randomBytes(32),
        ],
      );
      const id = o.rows[0]!.id;
      const q = dialect.sqlToQuery(allocationQuery(t.skuId, 1, id, new Date()));
      const keys = await client.query(q.sql, q.params as unknown[]);
      if (keys.rowCount !== 1) throw new Error('baseline ran out of keys');
      await client.query(STOCK, [t.skuId, t.merchantId, -1, 1, 0]);
      return id;
    });
    await tx(client, async () => {
      await client.query(
        `UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1 AND status = 'pending_payment'`,
        [orderId],
      );
      await client.query(
        `UPDATE card_keys SET status = 'sold', sold_at = now() WHERE order_id = $1 AND status = 'reserved'`,
        [orderId],
      );
      await client.query(STOCK, [t.skuId, t.merchantId, 0, -1, 1]);
      await client.query(
        `INSERT INTO bench_ledger (order_id, account, amount) VALUES ($1, 'channel', 1000), ($1, 'merchant', -1000)`,
        [orderId],
      );
      await client.query(
        `UPDATE orders SET status = 'delivered', delivered_at = now() WHERE id = $1 AND status = 'paid'`,
        [orderId],
      );
    });
    await client.query(`SELECT secret FROM card_keys WHERE order_id = $1`, [orderId]);
  } finally {
    client.release();
  }
}

/** Places orders over `clients` concurrent connections for `seconds`; returns orders per second. */
export async function rawSqlBaseline(t: BaselineTarget, clients: number, seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: t.url, max: clients });
  pool.on('error', () => undefined); // an idle client cut off when the database stops
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS bench_ledger (id bigserial PRIMARY KEY, order_id uuid NOT NULL,
         account text NOT NULL, amount bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    let done = 0;
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          await oneOrder(pool, t);
          done++;
        }
      }),
    );
    const rate = done / ((performance.now() - t0) / 1000);
    await pool.query('DROP TABLE bench_ledger');
    return rate;
  } finally {
    await pool.end();
  }
}
