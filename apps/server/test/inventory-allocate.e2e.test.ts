import { randomUUID } from 'node:crypto';
import { keyImportOptions } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client';
import { isAppError } from '../src/lib/app-error';
import { withTx, type Ctx } from '../src/lib/ctx';
import { allocateKeys, allocationQuery } from '../src/modules/inventory/allocate-keys';
import { getKeyStock } from '../src/modules/inventory/get-stock';
import { importKeys } from '../src/modules/inventory/import-keys';
import { markKeysSold } from '../src/modules/inventory/mark-keys-sold';
import { readOrderKeys } from '../src/modules/inventory/read-order-keys';
import { releaseKeys } from '../src/modules/inventory/release-keys';
import { SEGMENT_ROWS } from '../src/modules/inventory/stage-keys';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant } from './fixtures';
import { insertSku, ownerCtx, seedKeys } from './inventory-fixtures';

let env: TestEnv;
let ctx: Ctx;
let merchantId: string;
beforeAll(async () => {
  env = await createTestEnv();
  ({ merchantId } = await registeredMerchant(env));
  ctx = await ownerCtx(env, merchantId);
});
afterAll(() => env.close());

const stock = async (skuId: string) => (await getKeyStock(env.db, [skuId])).get(skuId)!;
const recount = async (skuId: string) =>
  Object.fromEntries(
    (
      await env.db.execute<{ status: string; n: number }>(
        sql`SELECT status, count(*)::int AS n FROM card_keys WHERE sku_id = ${skuId} GROUP BY status`,
      )
    ).rows.map((r) => [r.status, r.n]),
  );

describe('allocation', () => {
  it('reserves, sells, delivers and releases keys, keeping the counters', async () => {
    const skuId = await insertSku(env, merchantId);
    const { lines } = await seedKeys(ctx, skuId, 10);
    const order = randomUUID();
    const ids = await allocateKeys(env.ctx(), skuId, 3, order);
    expect(ids).toHaveLength(3);
    expect(await stock(skuId)).toEqual({ available: 7, reserved: 3, sold: 0, void: 0 });
    expect(await markKeysSold(env.ctx(), order)).toEqual(ids);
    expect((await readOrderKeys(env.ctx(), order)).map((k) => k.secret)).toEqual(lines.slice(0, 3));
    const other = randomUUID();
    await allocateKeys(env.ctx(), skuId, 2, other);
    expect(await releaseKeys(env.ctx(), other)).toBe(2);
    expect(await releaseKeys(env.ctx(), order)).toBe(0); // sold keys stay sold
    expect(await stock(skuId)).toEqual({ available: 7, reserved: 0, sold: 3, void: 0 });
    expect(await recount(skuId)).toEqual({ available: 7, sold: 3 });
  });

  it('is all or nothing, and rolls back with the caller’s transaction', async () => {
    const skuId = await insertSku(env, merchantId);
    await seedKeys(ctx, skuId, 5);
    await expect(allocateKeys(env.ctx(), skuId, 6, randomUUID())).rejects.toMatchObject({
      code: 'INSUFFICIENT_STOCK',
    });
    const order = randomUUID();
    await expect(
      withTx(env.ctx(), async (tx) => {
        await allocateKeys(tx, skuId, 2, order);
        await expect(allocateKeys(tx, skuId, 4, randomUUID())).rejects.toMatchObject({
          code: 'INSUFFICIENT_STOCK',
        });
        expect((await getKeyStock(tx.db, [skuId])).get(skuId)!.reserved).toBe(2); // the savepoint kept the first
        throw new Error('checkout failed later');
      }),
    ).rejects.toThrow('checkout failed later');
    expect(await stock(skuId)).toEqual({ available: 5, reserved: 0, sold: 0, void: 0 });
    expect(await recount(skuId)).toEqual({ available: 5 });
  });

  it('records stock.low when available falls to the threshold from above', async () => {
    const skuId = await insertSku(env, merchantId, { lowStockThreshold: 3 });
    await seedKeys(ctx, skuId, 6);
    await allocateKeys(env.ctx(), skuId, 2, randomUUID()); // 4 left: above
    await allocateKeys(env.ctx(), skuId, 1, randomUUID()); // 3 left: crossed
    await allocateKeys(env.ctx(), skuId, 1, randomUUID()); // 2 left: already below, no new alert
    const events = await env.db.execute<{ payload: { available: number } }>(
      sql`SELECT payload FROM events WHERE type = 'stock.low' AND subject_id = ${skuId}`,
    );
    expect(events.rows.map((e) => e.payload.available)).toEqual([3]);
  });

  it('50 concurrent allocators take exactly the 1,000 keys, none twice', async () => {
    const skuId = await insertSku(env, merchantId);
    await seedKeys(ctx, skuId, 1000);
    const db = openDb(env.url, 50);
    const c = { ...env.ctx(), db };
    const taken: number[] = [];
    let refused = 0;
    try {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          let max = 40;
          for (;;) {
            const n = 1 + Math.floor(Math.random() * max);
            try {
              const ids = await allocateKeys(c, skuId, n, randomUUID());
              expect(ids).toHaveLength(n);
              taken.push(...ids);
            } catch (err) {
              if (!isAppError(err, 'INSUFFICIENT_STOCK')) throw err;
              refused++;
              // Fewer than n left (or held by others for a moment): stop when none are left, else ask for less.
              const left = (await stock(skuId)).available;
              if (left === 0) return;
              max = Math.min(max, left);
            }
          }
        }),
      );
    } finally {
      await db.$client.end();
    }
    expect(taken).toHaveLength(1000);
    expect(new Set(taken).size).toBe(1000);
    expect(refused).toBeGreaterThan(0);
    expect(await stock(skuId)).toEqual({ available: 0, reserved: 1000, sold: 0, void: 0 });
    expect(await recount(skuId)).toEqual({ reserved: 1000 });
    const orders = await env.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM card_keys WHERE sku_id = ${skuId} AND order_id IS NULL`,
    );
    expect(orders.rows[0]!.n).toBe(0);
  });

  it('walks only available keys: the plan uses the partial index and the pages it touches stay flat as keys sell', async () => {
    const skuId = await insertSku(env, merchantId);
    await seedKeys(ctx, skuId, 20_000);
    const time = async () => {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) await allocateKeys(env.ctx(), skuId, 5, randomUUID());
      return (performance.now() - t0) / 20;
    };
    /** Pages (buffers) one allocation of 5 keys touches: the work, which the clock only approximates. */
    const pagesTouched = async () => {
      const analyzed = await env.db.execute<{ 'QUERY PLAN': [{ Plan: Record<string, number> }] }>(
        sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${allocationQuery(skuId, 5, randomUUID(), new Date())}`,
      );
      const top = analyzed.rows[0]!['QUERY PLAN'][0].Plan;
      return (top['Shared Hit Blocks'] ?? 0) + (top['Shared Read Blocks'] ?? 0);
    };
    const fresh = await time();
    const freshPages = await pagesTouched();
    const order = randomUUID();
    await allocateKeys(env.ctx(), skuId, 19_000, order);
    await markKeysSold(env.ctx(), order);
    await env.db.execute(sql`VACUUM ANALYZE card_keys`);
    const late = await time();
    console.log(`allocation of 5 keys: ${fresh.toFixed(2)} ms fresh, ${late.toFixed(2)} ms with 19,000 sold`);
    const plan = await env.db.execute<{ 'QUERY PLAN': string }>(
      sql`EXPLAIN ${allocationQuery(skuId, 5, randomUUID(), new Date())}`,
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text, text).toContain('Index Scan using card_keys_available_idx');
    // The checkout runs it prepared: PostgreSQL's generic plan (no values known) must take the index too.
    const generic = await (async () => {
      const p = sql.placeholder;
      const { sql: text } = new PgDialect().sqlToQuery(allocationQuery(p('s'), p('n'), p('o'), p('t')));
      const c = await env.db.$client.connect();
      try {
        await c.query('SET plan_cache_mode = force_generic_plan');
        await c.query(`PREPARE alloc_generic AS ${text}`);
        const res = await c.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN EXECUTE alloc_generic('${randomUUID()}', now(), '${skuId}', 5)`, // in the order they appear
        );
        return res.rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await c.query('DEALLOCATE alloc_generic; RESET plan_cache_mode');
        c.release();
      }
    })();
    expect(generic, generic).toContain('Index Scan using card_keys_available_idx');
    const latePages = await pagesTouched();
    const table = await env.db.execute<{ pages: number }>(
      sql`SELECT (pg_relation_size('card_keys') / current_setting('block_size')::int)::int AS pages`,
    );
    console.log(
      `pages touched: ${freshPages} fresh, ${latePages} with 19,000 sold; the table has ${table.rows[0]!.pages}`,
    );
    // Asserted on the pages, not the clock (a loaded machine makes times noisy).
    expect(latePages).toBeLessThan(freshPages * 2 + 20);
  });
});

it('counts duplicates across segments: repeats in the file vs keys already stored', async () => {
  const skuId = await insertSku(env, merchantId);
  await seedKeys(ctx, skuId, 3, 'OLD');
  const total = SEGMENT_ROWS * 2 + 10;
  const lines = Array.from({ length: total }, (_, i) => `NEW-${i}`);
  lines.push('NEW-0', 'NEW-1', `OLD-${'0'.repeat(8)}`, `NEW-${SEGMENT_ROWS + 5}`); // 3 repeats, 1 existing
  lines.splice(5, 0, `OLD-${'1'.padStart(8, '0')}`); // existing, in the first segment
  const batch = await importKeys(ctx, skuId, [Buffer.from(lines.join('\n'))], keyImportOptions.parse({}), {
    source: 'paste',
  });
  expect(batch).toMatchObject({ imported: total, duplicatesInFile: 3, duplicatesExisting: 2, invalid: 0 });
  expect(await stock(skuId)).toMatchObject({ available: total + 3 });
});
