/**
 * The baseline of bench/checkout.ts: the database work of the order path as raw SQL on plain pg clients
 * (every statement a named prepared statement, see `statements`) —
 * no HTTP, no framework, no job runner — statement for statement what the product needs per order:
 * (1) checkout: the SKU and its product (pricing), caps, order, key reservation, stock counter, timeline +
 * outbox; (2) payment: the order opened by its number, the gateway's trade and the payment attempt with its
 * query job; (3) the cashier's "pay" and the notify job; (4) the notify: attempt and order locked, paid,
 * keys sold (in a savepoint, as the product delivers: a failed delivery goes to the manual queue in the same
 * transaction), counters, delivered, e-mail queued, the ledger entry on the same accounts as a real order
 * (the accounts locked in id order, their running totals moved and the transfers inserted in one
 * statement), the settlement item, the notify log (the delivery e-mail written to the outbox: the bench runs
 * without SMTP); the notify job taken and completed; (5) the result page's reads. Where the product sends
 * more than this — a second read of the order by the payments module, the e-mail in a savepoint of its
 * own, the long poll's re-read — that is counted as the product's cost, not replayed here.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { allocationQuery } from '../apps/server/src/modules/inventory/allocate-keys';
import {
  EVENT,
  LEDGER_POST,
  STOCK,
  dialect,
  hex,
  runRawBaseline,
  statements,
  type LedgerLine,
  type StepDone,
} from './raw-baseline';

const ADD_JOB = `SELECT id FROM graphile_worker.add_job($1, '{}'::json, run_at => $2::timestamptz)`;
const TAKE_JOB = `UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'bench', attempts = attempts + 1
  WHERE id = (SELECT id FROM graphile_worker._private_jobs WHERE id = $1 FOR UPDATE SKIP LOCKED) RETURNING id`;
const DONE_JOB = `DELETE FROM graphile_worker._private_jobs WHERE id = $1`;
/** Pending balance holds of the order's attempts (balance + online payments). */
/** The SKU on sale and what pricing needs of its product (the product's loadSaleSku). */
const SALE_SKU = `SELECT s.id, s.name, s.price, s.pricing, s.delivery_mode, s.manual_stock_cap, p.id, p.merchant_id,
    p.category_id, p.title, p.min_qty, p.max_qty, p.per_buyer_limit, p.input_fields
  FROM skus s JOIN products p ON p.id = s.product_id JOIN merchants m ON m.id = p.merchant_id
  WHERE s.id = $1 AND NOT s.archived AND p.status = 'on_sale' AND m.status = 'active'`;
const ORDER_HOLDS = `SELECT h.id FROM ledger_holds h
  WHERE h.idempotency_key IN (SELECT 'order:' || order_id || ':balance:' || trade_no FROM payment_attempts WHERE order_id = $1)
    AND h.status = 'pending'`;

/** Where the baseline buys: a SKU of its own (with its own keys), on the HTTP run's merchant and channel. */
export interface BaselineTarget {
  url: string;
  merchantId: string;
  productId: string;
  skuId: string;
  channelId: string;
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

async function oneOrder(
  pool: pg.Pool,
  t: BaselineTarget,
  lines: LedgerLine[],
  done: StepDone,
): Promise<void> {
  const c = await pool.connect();
  const q = statements(c);
  try {
    const contact = `raw${hex(4)}@example.com`;
    const orderNo = `B${hex(8)}`;
    if ((await q(SALE_SKU, [t.skuId])).rowCount !== 1) throw new Error('baseline SKU not on sale');
    const orderId = await tx(c, async () => {
      await q(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`order-contact:${contact}`]);
      await q(
        `SELECT count(*) FILTER (WHERE contact = $1)::int, coalesce(sum(delivered_quantity) FILTER (WHERE contact = $1), 0)::int,
           count(*) FILTER (WHERE buyer_ip = $2)::int, coalesce(sum(delivered_quantity) FILTER (WHERE buyer_ip = $2), 0)::int
         FROM orders WHERE (contact = $1 OR buyer_ip = $2) AND status = 'pending_payment' AND expires_at > now()`,
        [contact, '127.0.0.1'],
      );
      const o = await q(
        `INSERT INTO orders (order_no, merchant_id, product_id, sku_id, delivery_mode, quantity, delivered_quantity,
           unit_price, subtotal, total, contact, contact_kind, buyer_ip, access_token_hash, expires_at)
         VALUES ($1, $2, $3, $4, 'card_keys', 1, 1, 1000, 1000, 1000, $5, 'email', '127.0.0.1', $6,
           now() + interval '10 minutes')
         RETURNING id`,
        [orderNo, t.merchantId, t.productId, t.skuId, contact, randomBytes(32)],
      );
      const id = o.rows[0].id as string;
      const alloc = dialect.sqlToQuery(allocationQuery(t.skuId, 1, id, new Date()));
      if ((await q(alloc.sql, alloc.params as unknown[])).rowCount !== 1)
        throw new Error('baseline ran out of keys');
      await q(STOCK, [t.skuId, t.merchantId, -1, 1, 0]);
      await q(EVENT, [id, 'order.created', null, 'pending_payment', t.merchantId]);
      return id;
    });
    done('create');

    // Start payment: the order opened by its number (token and state), the gateway's trade, then the
    // attempt and its active-query job.
    await q(`SELECT * FROM orders WHERE order_no = $1`, [orderNo]);
    const tradeNo = `T${hex(10)}`;
    const sbx = `SBX${hex(10)}`;
    await q(
      `INSERT INTO sandbox_trades (trade_no, mch_id, out_trade_no, amount, subject, notify_url)
       VALUES ($1, 'MBASE', $2, 1000, 'Bench', 'http://127.0.0.1/notify') ON CONFLICT DO NOTHING`,
      [sbx, tradeNo],
    );
    await q(`SELECT * FROM sandbox_trades WHERE mch_id = 'MBASE' AND out_trade_no = $1`, [tradeNo]);
    const attemptId = await tx(c, async () => {
      await q(`SELECT status, expires_at FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
      await q(ORDER_HOLDS, [orderId]);
      const a = await q(
        `INSERT INTO payment_attempts (order_id, channel_id, trade_no, amount, action) VALUES ($1, $2, $3, 1000, '{}')
         RETURNING id`,
        [orderId, t.channelId, tradeNo],
      );
      await q(ADD_JOB, ['bench:query', new Date(Date.now() + 30_000)]);
      return a.rows[0].id as string;
    });

    // The cashier's "pay": the trade is paid and its notify queued.
    const notifyJob = await tx(c, async () => {
      await q(
        `UPDATE sandbox_trades SET status = 'paid', paid_at = now() WHERE trade_no = $1 AND status = 'unpaid'`,
        [sbx],
      );
      return (await q(ADD_JOB, ['bench:notify', null])).rows[0].id as string;
    });

    // The notify job runs: the payment is accepted, delivered and booked in one transaction.
    await q(TAKE_JOB, [notifyJob]);
    await q(`SELECT * FROM sandbox_trades WHERE trade_no = $1`, [sbx]);
    await tx(c, async () => {
      await q(`SELECT * FROM payment_attempts WHERE trade_no = $1 FOR UPDATE`, [tradeNo]);
      await q(`SELECT id, total, status FROM orders WHERE id = $1`, [orderId]);
      await q(
        `SELECT id FROM payment_attempts WHERE channel_id = $1 AND provider_trade_no = $2 AND id <> $3`,
        [t.channelId, sbx, attemptId],
      );
      await q(
        `UPDATE payment_attempts SET status = 'paid', provider_trade_no = $1, paid_at = now() WHERE id = $2`,
        [sbx, attemptId],
      );
      await q(`SELECT * FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
      await q(ORDER_HOLDS, [orderId]);
      await q(
        `UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1 AND status = 'pending_payment'`,
        [orderId],
      );
      await q(EVENT, [orderId, 'order.paid', 'pending_payment', 'paid', t.merchantId]);
      await q('SAVEPOINT deliver');
      await q(
        `UPDATE card_keys SET status = 'sold', sold_at = now() WHERE order_id = $1 AND status = 'reserved'`,
        [orderId],
      );
      await q(STOCK, [t.skuId, t.merchantId, 0, -1, 1]);
      await q('RELEASE SAVEPOINT deliver');
      await q(
        `UPDATE orders SET status = 'delivered', delivered_at = now() WHERE id = $1 AND status = 'paid' RETURNING id`,
        [orderId],
      );
      await q(EVENT, [orderId, 'order.delivered', 'paid', 'delivered', t.merchantId]);
      await q(`SELECT card_keys.secret FROM card_keys WHERE order_id = $1 AND status = 'sold'`, [orderId]);
      await q(
        `INSERT INTO emails ("to", subject, body, template, order_id, status)
         VALUES ($1, 'Your keys', $2, 'delivery', $3, 'outbox')`,
        [contact, randomBytes(200), orderId],
      );
      // The split's inputs, the payment's idempotency check, the accounts by code.
      await q(`SELECT * FROM finance_settlement_items WHERE order_id = $1`, [orderId]);
      await q(`SELECT * FROM finance_fee_schedules WHERE channel_id = $1`, [t.channelId]);
      await q(`SELECT * FROM finance_merchant_terms WHERE merchant_id = $1`, [t.merchantId]);
      await q(`SELECT id, code FROM ledger_accounts WHERE id = ANY($1::uuid[])`, [
        [...new Set(lines.flatMap((l) => [l.debit, l.credit]))],
      ]);
      const entry = await q(
        `INSERT INTO ledger_entries (idempotency_key, kind, currency, reference_type, reference_id, content_hash)
         VALUES ($1, 'order.paid', 'CNY', 'order', $2, $3) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [`bench:${orderId}:paid`, orderId, hex(32)],
      );
      const entryId = entry.rows[0].id as string;
      // The accounts' running totals and the transfers, as the product posts them.
      await q(LEDGER_POST, [JSON.stringify(lines), entryId]);
      await q(
        `INSERT INTO finance_settlement_items (order_id, merchant_id, channel_id, gross_amount, net_amount, amount,
           currency, due_on, paid_entry_id, paid_at)
         VALUES ($1, $2, $3, 1000, 900, 900, 'CNY', current_date + 1, $4, now())`,
        [orderId, t.merchantId, t.channelId, entryId],
      );
      await q(
        `INSERT INTO payment_notifies (channel_id, order_id, attempt_id, method, raw, verdict, remote_ip)
         VALUES ($1, $2, $3, 'POST', $4, 'accepted', '127.0.0.1')`,
        [t.channelId, orderId, attemptId, JSON.stringify({ trade_no: sbx, out_trade_no: tradeNo })],
      );
    });
    await q(DONE_JOB, [notifyJob]);

    // The result page: the order by number, then its keys.
    await q(`SELECT * FROM orders WHERE order_no = $1`, [orderNo]);
    await q(`SELECT p.title, s.name FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id = $1`, [
      t.skuId,
    ]);
    await q(`SELECT id, sku_id, secret FROM card_keys WHERE order_id = $1 AND status = 'sold' ORDER BY id`, [
      orderId,
    ]);
  } finally {
    c.release();
  }
}

/** Places orders over `clients` concurrent connections for `seconds`; see runRawBaseline. */
export function rawSqlBaseline(t: BaselineTarget, clients: number, seconds: number) {
  return runRawBaseline(
    t.url,
    clients,
    seconds,
    async (pool, lines) => (done) => oneOrder(pool, t, lines, done),
  );
}
