/**
 * Checkout throughput: N concurrent buyers (BENCH_BUYERS, default 64) on one hot card-key SKU, each
 * through HTTP against a real `kameng start` process: create order → start payment → press "pay" on
 * the sandbox cashier (the gateway then sends its signed notify) → long-poll the result page until the
 * keys show. Prints orders/s, p50/p99 per step and the server's peak RSS; then, as the baseline measured in
 * the same run, the same database work as raw SQL transactions (bench/checkout-baseline.ts). The last
 * line is the ratio. Uses DATABASE_URL when set (an empty database: the run encrypts with a fresh
 * master key), else an embedded PostgreSQL in a temporary folder. Tunables: BENCH_BUYERS (64),
 * BENCH_SECONDS (30, HTTP side), BENCH_BASELINE_SECONDS (10), BENCH_KEYS (30,000 per SKU),
 * BENCH_POOL (the server's DATABASE_POOL_MAX, 20), BENCH_WORKERS (its WORKER_CONCURRENCY),
 * BENCH_NODE_ARGS (e.g. --cpu-prof), BENCH_SERVER_LOG=1.
 * After the closed loop (each buyer buys again as soon as the last purchase is done, so the server is
 * saturated) a paced run offers a steady rate below saturation (BENCH_PACED_RATE, default half the
 * closed loop's; BENCH_PACED_SECONDS, 15) over the same buyers and prints its latency.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createLogger } from '../apps/server/src/lib/logger';
import { skus } from '../apps/server/src/modules/catalog/schema';
import { rawSqlBaseline } from './checkout-baseline';
import { activeMerchant, hotSku, openCheckoutLimits, sandboxChannel } from './checkout-seed';
import {
  cpuMeter,
  pacedLoad,
  pct,
  send,
  startServer,
  withBenchDatabase,
  type BenchDatabase,
} from './bench-server';

const BUYERS = Number(process.env.BENCH_BUYERS ?? 64);
/** How long each side runs; keys are seeded for far more orders than either can place in that time. */
const HTTP_SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RAW_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10);
const KEYS = Number(process.env.BENCH_KEYS ?? 30_000);
const DELIVERY_TIMEOUT_MS = 30_000;
const log = createLogger('warn');

type Step = 'create' | 'pay' | 'cashier' | 'delivery' | 'total';
type Timings = Record<Step, number[]>;
const newTimings = (): Timings => ({ create: [], pay: [], cashier: [], delivery: [], total: [] });
const timings = newTimings();
const paced = newTimings();

/** The JSON answer of a successful request, else an error naming the step. */
function json<T>(res: { status: number; body: string }, what: string): T {
  if (res.status < 200 || res.status > 299)
    throw new Error(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  return JSON.parse(res.body) as T;
}

/** One buyer's purchase, timed step by step into `into` (from `t0`: create includes any wait before it). */
async function buy(
  base: string,
  skuId: string,
  channelId: string,
  into = timings,
  t0 = performance.now(),
): Promise<void> {
  const order = await json<{ orderNo: string; accessToken: string }>(
    await send(`${base}/api/store/orders`, {
      json: {
        skuId,
        quantity: 1,
        contact: `buyer-${randomBytes(6).toString('hex')}@example.com`,
        input: {},
      },
    }),
    'create order',
  );
  const t1 = performance.now();
  const pay = await json<{ action: { url?: string } }>(
    await send(`${base}/api/store/orders/${order.orderNo}/pay`, {
      json: { accessToken: order.accessToken, channelId },
    }),
    'start payment',
  );
  const t2 = performance.now();
  const cashier = await send(`${pay.action.url}/pay`, { method: 'POST' });
  if (cashier.status !== 303 && cashier.status !== 200) throw new Error(`cashier: HTTP ${cashier.status}`);
  const t3 = performance.now();
  // As the result page does: one long poll (the server answers when the order changes), repeated.
  const view = `${base}/api/store/orders/${order.orderNo}?token=${encodeURIComponent(order.accessToken)}&wait=25`;
  for (let i = 0; ; i++) {
    const o = json<{ delivery: { keys: string[] } | null }>(await send(view), 'view order');
    if (o.delivery && o.delivery.keys.length > 0) break;
    if (performance.now() - t3 > DELIVERY_TIMEOUT_MS || i > 100)
      throw new Error(`order ${order.orderNo} not delivered`);
  }
  const t4 = performance.now();
  into.create.push(t1 - t0);
  into.pay.push(t2 - t1);
  into.cashier.push(t3 - t2);
  into.delivery.push(t4 - t3);
  into.total.push(t4 - t0);
}

async function main({ url, db, ctx, masterKey, tmp, label, stats }: BenchDatabase) {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const shop = await activeMerchant(ctx);
    const skuId = await hotSku(shop, KEYS);
    const rawSkuId = await hotSku(shop, KEYS, 'Bench baseline card');
    const channelId = await sandboxChannel(ctx);
    await openCheckoutLimits(ctx);
    console.log(
      `database: ${label}; buyers: ${BUYERS}; ${HTTP_SECONDS} s through HTTP, ${RAW_SECONDS} s raw SQL; one hot SKU`,
    );

    server = await startServer({
      DATABASE_URL: url,
      KAMENG_MASTER_KEY: masterKey.toString('hex'),
      KAMENG_DATA_DIR: path.join(tmp, 'app'),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_MAX: process.env.BENCH_POOL ?? '20',
      ...(process.env.BENCH_WORKERS ? { WORKER_CONCURRENCY: process.env.BENCH_WORKERS } : {}),
    });
    // Warm-up: JIT, pools and prepared plans, outside the measurement.
    await Promise.all(Array.from({ length: Math.min(BUYERS, 8) }, () => buy(server!.url, skuId, channelId)));
    for (const xs of Object.values(timings)) xs.length = 0;

    let failed = 0;
    await stats.reset();
    const cpu = cpuMeter(server.pid);
    const t0 = performance.now();
    const deadline = t0 + HTTP_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: BUYERS }, async () => {
        while (performance.now() < deadline) {
          await buy(server!.url, skuId, channelId).catch((err: unknown) => {
            failed++;
            if (failed <= 3) console.error(String(err));
          });
        }
      }),
    );
    const httpS = (performance.now() - t0) / 1000;
    const httpRate = timings.total.length / httpS;
    const cpuReport = cpu.report(timings.total.length, httpS);
    await stats.print('http', timings.total.length);
    const pacedReport = await pacedLoad(httpRate, BUYERS, (_, due) =>
      buy(server!.url, skuId, channelId, paced, due),
    );
    const rssMb = server.peakRssMb();
    await server.stop();
    server = undefined;

    const [raw] = await db.select({ productId: skus.productId }).from(skus).where(eq(skus.id, rawSkuId));
    await stats.reset();
    const {
      rate: rawRate,
      orders: rawOrders,
      cpu: rawCpu,
      latency: rawLatency,
    } = await rawSqlBaseline(
      { url, merchantId: shop.merchantId, productId: raw!.productId, skuId: rawSkuId, channelId },
      BUYERS,
      RAW_SECONDS,
    );
    await stats.print('raw SQL', rawOrders);

    console.log(
      `http: ${timings.total.length} orders in ${httpS.toFixed(1)} s = ${httpRate.toFixed(0)} orders/s`,
    );
    if (failed) console.log(`http: ${failed} purchases FAILED`);
    console.log(cpuReport);
    for (const step of Object.keys(timings) as Step[]) {
      const xs = timings[step];
      console.log(`  ${step.padEnd(8)} p50 ${pct(xs, 50).toFixed(1)} ms   p99 ${pct(xs, 99).toFixed(1)} ms`);
    }
    console.log(`raw SQL baseline: ${rawRate.toFixed(0)} orders/s (${BUYERS} clients)`);
    console.log(`raw SQL baseline ${rawCpu}`);
    console.log(`raw SQL baseline ${rawLatency}`);
    const p99Create = pct(timings.create, 99);
    console.log(
      `p99 order creation: ${p99Create.toFixed(1)} ms (target < 50 ms: ${p99Create < 50 ? 'OK' : 'MISSED'})`,
    );
    const total = `p50 ${pct(paced.total, 50).toFixed(1)} ms   p99 ${pct(paced.total, 99).toFixed(1)} ms`;
    console.log(pacedReport(paced.create, `; total ${total}`));
    console.log(
      `server peak RSS: ${rssMb.toFixed(0)} MB (target < 300 MB: ${rssMb < 300 ? 'OK' : 'MISSED'})`,
    );
    console.log(`ratio (http / raw SQL): ${(httpRate / rawRate).toFixed(2)}`);
  } finally {
    await server?.stop();
  }
}

await withBenchDatabase(log, main);
