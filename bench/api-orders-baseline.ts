/**
 * The baseline of bench/api-orders.ts: the database work of one open-API balance order as raw SQL on
 * plain pg clients (every statement a named prepared statement, see `statements`) — no HTTP, no
 * signing, no framework — statement for statement (42 round trips) what
 * the product's path runs, traced from it: (1) the credential read, the nonce claim, the per-key
 * rate-limit counter; (2) one transaction: the Idempotency-Key claim, the out_order_no lookup, the SKU
 * and the reseller's level, the account e-mail, the api_orders row, the order, its key reserved and the
 * stock counter, 'order.created', the order locked and paid, the key sold and counters moved,
 * 'order.delivered', the delivery e-mail in the outbox, then the ledger entry last (the same accounts
 * and amounts as a real API order: rows locked in id order and running totals moved, then transfers) and the
 * settlement item, the answer read back and stored under the key; (3) the call-log row.
 */
import { randomBytes, randomUUID } from 'node:crypto';
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
} from './raw-baseline';

const NONCE = `WITH n AS (
    INSERT INTO api_nonces (credential_id, nonce, expires_at) VALUES ($1, $2, now() + interval '300 seconds')
    ON CONFLICT (credential_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE api_nonces.expires_at < now()
    RETURNING 1
  ), u AS (
    UPDATE api_credentials SET last_used_at = now()
    WHERE id = $1 AND EXISTS (SELECT 1 FROM n) AND (last_used_at IS NULL OR last_used_at < now() - interval '60 seconds')
  )
  SELECT count(*)::int AS fresh FROM n`;
const RATE = `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, now(), 1)
  ON CONFLICT (key) DO UPDATE SET
    window_start = CASE WHEN rate_limits.window_start <= now() - interval '60 seconds' THEN excluded.window_start ELSE rate_limits.window_start END,
    count = CASE WHEN rate_limits.window_start <= now() - interval '60 seconds' THEN 1 ELSE rate_limits.count + 1 END
  RETURNING count, window_start`;

/** Where the baseline buys: a SKU of its own (with its own keys), as the HTTP run's reseller and credential. */
export interface ApiBaselineTarget {
  url: string;
  merchantId: string;
  productId: string;
  skuId: string;
  resellerId: string;
  credentialId: string;
  appKey: string;
}

async function oneOrder(
  pool: pg.Pool,
  t: ApiBaselineTarget,
  lines: LedgerLine[],
  amount: number,
): Promise<void> {
  const c = await pool.connect();
  const q = statements(c);
  try {
    // Authentication: the credential with its reseller, the nonce, the per-key counter.
    await q(
      `SELECT c.*, r.user_id, r.status, r.api_status, r.api_version FROM api_credentials c
       JOIN reseller_accounts r ON r.id = c.reseller_id LEFT JOIN api_rollout o ON o.id = 1 WHERE c.app_key = $1`,
      [t.appKey],
    );
    if ((await q(NONCE, [t.credentialId, hex(16)])).rows[0].fresh !== 1) throw new Error('nonce');
    await q(RATE, [`api:${t.credentialId}`]);

    const outOrderNo = `RAW-${hex(8)}`;
    const idemKey = hex(16);
    await q('BEGIN');
    try {
      await q(
        `INSERT INTO api_idempotency AS i (credential_id, key, request_hash, status_code, response, created_at, expires_at)
         VALUES ($1, $2, $3, 0, 'null'::jsonb, now(), now() + interval '24 hours')
         ON CONFLICT (credential_id, key) DO NOTHING RETURNING key`,
        [t.credentialId, idemKey, randomBytes(32)],
      );
      await q(
        `SELECT id, request_hash FROM api_orders WHERE reseller_id = $1 AND mode = 'live' AND out_order_no = $2`,
        [t.resellerId, outOrderNo],
      );
      await q(
        `SELECT s.*, p.merchant_id, p.category_id, p.title, p.min_qty, p.max_qty, p.per_buyer_limit, p.input_fields
         FROM skus s JOIN products p ON p.id = s.product_id JOIN merchants m ON m.id = p.merchant_id
         WHERE s.id = $1 AND s.archived = false AND p.status = 'on_sale' AND m.status = 'active'`,
        [t.skuId],
      );
      await q(
        `SELECT l.id, l.name, l.discount_bps FROM reseller_accounts r
         JOIN reseller_levels l ON l.id = r.level_id WHERE r.id = $1`,
        [t.resellerId],
      );
      await q(
        `SELECT lower(email) FROM users WHERE id = (SELECT user_id FROM reseller_accounts WHERE id = $1)`,
        [t.resellerId],
      );
      const orderId = randomUUID();
      const apiOrderId = randomUUID();
      await q(
        `INSERT INTO api_orders (id, reseller_id, credential_id, mode, kind, out_order_no, order_id, sku_id, quantity,
           total, request_hash) VALUES ($1, $2, $3, 'live', 'balance', $4, $5, $6, 1, $7, $8)
         ON CONFLICT (reseller_id, mode, out_order_no) DO NOTHING RETURNING id`,
        [apiOrderId, t.resellerId, t.credentialId, outOrderNo, orderId, t.skuId, amount, randomBytes(32)],
      );
      await q(
        `INSERT INTO orders (id, order_no, merchant_id, product_id, sku_id, delivery_mode, quantity, delivered_quantity,
           unit_price, subtotal, total, contact, contact_kind, buyer_ip, access_token_hash, expires_at, user_id)
         VALUES ($1, $2, $3, $4, $5, 'card_keys', 1, 1, $6, $6, $6, 'raw@example.com', 'email', '127.0.0.1', $7,
           now() + interval '10 minutes', NULL)
         RETURNING *`,
        [orderId, `B${hex(8)}`, t.merchantId, t.productId, t.skuId, amount, randomBytes(32)],
      );
      const alloc = dialect.sqlToQuery(allocationQuery(t.skuId, 1, orderId, new Date()));
      if ((await q(alloc.sql, alloc.params as unknown[])).rowCount !== 1)
        throw new Error('baseline ran out of keys');
      await q(STOCK, [t.skuId, t.merchantId, -1, 1, 0]);
      await q(EVENT, [orderId, 'order.created', null, 'pending_payment', t.merchantId]);
      // Paid from the balance: the order locked and moved, delivered, and the ledger posted last.
      await q(`SELECT * FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
      await q(
        `SELECT h.id FROM ledger_holds h WHERE h.idempotency_key IN (
           SELECT 'order:' || order_id || ':balance:' || trade_no FROM payment_attempts WHERE order_id = $1)
           AND h.status = 'pending'`,
        [orderId],
      );
      await q(
        `UPDATE orders SET status = 'paid', payment_channel_id = '_balance', paid_at = now()
         WHERE id = $1 AND status = 'pending_payment' RETURNING id`,
        [orderId],
      );
      await q(EVENT, [orderId, 'order.paid', 'pending_payment', 'paid', t.merchantId]);
      await q('SAVEPOINT sp1');
      await q(
        `UPDATE card_keys SET status = 'sold', sold_at = now() WHERE order_id = $1 AND status = 'reserved'
         RETURNING id, sku_id, merchant_id`,
        [orderId],
      );
      await q(STOCK, [t.skuId, t.merchantId, 0, -1, 1]);
      await q('RELEASE SAVEPOINT sp1');
      await q(
        `UPDATE orders SET status = 'delivered', delivered_at = now() WHERE id = $1 AND status = 'paid' RETURNING id`,
        [orderId],
      );
      await q(EVENT, [orderId, 'order.delivered', 'paid', 'delivered', t.merchantId]);
      await q('SAVEPOINT sp1');
      await q(
        `SELECT o.id, o.status, o.order_no, p.title, s.name, p.usage_guide, s.shared_text FROM orders o
         JOIN products p ON p.id = o.product_id JOIN skus s ON s.id = o.sku_id WHERE o.id = $1`,
        [orderId],
      );
      await q(
        `SELECT id, sku_id, secret FROM card_keys WHERE order_id = $1 AND status = 'sold' ORDER BY id`,
        [orderId],
      );
      await q(
        `INSERT INTO emails ("to", subject, body, template, order_id, status)
         VALUES ('raw@example.com', 'Your keys', $1, 'delivery', $2, 'outbox')`,
        [randomBytes(200), orderId],
      );
      await q('RELEASE SAVEPOINT sp1');
      await q(`SELECT * FROM finance_settlement_items WHERE order_id = $1`, [orderId]);
      await q(`SELECT * FROM finance_merchant_terms WHERE merchant_id = $1`, [t.merchantId]);
      const entry = await q(
        `INSERT INTO ledger_entries (idempotency_key, kind, currency, reference_type, reference_id, content_hash)
         VALUES ($1, 'order.paid', 'CNY', 'order', $2, $3) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [`bench:${orderId}:paid`, orderId, hex(32)],
      );
      const accounts = [...new Set(lines.flatMap((l) => [l.debit, l.credit]))];
      await q(`SELECT id, code FROM ledger_accounts WHERE id = ANY($1::uuid[])`, [accounts]);
      const entryId = entry.rows[0].id as string;
      // Rows locked in id order, the running totals moved and the transfers inserted in one statement, as
      // the ledger does it.
      await q(LEDGER_POST, [JSON.stringify(lines), entryId]);
      await q(
        `INSERT INTO finance_settlement_items (order_id, merchant_id, channel_id, gross_amount, net_amount, amount,
           currency, due_on, paid_entry_id, paid_at)
         VALUES ($1, $2, '_balance', $3, $3, $3, 'CNY', current_date + 1, $4, now()) RETURNING id`,
        [orderId, t.merchantId, amount, entryId],
      );
      // The answer: the order, its API row and its keys; then the stored answer under the key.
      await q(`SELECT * FROM orders WHERE id = $1`, [orderId]);
      await q(`SELECT * FROM api_orders WHERE id = $1`, [apiOrderId]);
      await q(
        `SELECT order_id, sku_id, secret FROM card_keys WHERE order_id IN ($1) AND status = 'sold' ORDER BY id`,
        [orderId],
      );
      await q(
        `UPDATE api_idempotency SET status_code = 201, response = $3 WHERE credential_id = $1 AND key = $2`,
        [t.credentialId, idemKey, JSON.stringify({ enc: randomBytes(300).toString('base64') })],
      );
      await q('COMMIT');
    } catch (err) {
      await q('ROLLBACK');
      throw err;
    }
    // The call log (written after the answer in the product; here in line, which only slows the baseline).
    await q(
      `INSERT INTO api_calls (credential_id, reseller_id, mode, method, route, status, duration_ms, ip, request_id, version)
       VALUES ($1, $2, 'live', 'POST', '/api/v1/orders', 201, 5, '127.0.0.1', $3, '1.0')`,
      [t.credentialId, t.resellerId, hex(8)],
    );
  } finally {
    c.release();
  }
}

/** Places orders over `clients` concurrent connections for `seconds`; see runRawBaseline. */
export function rawApiBaseline(t: ApiBaselineTarget, clients: number, seconds: number) {
  return runRawBaseline(t.url, clients, seconds, async (pool, lines) => {
    // The amount of a real API order of the HTTP run.
    const { rows } = await pool.query<{ total: number }>(
      `SELECT o.total FROM api_orders a JOIN orders o ON o.id = a.order_id ORDER BY a.created_at DESC LIMIT 1`,
    );
    const amount = rows[0]?.total ?? 1000;
    return () => oneOrder(pool, t, lines, amount);
  });
}
