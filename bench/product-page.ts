/**
 * The storefront product page (GET /api/store/products/:id) with 10,000 products on sale: p50/p99 of the
 * server time (Fastify's reply.elapsedTime) and of the client round trip, sequential and at concurrency 8,
 * over real HTTP on 127.0.0.1. Baseline in the same run: the same SQL the page runs, sent straight
 * through pg (no HTTP, no framework, no ORM). The last line is the ratio of the two p50s.
 * Uses a fresh database on DATABASE_URL's server when set, else an embedded PostgreSQL in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config';
import { openDb } from '../apps/server/src/db/client';
import { startEmbeddedPostgres, type EmbeddedServer } from '../apps/server/src/db/embedded';
import { migrateDatabase } from '../apps/server/src/db/migrate';
import { buildApp } from '../apps/server/src/http/app';
import { SecretBox } from '../apps/server/src/lib/crypto';
import { createLogger } from '../apps/server/src/lib/logger';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 8;
const log = createLogger('warn');

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-bench-'));
  fs.chmodSync(tmp, 0o755); // postgres runs as another user when we are root
  let embedded: EmbeddedServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  let url: string;
  if (process.env.DATABASE_URL) {
    ({ url, drop: dropDb } = await freshDatabase(process.env.DATABASE_URL));
  } else {
    embedded = await startEmbeddedPostgres(path.join(tmp, 'data'), log);
    url = embedded.url;
  }
  const db = openDb(url, 10);
  const raw = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  raw.on('error', () => undefined); // idle clients see the server stop at the end
  try {
    await migrateDatabase(url, log);
    const t0 = performance.now();
    const ids = await seed(raw);
    console.log(
      `database: ${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL (fresh database)'}; ` +
        `seeded ${PRODUCTS.toLocaleString()} products / ${(PRODUCTS * 3).toLocaleString()} SKUs in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const config = loadConfig({ KAMENG_DATA_DIR: tmp, DATABASE_URL: url, LOG_LEVEL: 'silent', PORT: '0' });
    const app = await buildApp({
      config,
      db,
      box: new SecretBox(randomBytes(32)),
      log: createLogger('silent'),
    });
    let serverTimes: number[] = [];
    app.addHook('onResponse', async (req, reply) => {
      if (req.url.startsWith('/api/store/products/')) serverTimes.push(reply.elapsedTime);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const pick = () => ids[Math.floor(Math.random() * ids.length)]!;

    const get = async () => {
      const t = performance.now();
      const res = await fetch(`${base}/api/store/products/${pick()}`);
      if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      return performance.now() - t;
    };
    for (let i = 0; i < 300; i++) await get(); // warm-up: JIT, pool connections, plan cache
    serverTimes = [];

    const seqClient: number[] = [];
    for (let i = 0; i < REQUESTS; i++) seqClient.push(await get());
    const seqServer = serverTimes;
    serverTimes = [];
    const conClient: number[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = 0; i < REQUESTS / CONCURRENCY; i++) conClient.push(await get());
      }),
    );
    const conServer = serverTimes;
    await app.close();

    // Baseline: the page's own queries (product ⋈ merchant ⋈ SKUs, then the key counters), straight through pg.
    const rawOnce = async () => {
      const t = performance.now();
      const { rows } = await raw.query(PAGE_SQL, [pick()]);
      const keySkus = rows
        .filter((r: { delivery_mode: string }) => r.delivery_mode === 'card_keys')
        .map((r: { sku_id: string }) => r.sku_id);
      if (keySkus.length) await raw.query(STOCK_SQL, [keySkus]);
      return performance.now() - t;
    };
    for (let i = 0; i < 300; i++) await rawOnce();
    const rawSeq: number[] = [];
    for (let i = 0; i < REQUESTS; i++) rawSeq.push(await rawOnce());
    const rawCon: number[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = 0; i < REQUESTS / CONCURRENCY; i++) rawCon.push(await rawOnce());
      }),
    );

    const line = (name: string, xs: number[]) =>
      console.log(`${name.padEnd(44)} p50 ${ms(pct(xs, 50))}  p99 ${ms(pct(xs, 99))}  (n=${xs.length})`);
    line('HTTP server time, sequential', seqServer);
    line('HTTP client round trip, sequential', seqClient);
    line(`HTTP server time, concurrency ${CONCURRENCY}`, conServer);
    line(`HTTP client round trip, concurrency ${CONCURRENCY}`, conClient);
    line('raw SQL through pg, sequential', rawSeq);
    line(`raw SQL through pg, concurrency ${CONCURRENCY}`, rawCon);
    const p50 = pct(seqServer, 50);
    console.log(`target: server time p50 < 10 ms ${p50 < 10 ? 'OK' : 'MISSED'}`);
    console.log(
      `ratio (framework p50 / raw-SQL p50, sequential): ${ms(p50)} / ${ms(pct(rawSeq, 50))} = ${(p50 / pct(rawSeq, 50)).toFixed(2)}`,
    );
  } finally {
    await raw.end();
    await db.$client.end();
    await dropDb?.();
    await embedded?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const PAGE_SQL = `
  SELECT p.id, p.title, m.name AS merchant_name, p.description_html, p.usage_guide, p.tags, p.cover_upload_id,
         p.min_qty, p.max_qty, p.input_fields, s.id AS sku_id, s.name, s.price, s.original_price, s.pricing,
         s.delivery_mode, s.manual_stock_cap
    FROM products p
    JOIN merchants m ON m.id = p.merchant_id
    JOIN skus s ON s.product_id = p.id AND s.archived = false
   WHERE p.id = $1 AND p.status = 'on_sale' AND m.status = 'active'
   ORDER BY s.sort, s.position, s.id`;
const STOCK_SQL = `SELECT sku_id, sum(available)::int AS available, sum(reserved)::int AS reserved,
  sum(sold)::int AS sold, sum(void)::int AS void FROM sku_stock WHERE sku_id = ANY($1::uuid[]) GROUP BY sku_id`;

/** 10,000 products of one active merchant, three SKUs each (card keys with stock, shared text, manual). */
async function seed(pool: pg.Pool): Promise<string[]> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const { rows } = await c.query<{ id: string }>(`
      INSERT INTO merchants (name, kind, status, contact_email, agreement_version, agreement_accepted_at)
      VALUES ('Bench shop', 'company', 'active', 'bench@example.com', 'bench', now()) RETURNING id`);
    const merchantId = rows[0]!.id;
    const desc = '<h2>使用说明</h2><p>' + '登录后在钱包页面兑换。'.repeat(40) + '</p>';
    await c.query(
      `INSERT INTO products (merchant_id, title, slug, description_md, description_html, usage_guide, tags, status,
                             featured, max_qty, input_fields)
       SELECT $1, 'Steam 充值卡 ' || g, 'steam-' || g, 'md', $2, '登录 Steam 兑换', ARRAY['steam', '充值'],
              CASE WHEN g % 10 = 0 THEN 'draft' ELSE 'on_sale' END, g % 50 = 0, 100,
              '[{"name":"account","label":"游戏账号","type":"text","required":true}]'::jsonb
         FROM generate_series(1, $3::int) g`,
      [merchantId, desc, PRODUCTS],
    );
    const pricing = JSON.stringify({
      tiers: [
        { minQty: 10, unitPrice: 950 },
        { minQty: 100, unitPrice: 900 },
      ],
      buyNGetM: null,
      limited: null,
    });
    await c.query(
      `INSERT INTO skus (product_id, merchant_id, name, price, delivery_mode, shared_text, manual_stock_cap, pricing, position)
       SELECT p.id, p.merchant_id, v.name, v.price, v.mode, v.text, v.cap, $2::jsonb, v.pos
         FROM products p
         CROSS JOIN (VALUES ('10元', 1000, 'card_keys', NULL::bytea, NULL::int, 0),
                            ('链接', 500, 'shared_text', '\\x01'::bytea, NULL, 1),
                            ('人工', 800, 'manual', NULL, 5, 2)) AS v(name, price, mode, text, cap, pos)
        WHERE p.merchant_id = $1`,
      [merchantId, pricing],
    );
    await c.query(
      `INSERT INTO sku_stock (sku_id, merchant_id, available, sold)
       SELECT id, merchant_id, 100 + (random() * 20000)::int, 5 FROM skus WHERE merchant_id = $1 AND delivery_mode = 'card_keys'`,
      [merchantId],
    );
    await c.query('COMMIT');
    await c.query('ANALYZE');
    const on = await c.query<{ id: string }>(`SELECT id FROM products WHERE status = 'on_sale'`);
    return on.rows.map((r) => r.id);
  } finally {
    c.release();
  }
}

/** A new empty database on the server of `url` (dropped afterwards), so a real database is never touched. */
async function freshDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kameng_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function ms(x: number): string {
  return `${x.toFixed(2)} ms`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
