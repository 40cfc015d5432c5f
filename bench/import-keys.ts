/**
 * Imports 1,000,000 card keys into one SKU through `importKeys` (the same domain function the API
 * calls) and prints keys/second and peak RSS; then, as the baseline measured in the same run, the raw
 * database cost alone: a binary COPY of 1,000,000 already-encrypted rows into a table shaped like
 * card_keys. Finally shows that allocation time stays flat after most keys are sold.
 * Uses DATABASE_URL when set, else an embedded PostgreSQL in a temporary folder.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { keyImportOptions } from '@kameng/shared';
import { sql } from 'drizzle-orm';
import { from as copyFrom } from 'pg-copy-streams';
import { openDb } from '../apps/server/src/db/client';
import { startEmbeddedPostgres, type EmbeddedServer } from '../apps/server/src/db/embedded';
import { migrateDatabase } from '../apps/server/src/db/migrate';
import { systemCtx, type Ctx } from '../apps/server/src/lib/ctx';
import { SecretBox } from '../apps/server/src/lib/crypto';
import { createLogger } from '../apps/server/src/lib/logger';
import { users } from '../apps/server/src/modules/accounts/schema';
import { products, skus } from '../apps/server/src/modules/catalog/schema';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from '../apps/server/src/modules/inventory/copy-binary';
import { allocateKeys } from '../apps/server/src/modules/inventory/allocate-keys';
import { importKeys } from '../apps/server/src/modules/inventory/import-keys';
import { merchantMembers, merchants } from '../apps/server/src/modules/merchants/schema';

const KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000);
const log = createLogger('warn');
const mb = (kb: number) => (kb / 1024).toFixed(0);

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-bench-'));
  fs.chmodSync(tmp, 0o755); // postgres runs as another user when we are root
  let embedded: EmbeddedServer | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres(path.join(tmp, 'data'), log);
    url = embedded.url;
  }
  const db = openDb(url, 4);
  try {
    await migrateDatabase(url, log);
    const box = new SecretBox(randomBytes(32));
    const ctx = await ownerCtx({ ...systemCtx({ db, box, log, name: 'bench' }) });
    const skuId = await newSku(ctx);
    console.log(
      `database: ${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}; keys: ${KEYS.toLocaleString()}`,
    );

    const file = path.join(tmp, 'keys.txt');
    await pipeline(Readable.from(keyLines(KEYS)), fs.createWriteStream(file));
    console.log(`file: ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB`);

    console.log(`RSS before import: ${mb(process.resourceUsage().maxRSS)} MB`);
    const t0 = performance.now();
    const batch = await importKeys(
      ctx,
      skuId,
      fs.createReadStream(file, { highWaterMark: 64 * 1024 }),
      keyImportOptions.parse({}),
      { source: 'file', filename: 'keys.txt' },
    );
    const importS = (performance.now() - t0) / 1000;
    const rate = batch.imported / importS;
    const peakKb = process.resourceUsage().maxRSS;
    console.log(
      `import: ${batch.imported.toLocaleString()} keys in ${importS.toFixed(1)} s = ${Math.round(rate).toLocaleString()} keys/s`,
    );
    console.log(`peak RSS: ${mb(peakKb)} MB`);
    console.log(
      `targets: >= 50,000 keys/s ${rate >= 50_000 ? 'OK' : 'MISSED'}; RSS < 300 MB ${peakKb < 300 * 1024 ? 'OK' : 'MISSED'}`,
    );

    const baseS = await rawCopyBaseline(db, batch.id);
    const baseRate = KEYS / baseS;
    console.log(
      `baseline: raw binary COPY of ${KEYS.toLocaleString()} pre-encrypted rows in ${baseS.toFixed(1)} s = ${Math.round(baseRate).toLocaleString()} rows/s`,
    );

    await allocationFlat(ctx, skuId);
    console.log(`ratio (import / raw COPY baseline): ${(rate / baseRate).toFixed(2)}`);
  } finally {
    await db.$client.end();
    await embedded?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function* keyLines(n: number) {
  const prefix = randomBytes(4).toString('hex').toUpperCase();
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    buf.push(`${prefix}-${randomBytes(8).toString('hex').toUpperCase()}-${i}`);
    if (buf.length === 1000) {
      yield buf.join('\n') + '\n';
      buf = [];
    }
  }
  if (buf.length) yield buf.join('\n') + '\n';
}

/** COPY of rows the size of real ones (ciphertext of a 30-character key, 32-byte hash) into a card_keys twin. */
async function rawCopyBaseline(db: ReturnType<typeof openDb>, batchId: string): Promise<number> {
  const client = await db.$client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_raw_keys');
    await client.query('CREATE TABLE bench_raw_keys (LIKE card_keys INCLUDING ALL)');
    const skuId = randomUUID();
    const merchantId = randomUUID();
    const uuid = (u: string) => Buffer.from(u.replace(/-/g, ''), 'hex');
    const fixed = Buffer.concat([field(uuid(merchantId)), field(uuid(skuId)), field(uuid(batchId))]);
    const t0 = performance.now();
    await client.query('BEGIN');
    await pipeline(
      Readable.from(
        (function* () {
          yield COPY_BINARY_HEADER;
          for (let i = 0; i < KEYS; i += 1000) {
            const parts: Buffer[] = [];
            const random = randomBytes(1000 * (59 + 32));
            for (let j = 0; j < 1000; j++) {
              const o = j * 91;
              parts.push(
                Buffer.from([0, 5]),
                fixed,
                field(random.subarray(o, o + 59)),
                field(random.subarray(o + 59, o + 91)),
              );
            }
            yield Buffer.concat(parts);
          }
          yield COPY_BINARY_TRAILER;
        })(),
      ),
      client.query(
        copyFrom(
          'COPY bench_raw_keys (merchant_id, sku_id, batch_id, secret, key_hash) FROM STDIN (FORMAT binary)',
        ),
      ),
    );
    await client.query('COMMIT');
    const s = (performance.now() - t0) / 1000;
    await client.query('DROP TABLE bench_raw_keys');
    return s;
  } finally {
    client.release();
  }
}

function field(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** Allocation time with nothing sold, then with 90% of the SKU sold (partial index: stays flat). */
async function allocationFlat(ctx: Ctx, skuId: string) {
  const time = async () => {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await allocateKeys(ctx, skuId, 5, randomUUID());
    return (performance.now() - t0) / 20;
  };
  const fresh = await time();
  const sold = Math.floor(KEYS * 0.9);
  await ctx.db.execute(sql`
    UPDATE card_keys SET status = 'sold', sold_at = now()
    WHERE id IN (SELECT id FROM card_keys WHERE sku_id = ${skuId} AND status = 'available' ORDER BY id LIMIT ${sold})`);
  await ctx.db.execute(sql`VACUUM ANALYZE card_keys`);
  const late = await time();
  console.log(
    `allocation of 5 keys: ${fresh.toFixed(2)} ms with 0 sold, ${late.toFixed(2)} ms with ${sold.toLocaleString()} sold`,
  );
}

async function ownerCtx(base: Ctx): Promise<Ctx> {
  const [user] = await base.db
    .insert(users)
    .values({ email: `bench-${randomUUID()}@example.com`, passwordHash: 'x', displayName: 'Bench' })
    .returning({ id: users.id, email: users.email });
  const [merchant] = await base.db
    .insert(merchants)
    .values({
      name: 'Bench',
      kind: 'individual',
      contactEmail: user!.email,
      agreementVersion: 'bench',
      agreementAcceptedAt: new Date(),
    })
    .returning({ id: merchants.id });
  await base.db.insert(merchantMembers).values({ merchantId: merchant!.id, userId: user!.id, role: 'owner' });
  return {
    ...base,
    actor: {
      kind: 'user',
      userId: user!.id,
      email: user!.email,
      isPlatformAdmin: false,
      membership: { merchantId: merchant!.id, role: 'owner', permissions: [] },
    },
  };
}

async function newSku(ctx: Ctx): Promise<string> {
  const merchantId = ctx.actor.kind === 'user' ? ctx.actor.membership!.merchantId : '';
  const [product] = await ctx.db
    .insert(products)
    .values({ merchantId, title: 'Bench card', slug: 'bench-' + randomUUID() })
    .returning({ id: products.id });
  const [sku] = await ctx.db
    .insert(skus)
    .values({
      productId: product!.id,
      merchantId,
      name: '1M',
      price: 100,
      deliveryMode: 'card_keys',
      pricing: { tiers: [], buyNGetM: null, limited: null },
    })
    .returning({ id: skus.id });
  return sku!.id;
}

await main();
