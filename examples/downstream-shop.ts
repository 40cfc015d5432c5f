/**
 * A downstream shop docking to Kameng, end to end, with @kameng/sdk:
 *
 *   1. checks the credential (ping),
 *   2. syncs the catalog into a local JSON file, cheaply: `updated_since` + ETag (`If-None-Match` → 304),
 *   3. starts a small HTTP server on 127.0.0.1 that receives and verifies callbacks (webhooks),
 *   4. places an order with its own order number (idempotent: the number is also the Idempotency-Key),
 *   5. waits for the order's callback, prints it, and exits.
 *
 * Run (a sandbox credential is the place to start):
 *
 *   KAMENG_BASE_URL=https://shop.example.com KAMENG_APP_KEY=kmk_test_… KAMENG_APP_SECRET=… \
 *   npm run example:downstream
 *
 * The order's own `callback_url` points at the local receiver. Kameng signs those callbacks with the
 * AppSecret of the credential that placed the order; deliveries to webhook endpoints configured in the
 * developer console are signed with that endpoint's secret (KAMENG_WEBHOOK_SECRET, optional). The
 * receiver accepts either.
 *
 * Optional: SHOP_CATALOG_FILE (default ./downstream-catalog.json), SHOP_SKU_ID (default: the first SKU in
 * stock that the balance can pay), SHOP_CALLBACK_PORT (default: any free port), SHOP_CALLBACK_URL (the
 * address Kameng should call, when the receiver sits behind a tunnel or proxy; default the local
 * address), SHOP_WAIT_SECONDS (default 30; 0: no callback URL, no waiting), SHOP_BUYER_INPUT (JSON of the
 * buyer's input fields), SHOP_ORDER=0 (only sync the catalog). Kameng must be able to reach the
 * callback URL: a remote Kameng needs a tunnel or a public SHOP_CALLBACK_URL, and Kameng refuses
 * loopback callback URLs unless its admin allows them.
 *
 * Exit code: 0 when done, 1 on an error, 2 when no callback arrived in time.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  KamengApiError,
  KamengClient,
  KamengWebhookError,
  verifyWebhook,
  type ApiOrder,
  type ApiProduct,
  type ApiSku,
  type ApiWebhookEvent,
} from '@kameng/sdk';

/** The local copy of the catalog, and what the next sync needs to ask only for changes. */
interface CatalogFile {
  /** The newest `updated_at` seen: the next sync asks for products changed since. */
  updatedSince: string | null;
  /** The ETag of the last answer to `?updated_since=<updatedSince>`: unchanged → 304, nothing sent. */
  etag: string | null;
  products: Record<string, ApiProduct>;
}

/** What the script needs, normally from the environment. */
export interface DownstreamShopConfig {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  /** An endpoint's signing secret (console); an order's own callback is signed with the AppSecret. */
  webhookSecret: string | null;
  catalogFile: string;
  skuId: string | null;
  callbackPort: number;
  callbackUrl: string | null;
  waitSeconds: number;
  buyerInput: Record<string, string>;
  /** False: sync the catalog only. */
  placeOrder: boolean;
  log: (line: string) => void;
}

/** Reads the configuration from environment variables; throws on a missing required one. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DownstreamShopConfig {
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`${name} is required (see the top of examples/downstream-shop.ts)`);
    return v;
  };
  return {
    baseUrl: need('KAMENG_BASE_URL'),
    appKey: need('KAMENG_APP_KEY'),
    appSecret: need('KAMENG_APP_SECRET'),
    webhookSecret: env.KAMENG_WEBHOOK_SECRET || null,
    catalogFile: env.SHOP_CATALOG_FILE || 'downstream-catalog.json',
    skuId: env.SHOP_SKU_ID || null,
    callbackPort: Number(env.SHOP_CALLBACK_PORT || 0),
    callbackUrl: env.SHOP_CALLBACK_URL || null,
    waitSeconds: Number(env.SHOP_WAIT_SECONDS || 30),
    buyerInput: env.SHOP_BUYER_INPUT ? (JSON.parse(env.SHOP_BUYER_INPUT) as Record<string, string>) : {},
    placeOrder: env.SHOP_ORDER !== '0',
    log: (line) => console.log(line),
  };
}

/** What a run did, for callers (and the e2e test) to check. */
export interface DownstreamShopResult {
  catalog: { changed: number; total: number; notModified: boolean };
  order: ApiOrder | null;
  events: ApiWebhookEvent[];
  callbackReceived: boolean;
}

/** Runs the whole flow once; always closes the callback server before it returns. */
export async function runDownstreamShop(cfg: DownstreamShopConfig): Promise<DownstreamShopResult> {
  const kameng = new KamengClient({
    baseUrl: cfg.baseUrl,
    appKey: cfg.appKey,
    appSecret: cfg.appSecret,
    userAgent: 'downstream-shop-example/1.0',
    // Log every call without the secret: method, path, status, request id, latency.
    onResponse: (r) =>
      cfg.log(
        `  ← ${r.method} ${r.path} ${r.status || r.errorCode} ${r.durationMs}ms req=${r.requestId ?? '-'}`,
      ),
  });

  const me = await kameng.ping();
  cfg.log(
    `Connected to ${me.site} as "${me.account.name}" (${me.mode}, protocol ${me.protocol_version}); ` +
      `balance ${formatMoney(me.balance, me.currency)}`,
  );

  const catalog = await syncCatalog(kameng, cfg);
  if (!cfg.placeOrder) return { catalog, order: null, events: [], callbackReceived: false };

  const receiver = cfg.waitSeconds > 0 ? await startReceiver(cfg) : null;
  try {
    const { products } = await loadCatalog(cfg.catalogFile);
    // Stock and prices are live (they do not move updated_at): read the product afresh before buying.
    const candidate = pickSku(Object.values(products), cfg, me.balance);
    const sku = candidate
      ? pickSku([await kameng.products.get(candidate.product.id)], cfg, me.balance)
      : null;
    if (!sku) {
      cfg.log('No SKU in stock that the balance can pay; set SHOP_SKU_ID. Not ordering.');
      return { catalog, order: null, events: [], callbackReceived: false };
    }
    const outOrderNo = `SHOP-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomSuffix()}`;
    cfg.log(`Ordering 1 × ${sku.product.title} / ${sku.sku.name} as ${outOrderNo}`);
    const order = await kameng.orders.create(
      {
        sku_id: sku.sku.id,
        quantity: Math.max(1, sku.product.min_quantity),
        out_order_no: outOrderNo,
        input: buyerInput(sku.product, cfg.buyerInput),
        ...(receiver ? { callback_url: receiver.url } : {}),
      },
      // Our own order number doubles as the idempotency key: a retry after a crash cannot buy twice.
      { idempotencyKey: outOrderNo },
    );
    cfg.log(
      `Order ${order.id}: ${order.status}, paid ${formatMoney(order.amount, order.currency)}` +
        (order.delivery ? `, ${order.delivery.keys.length} key(s) delivered` : ''),
    );
    for (const key of order.delivery?.keys ?? []) cfg.log(`  key: ${key}`);

    if (!receiver) return { catalog, order, events: [], callbackReceived: false };
    cfg.log(`Waiting up to ${cfg.waitSeconds}s for the callback at ${receiver.url} …`);
    const done = await receiver.waitFor(
      (e) => orderOf(e)?.out_order_no === outOrderNo && isFinal(e.type),
      cfg.waitSeconds * 1000,
    );
    if (!done) cfg.log('No final callback for the order arrived in time (it will be retried by Kameng).');
    return { catalog, order, events: receiver.events, callbackReceived: done !== null };
  } finally {
    await receiver?.close();
  }
}

/** Brings the local catalog file up to date: only products changed since the last sync, 304 when none. */
async function syncCatalog(kameng: KamengClient, cfg: DownstreamShopConfig) {
  const state = await loadCatalog(cfg.catalogFile);
  const query = { limit: 100, ...(state.updatedSince ? { updated_since: state.updatedSince } : {}) };
  const first = await kameng.products.list(query, state.etag ? { ifNoneMatch: state.etag } : {});
  if (first.notModified) {
    cfg.log(`Catalog unchanged since ${state.updatedSince ?? 'the beginning'} (304, ETag ${first.etag})`);
    return { changed: 0, total: Object.keys(state.products).length, notModified: true };
  }
  const changed: ApiProduct[] = [...first.data];
  let cursor = first.has_more ? first.next_cursor : null;
  while (cursor) {
    const page = await kameng.products.list({ ...query, cursor });
    changed.push(...page.data);
    cursor = page.has_more ? page.next_cursor : null;
  }
  for (const p of changed) state.products[p.id] = p;
  const newest = changed.reduce<string | null>(
    (max, p) => (max === null || p.updated_at > max ? p.updated_at : max),
    state.updatedSince,
  );
  // The ETag describes the answer to this exact query; it is only useful while we ask the same again.
  state.etag = newest === state.updatedSince && !first.has_more ? first.etag : null;
  state.updatedSince = newest;
  await saveCatalog(cfg.catalogFile, state);
  cfg.log(
    `Catalog synced: ${changed.length} product(s) new or changed, ${Object.keys(state.products).length} in ${cfg.catalogFile}`,
  );
  return { changed: changed.length, total: Object.keys(state.products).length, notModified: false };
}

async function loadCatalog(file: string): Promise<CatalogFile> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as CatalogFile;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return { updatedSince: null, etag: null, products: {} };
    throw err;
  }
}

async function saveCatalog(file: string, state: CatalogFile): Promise<void> {
  // Write then rename, so a crash mid-write never leaves half a catalog behind.
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

function pickSku(
  products: ApiProduct[],
  cfg: DownstreamShopConfig,
  balance: number,
): { product: ApiProduct; sku: ApiSku } | null {
  for (const product of products) {
    for (const sku of product.skus) {
      if (
        cfg.skuId
          ? sku.id === cfg.skuId
          : sku.stock.status !== 'out_of_stock' && sku.price * product.min_quantity <= balance
      ) {
        return { product, sku };
      }
    }
  }
  return null;
}

/** The product's required input fields, from SHOP_BUYER_INPUT or a harmless demo value. */
function buyerInput(product: ApiProduct, given: Record<string, string>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const f of product.input_fields) {
    const v = given[f.name] ?? (f.required ? demoValue(f.type) : undefined);
    if (v !== undefined) input[f.name] = v;
  }
  return input;
}

function demoValue(type: ApiProduct['input_fields'][number]['type']): string {
  return type === 'email'
    ? 'buyer@example.com'
    : type === 'phone'
      ? '13800000000'
      : type === 'number'
        ? '1'
        : 'demo';
}

/** A verifying callback receiver on 127.0.0.1. */
interface Receiver {
  url: string;
  events: ApiWebhookEvent[];
  waitFor(match: (e: ApiWebhookEvent) => boolean, ms: number): Promise<ApiWebhookEvent | null>;
  close(): Promise<void>;
}

async function startReceiver(cfg: DownstreamShopConfig): Promise<Receiver> {
  const events: ApiWebhookEvent[] = [];
  const seenIds = new Set<string>();
  const waiters: { match: (e: ApiWebhookEvent) => boolean; resolve: (e: ApiWebhookEvent) => void }[] = [];

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/kameng/webhook') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000)
        req.destroy(); // a callback is small; refuse floods
      else chunks.push(c);
    });
    req.on('end', () => {
      // Verify the RAW bytes: re-serialised JSON would not match the signature.
      verifyWebhook({
        payload: Buffer.concat(chunks),
        header: req.headers['kameng-signature'] as string | undefined,
        secret: cfg.webhookSecret ? [cfg.appSecret, cfg.webhookSecret] : cfg.appSecret,
      }).then(
        (event) => {
          // Kameng may deliver an event more than once (a lost 200, a retry): act once per event id.
          const duplicate = seenIds.has(event.id);
          seenIds.add(event.id);
          const order = orderOf(event);
          cfg.log(
            `Callback ${event.type} ${event.id}${duplicate ? ' (duplicate, ignored)' : ''}` +
              (order ? `: order ${order.out_order_no} is ${order.status}` : ''),
          );
          if (!duplicate) {
            events.push(event);
            for (const w of [...waiters]) {
              if (w.match(event)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(event);
              }
            }
          }
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        },
        (err: unknown) => {
          cfg.log(`Refused a callback: ${err instanceof KamengWebhookError ? err.code : String(err)}`);
          res.writeHead(400).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(cfg.callbackPort, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = cfg.callbackUrl ?? `http://127.0.0.1:${port}/kameng/webhook`;
  cfg.log(`Callback receiver listening on http://127.0.0.1:${port}/kameng/webhook`);

  return {
    url,
    events,
    waitFor: (match, ms) => {
      const already = events.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => {
        const waiter = {
          match,
          resolve: (e: ApiWebhookEvent) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          resolve(null);
        }, ms);
        waiters.push(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Order events carry the order (as GET /api/v1/orders/:id answers it) in `data.order`. */
function orderOf(e: ApiWebhookEvent): ApiOrder | null {
  const order = e.data.order as ApiOrder | undefined;
  return order && typeof order === 'object' ? order : null;
}

function isFinal(type: string): boolean {
  return type === 'order.delivered' || type === 'order.refunded' || type === 'order.manual_required';
}

function formatMoney(minor: number, currency: string): string {
  return `${(minor / 100).toFixed(2)} ${currency}`;
}

function randomSuffix(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();
}

async function main(): Promise<number> {
  try {
    const result = await runDownstreamShop(configFromEnv());
    return result.order && configFromEnv().waitSeconds > 0 && !result.callbackReceived ? 2 : 0;
  } catch (err) {
    if (err instanceof KamengApiError) {
      console.error(
        `Kameng said ${err.code} (HTTP ${err.status}): ${err.message} [request ${err.requestId ?? '-'}]`,
      );
    } else {
      console.error(err instanceof Error ? err.message : err);
    }
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
