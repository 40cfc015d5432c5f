// A crash under checkout load: a real `kameng start` takes concurrent sandbox purchases, is SIGKILLed
// mid-load and restarted on the same data. Once payments have healed (the gateway's notify retries, the
// active query, buyers whose "pay" press got no answer pressing "I have paid"), every order the gateway
// took money for is delivered or queued, no key is sold twice, the stock counters match the keys and
// the ledger balances. Runs on Kameng's own embedded PostgreSQL (which outlives the killed process and
// is recovered by the restart), or on a database of TEST_DATABASE_URL's server when that is set.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { activeMerchant, hotSku, openCheckoutLimits, sandboxChannel } from '../../../bench/checkout-seed';
import { openDb } from '../src/db/client';
import { systemCtx } from '../src/lib/ctx';
import { SecretBox } from '../src/lib/crypto';
import { createLogger } from '../src/lib/logger';
import { startCheckoutLoad, type Purchase } from './checkout-load';
import { createTestDatabase } from './env';
import { expectLedgerBalanced } from './ledger-assert';
import { cleanupAll, freePort, sandbox, waitReady, type KamengProcess } from './spawn-kameng';

const KEYS = 300;
const BUYERS = 16;
/** The load runs this long (a random point in the range, so the kill lands in different steps) before the kill. */
const LOAD_MS = [1500, 3000] as const;
/** Recovery is polled at most this long: the active query of each attempt runs ~30 s after it started. */
const RECOVERY_MS = 60_000;
const FINAL = ['delivered', 'manual', 'refunded', 'partially_refunded'];
const external = Boolean(process.env.TEST_DATABASE_URL);

afterAll(cleanupAll);

/** The embedded database of a running `kameng start` (port from its log, password from the data folder). */
function embeddedUrl(proc: KamengProcess, dataDir: string): string {
  const started = proc.logs().findLast((l) => l.msg === 'embedded PostgreSQL started');
  if (typeof started?.port !== 'number') throw new Error(`no embedded PostgreSQL port in\n${proc.stdout}`);
  const { password } = JSON.parse(fs.readFileSync(path.join(dataDir, 'pg-secrets.json'), 'utf8')) as {
    password: string;
  };
  return `postgres://kameng:${encodeURIComponent(password)}@127.0.0.1:${started.port}/kameng`;
}

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function eachLimited<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const rowsOf = async <T extends pg.QueryResultRow = Record<string, unknown>>(
  c: pg.ClientBase,
  text: string,
  params: unknown[] = [],
) => (await c.query<T>(text, params)).rows;

describe(`checkout under SIGKILL (${external ? 'TEST_DATABASE_URL' : 'embedded PostgreSQL'})`, () => {
  it('after a crash and restart every paid order is delivered or queued, keys and money add up', async ({
    onTestFinished,
  }) => {
    const t0 = Date.now();
    const box = sandbox(onTestFinished);
    const dataDir = box.dataDir();
    const port = await freePort();
    const masterKey = randomBytes(32);
    const env: Record<string, string> = {
      KAMENG_DATA_DIR: dataDir,
      KAMENG_MASTER_KEY: masterKey.toString('hex'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info', // the embedded database's port is read from the log
      ...(external ? { DATABASE_URL: await createTestDatabase() } : {}),
    };
    const base = `http://127.0.0.1:${port}`;

    const first = box.spawn(['start'], env);
    await waitReady(first, port, 60_000);
    const url1 = env.DATABASE_URL ?? embeddedUrl(first, dataDir);

    // Seed through the domain functions the checkout bench uses, with the server's master key.
    const seedDb = openDb(url1, 4);
    let skuId: string;
    let channelId: string;
    try {
      const ctx = systemCtx({
        db: seedDb,
        box: new SecretBox(masterKey),
        log: createLogger('silent'),
        name: 'crash-test',
      });
      const shop = await activeMerchant(ctx);
      skuId = await hotSku(shop, KEYS);
      channelId = await sandboxChannel(ctx);
      await openCheckoutLimits(ctx);
    } finally {
      await seedDb.$client.end();
    }
    const seededAt = Date.now();

    // Load, then SIGKILL mid-load.
    const load = startCheckoutLoad({
      base,
      skuId,
      channelId,
      buyers: BUYERS,
      maxTriesPerBuyer: Math.floor(KEYS / BUYERS), // never more orders than keys: no stock errors
      requestTimeoutMs: 10_000,
    });
    const loadStart = Date.now();
    const killAfter = LOAD_MS[0] + Math.floor(Math.random() * (LOAD_MS[1] - LOAD_MS[0]));
    for (let i = 0; i < 400; i++) {
      const ran = Date.now() - loadStart;
      // Past the chosen moment (or half the keys ordered, on a fast machine), with money taken and
      // requests under way; failing that, give up at 6 s.
      const due = ran >= killAfter || load.purchases.length >= KEYS / 2;
      if ((due && load.confirmed > 0 && load.inFlight > 0) || ran >= 6000) break;
      await sleep(10);
    }
    const inFlightAtKill = load.inFlight;
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    expect(await first.waitForExit(5000)).toEqual({ code: null, signal: 'SIGKILL' });
    await load.stop();
    const loadMs = killedAt - loadStart;
    const before = load.errors.filter((e) => e.at < killedAt);
    expect(before, 'no purchase failed before the kill').toEqual([]);
    const purchases: readonly Purchase[] = load.purchases;
    const count = (stage: Purchase['stage']) => purchases.filter((p) => p.stage === stage).length;
    expect(count('confirmed')).toBeGreaterThan(0);
    expect(inFlightAtKill).toBeGreaterThan(0);

    // Restart on the same data folder (and port: the gateway's notify and cashier URLs point there).
    const second = box.spawn(['start'], env);
    await waitReady(second, port, 60_000);
    const restartedAt = Date.now();
    const url2 = env.DATABASE_URL ?? embeddedUrl(second, dataDir);

    // Buyers whose "pay" press got no answer come back to the result page: "I have paid".
    const unsure = purchases.filter((p) => p.stage === 'pressed');
    await eachLimited(unsure, 8, async (p) => {
      const res = await post(`${base}/api/store/orders/${p.orderNo}/return`, { token: p.accessToken });
      expect(res.status, res.text).toBe(200);
    });

    const client = new pg.Client({ connectionString: url2 });
    await client.connect();
    const db = openDb(url2, 2);
    try {
      // Wait (bounded) until every trade the gateway took money for has its order delivered or queued.
      const unhealed = () =>
        rowsOf<{ trade_no: string; order_no: string | null; status: string | null }>(
          client,
          `SELECT t.trade_no, o.order_no, o.status
             FROM sandbox_trades t
             LEFT JOIN payment_attempts a ON a.trade_no = t.out_trade_no
             LEFT JOIN orders o ON o.id = a.order_id
            WHERE t.status = 'paid' AND (o.id IS NULL OR o.status <> ALL($1::text[]))`,
          [FINAL],
        );
      let stuck = await unhealed();
      for (let i = 0; i < RECOVERY_MS / 250 && stuck.length > 0; i++) {
        if (Date.now() - restartedAt > RECOVERY_MS) break;
        await sleep(250);
        stuck = await unhealed();
      }
      const recoveredMs = Date.now() - restartedAt;
      expect(stuck, 'paid at the gateway, but not delivered or queued').toEqual([]);

      // Every check on one snapshot, so the counts agree with each other.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const paidTrades = (
        await rowsOf<{ n: number }>(
          client,
          `SELECT count(*)::int AS n FROM sandbox_trades WHERE status = 'paid'`,
        )
      )[0]!.n;
      expect(paidTrades).toBeGreaterThanOrEqual(count('confirmed'));

      // No order is past payment without the gateway holding its money, and none was paid twice.
      expect(
        await rowsOf(
          client,
          `SELECT o.order_no, o.status FROM orders o
            WHERE o.status <> ALL('{pending_payment,expired,cancelled}')
              AND NOT EXISTS (SELECT 1 FROM payment_attempts a JOIN sandbox_trades t ON t.out_trade_no = a.trade_no
                               WHERE a.order_id = o.id AND a.status = 'paid' AND t.status = 'paid')`,
        ),
      ).toEqual([]);
      expect(
        await rowsOf(
          client,
          `SELECT order_id FROM payment_attempts WHERE status = 'paid' GROUP BY order_id HAVING count(*) > 1`,
        ),
      ).toEqual([]);
      const paidOrders = (
        await rowsOf<{ n: number }>(client, `SELECT count(*)::int AS n FROM orders WHERE paid_at IS NOT NULL`)
      )[0]!.n;
      expect(paidOrders).toBe(paidTrades);

      // Keys: none sold twice, each sold key belongs to a delivered order which holds exactly its keys,
      // and each key still reserved belongs to an order still awaiting payment.
      expect(
        await rowsOf(
          client,
          `SELECT sku_id, key_hash FROM card_keys WHERE status = 'sold' GROUP BY 1, 2 HAVING count(*) > 1`,
        ),
      ).toEqual([]);
      expect(
        await rowsOf(
          client,
          `SELECT k.id, o.order_no, o.status FROM card_keys k LEFT JOIN orders o ON o.id = k.order_id
            WHERE k.status = 'sold' AND (o.id IS NULL OR o.status <> 'delivered')`,
        ),
      ).toEqual([]);
      expect(
        await rowsOf(
          client,
          `SELECT o.order_no, o.delivered_quantity, count(k.id)::int AS keys FROM orders o
             LEFT JOIN card_keys k ON k.order_id = o.id AND k.status = 'sold'
            WHERE o.status = 'delivered' GROUP BY o.id HAVING count(k.id) <> o.delivered_quantity`,
        ),
      ).toEqual([]);
      const [totals] = await rowsOf<{ sold: number; delivered: number }>(
        client,
        `SELECT (SELECT count(*) FROM card_keys WHERE status = 'sold')::int AS sold,
                (SELECT COALESCE(SUM(delivered_quantity), 0) FROM orders WHERE status = 'delivered')::int AS delivered`,
      );
      expect(totals!.sold).toBe(totals!.delivered);
      expect(
        await rowsOf(
          client,
          `SELECT k.id, o.order_no, o.status FROM card_keys k LEFT JOIN orders o ON o.id = k.order_id
            WHERE k.status = 'reserved' AND (o.id IS NULL OR o.status <> 'pending_payment')`,
        ),
      ).toEqual([]);

      // Stock counters (summed over a SKU's rows) equal the keys by status.
      type Counts = { sku_id: string; available: number; reserved: number; sold: number; void: number };
      const counters = await rowsOf<Counts>(
        client,
        `SELECT sku_id, SUM(available)::int AS available, SUM(reserved)::int AS reserved,
                SUM(sold)::int AS sold, SUM(void)::int AS void
           FROM sku_stock GROUP BY sku_id ORDER BY sku_id`,
      );
      const keys = await rowsOf<Counts>(
        client,
        `SELECT sku_id, count(*) FILTER (WHERE status = 'available')::int AS available,
                count(*) FILTER (WHERE status = 'reserved')::int AS reserved,
                count(*) FILTER (WHERE status = 'sold')::int AS sold,
                count(*) FILTER (WHERE status = 'void')::int AS void
           FROM card_keys GROUP BY sku_id ORDER BY sku_id`,
      );
      expect(counters).toEqual(keys);
      expect(keys.map((k) => [k.sku_id, k.available + k.reserved + k.sold, k.void])).toEqual([
        [skuId, KEYS, 0],
      ]);

      // Money: one order.paid posting per paid order, none for another.
      expect(
        await rowsOf(
          client,
          `SELECT o.order_no, count(e.id)::int AS entries FROM orders o
             LEFT JOIN ledger_entries e ON e.kind = 'order.paid' AND e.reference_type = 'order'
                                       AND e.reference_id = o.id::text
            GROUP BY o.id HAVING count(e.id) <> (CASE WHEN o.paid_at IS NULL THEN 0 ELSE 1 END)`,
        ),
      ).toEqual([]);
      // The buyer's delivery e-mail is in the outbox exactly once per delivered order.
      expect(
        await rowsOf(
          client,
          `SELECT o.order_no, count(e.id)::int AS emails FROM orders o
             LEFT JOIN emails e ON e.order_id = o.id AND e.template = 'delivery'
            WHERE o.status = 'delivered' GROUP BY o.id HAVING count(e.id) <> 1`,
        ),
      ).toEqual([]);
      const healing = await rowsOf<{ method: string; reason: string | null; n: number }>(
        client,
        `SELECT method, reason, count(*)::int AS n FROM payment_notifies
          WHERE verdict = 'accepted' GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const stale = await rowsOf<{ task: string; n: number }>(
        client,
        `SELECT task_identifier AS task, count(*)::int AS n FROM graphile_worker.jobs
          WHERE locked_at <= $1 GROUP BY 1 ORDER BY 1`,
        [new Date(killedAt)],
      );
      await client.query('COMMIT');
      await expectLedgerBalanced({ db });

      // What the buyers see: each paid order shows its own key; no key is shown to two orders.
      const paidNos = new Set(
        (
          await rowsOf<{ order_no: string }>(
            client,
            `SELECT order_no FROM orders WHERE status = ANY($1::text[])`,
            [FINAL],
          )
        ).map((r) => r.order_no),
      );
      const shown: string[] = [];
      const mine = purchases.filter((p) => paidNos.has(p.orderNo));
      expect(mine.length).toBe(paidNos.size); // every paid order is one our buyers placed
      await eachLimited(mine, 8, async (p) => {
        const res = await fetch(
          `${base}/api/store/orders/${p.orderNo}?token=${encodeURIComponent(p.accessToken)}`,
          { signal: AbortSignal.timeout(10_000) },
        );
        expect(res.status).toBe(200);
        const view = (await res.json()) as { status: string; delivery: { keys: string[] } | null };
        expect(FINAL).toContain(view.status);
        if (view.status === 'delivered') shown.push(...view.delivery!.keys);
      });
      expect(shown.length).toBe(totals!.sold);
      expect(new Set(shown).size).toBe(shown.length);

      console.log(
        `checkout crash (${external ? 'TEST_DATABASE_URL' : 'embedded PostgreSQL'}): ` +
          `start+seed ${seededAt - t0} ms; load ${loadMs} ms with ${BUYERS} buyers: ` +
          `${purchases.length} orders (${count('confirmed')} pay confirmed, ${count('pressed')} pay unanswered, ` +
          `${count('cashier')} at the cashier, ${count('created')} unpaid); ${inFlightAtKill} requests in flight ` +
          `at SIGKILL, ${load.errors.length} buyer errors after it; restart ${restartedAt - killedAt} ms; ` +
          `${paidTrades} paid at the gateway, all delivered or queued ${recoveredMs} ms after restart ` +
          `(${totals!.sold} keys sold); accepted by ${JSON.stringify(healing)}; ` +
          `jobs left locked by the killed worker: ${JSON.stringify(stale)}; total ${Date.now() - t0} ms`,
      );
    } finally {
      await client.end();
      await db.$client.end();
    }
  }, 120_000);
});
