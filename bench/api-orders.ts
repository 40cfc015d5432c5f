/**
 * Open-API order throughput: N concurrent signed clients (BENCH_CLIENTS, default 64; each its own
 * `KamengClient` from @kameng/sdk, one live credential) creating card-key orders paid from the reseller's
 * prepaid balance, for one hot SKU, over HTTP against a real `kameng start` process. Prints orders/s,
 * p50/p99 latency of the create call and the server's peak RSS; then, as the baseline measured in the same
 * run, the same database work as raw SQL over as many connections (bench/api-orders-baseline.ts). The last
 * line is the ratio. Uses DATABASE_URL when set (an empty database: the run encrypts with a fresh master
 * key), else an embedded PostgreSQL in a temporary folder. Tunables: BENCH_CLIENTS (64), BENCH_SECONDS (20,
 * HTTP side), BENCH_BASELINE_SECONDS (10), BENCH_KEYS (15,000 per SKU), BENCH_POOL (the server's
 * DATABASE_POOL_MAX, 20), BENCH_WORKERS (its WORKER_CONCURRENCY), BENCH_NODE_ARGS (e.g. --cpu-prof),
 * BENCH_SERVER_LOG=1. After the closed loop (each client orders again as soon as it is answered, so the
 * server is saturated and latency is clients ÷ throughput) a paced run offers a steady rate below saturation
 * (BENCH_PACED_RATE, default half the closed loop's; BENCH_PACED_SECONDS, 15) over the same clients and
 * prints its latency.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { KamengClient, isKamengApiError } from '@kameng/sdk';
import { apiScopes } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { type Ctx } from '../apps/server/src/lib/ctx';
import { createLogger } from '../apps/server/src/lib/logger';
import { users } from '../apps/server/src/modules/accounts/schema';
import { skus } from '../apps/server/src/modules/catalog/schema';
import { newAppKey, newAppSecret, sealSecret } from '../apps/server/src/modules/docking/credential-secret';
import { apiCredentials } from '../apps/server/src/modules/docking/schema';
import { resellerAccounts } from '../apps/server/src/modules/resellers/schema';
import { topUpReseller } from '../apps/server/src/modules/resellers/top-up-reseller';
import { rawApiBaseline } from './api-orders-baseline';
import { activeMerchant, hotSku, openCheckoutLimits } from './checkout-seed';
import { cpuMeter, pacedLoad, pct, startServer, withBenchDatabase, type BenchDatabase } from './bench-server';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
/** How long each side runs; keys are seeded for more orders than either places in that time. */
const HTTP_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RAW_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10);
const KEYS = Number(process.env.BENCH_KEYS ?? 15_000);
const log = createLogger('warn');

const latencies: number[] = [];
const pacedLatencies: number[] = [];

/** A reseller approved for API docking, topped up with `balance` fen, and one live credential (all scopes). */
async function apiReseller(base: Ctx, balance: number) {
  const [admin] = await base.db
    .insert(users)
    .values({
      email: `bench-admin-${randomUUID()}@example.com`,
      passwordHash: 'x',
      displayName: 'Bench',
      isPlatformAdmin: true,
    })
    .returning({ id: users.id, email: users.email });
  const [user] = await base.db
    .insert(users)
    .values({
      email: `bench-reseller-${randomUUID()}@example.com`,
      passwordHash: 'x',
      displayName: 'Reseller',
    })
    .returning({ id: users.id });
  const [reseller] = await base.db
    .insert(resellerAccounts)
    .values({ userId: user!.id, name: 'Bench reseller', apiStatus: 'approved' })
    .returning({ id: resellerAccounts.id });
  const adminCtx: Ctx = {
    ...base,
    actor: { kind: 'user', userId: admin!.id, email: admin!.email, isPlatformAdmin: true, membership: null },
  };
  await topUpReseller(adminCtx, reseller!.id, { amount: balance, note: 'bench' });
  const id = randomUUID();
  const appKey = newAppKey('live');
  const appSecret = newAppSecret();
  await base.db.insert(apiCredentials).values({
    id,
    resellerId: reseller!.id,
    mode: 'live',
    name: 'bench',
    appKey,
    secretEnc: sealSecret(base.box, id, appSecret),
    scopes: [...apiScopes],
    rateLimitPerMinute: 100_000_000, // the bench measures throughput, not the limiter's refusals
  });
  return { resellerId: reseller!.id, credentialId: id, appKey, appSecret };
}

/**
 * One order through the SDK, timed from `t0` into `record` (none: a warm-up); the keys must come back in
 * the answer (card-key goods are synchronous).
 */
async function order(
  client: KamengClient,
  skuId: string,
  record?: number[],
  t0 = performance.now(),
): Promise<void> {
  const o = await client.orders.create({
    sku_id: skuId,
    quantity: 1,
    out_order_no: `BENCH-${randomBytes(10).toString('hex')}`,
    input: {},
  });
  const ms = performance.now() - t0;
  if (o.status !== 'delivered' || !o.delivery?.keys?.length) {
    throw new Error(`order ${o.id} answered ${o.status} without keys`);
  }
  record?.push(ms);
}

async function main({ url, db, ctx, masterKey, tmp, label, stats }: BenchDatabase) {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    const shop = await activeMerchant(ctx);
    const [skuId, rawSkuId] = [await hotSku(shop, KEYS), await hotSku(shop, KEYS, 'Bench baseline card')];
    await openCheckoutLimits(ctx);
    const reseller = await apiReseller(ctx, 2 * KEYS * 1000 + 1_000_000); // every key at 10.00, twice over
    console.log(
      `database: ${label}; clients: ${CLIENTS}; ${HTTP_SECONDS} s through HTTP (SDK), ${RAW_SECONDS} s raw SQL; one hot SKU`,
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
    const clients = Array.from(
      { length: CLIENTS },
      () =>
        new KamengClient({
          baseUrl: server!.url,
          appKey: reseller.appKey,
          appSecret: reseller.appSecret,
          maxRetries: 0, // a failure is counted, not hidden by a retry
        }),
    );
    // Warm-up: JIT, pools and prepared plans, outside the measurement.
    for (let i = 0; i < 3; i++) await Promise.all(clients.slice(0, 8).map((c) => order(c, skuId)));

    let failed = 0;
    const errors = new Map<string, number>();
    await stats.reset();
    const cpu = cpuMeter(server.pid);
    const t0 = performance.now();
    const deadline = t0 + HTTP_SECONDS * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          await order(client, skuId, latencies).catch((err: unknown) => {
            failed++;
            const code = isKamengApiError(err) ? err.code : String(err).slice(0, 120);
            errors.set(code, (errors.get(code) ?? 0) + 1);
          });
        }
      }),
    );
    const httpS = (performance.now() - t0) / 1000;
    const httpRate = latencies.length / httpS;
    const cpuReport = cpu.report(latencies.length, httpS);
    await stats.print('api', latencies.length);
    const pacedReport = await pacedLoad(httpRate, CLIENTS, (c, due) =>
      order(clients[c]!, skuId, pacedLatencies, due),
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
    } = await rawApiBaseline(
      {
        url,
        merchantId: shop.merchantId,
        productId: raw!.productId,
        skuId: rawSkuId,
        resellerId: reseller.resellerId,
        credentialId: reseller.credentialId,
        appKey: reseller.appKey,
      },
      CLIENTS,
      RAW_SECONDS,
    );
    await stats.print('raw SQL', rawOrders);

    console.log(`api: ${latencies.length} orders in ${httpS.toFixed(1)} s = ${httpRate.toFixed(0)} orders/s`);
    if (failed) console.log(`api: ${failed} orders FAILED: ${JSON.stringify(Object.fromEntries(errors))}`);
    console.log(cpuReport);
    const p99 = pct(latencies, 99);
    console.log(
      `api create latency: p50 ${pct(latencies, 50).toFixed(1)} ms   p99 ${p99.toFixed(1)} ms (target < 50 ms: ${p99 < 50 ? 'OK' : 'MISSED'})`,
    );
    // Each client sends its next order when the last one is answered, so the mean latency is the clients
    // divided by the throughput (Little's law): a p99 under 50 ms needs more than CLIENTS / 0.05 s orders/s.
    console.log(
      `closed loop: ${CLIENTS} clients / ${httpRate.toFixed(0)} orders/s = ${((CLIENTS / httpRate) * 1000).toFixed(0)} ms mean latency; ` +
        `p99 < 50 ms needs > ${(CLIENTS / 0.05).toFixed(0)} orders/s`,
    );
    console.log(pacedReport(pacedLatencies));
    console.log(`server peak RSS: ${rssMb.toFixed(0)} MB`);
    console.log(`raw SQL baseline: ${rawRate.toFixed(0)} orders/s (${CLIENTS} connections)`);
    console.log(`raw SQL baseline ${rawCpu}`);
    console.log(`raw SQL baseline ${rawLatency}`);
    const ratio = httpRate / rawRate;
    console.log(
      `ratio ${ratio.toFixed(2)} (api ${httpRate.toFixed(0)} orders/s vs baseline ${rawRate.toFixed(0)} orders/s; target ≥ 0.7: ${ratio >= 0.7 ? 'OK' : 'MISSED'})`,
    );
  } finally {
    await server?.stop();
  }
}

await withBenchDatabase(log, main);
