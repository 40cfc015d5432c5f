import type { KeyBatch, KeyImportOptions } from '@kameng/shared';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { AppError } from '../../lib/app-error';
import { requireUser, tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { findSku } from './find-sku';
import { ImportTally } from './import-tally';
import { lockSkuKeys } from './lock-sku-keys';
import { parseKeys } from './parse-keys';
import { pgClientOf } from './pg-client-of';
import type { ByteSource } from './read-lines';
import { keyBatches } from './schema';
import { copySegment, createStage, encryptSegments } from './stage-keys';
import { adjustStock, stockChanged } from './stock-counters';
import { batchDto } from './to-batch-dto';

/** Where the keys came from. */
export interface ImportMeta {
  source: 'paste' | 'file';
  filename?: string | null;
}

/**
 * Imports card keys into a SKU as one batch, streaming: lines are parsed, hashed and encrypted as
 * they arrive, COPied segment by segment into a temporary staging table and moved into `card_keys`
 * by one statement per segment that skips keys already stored (in the SKU or earlier in the file).
 * All of it is one transaction: a refused file (binary, broken CSV, nothing importable) or any
 * failure leaves nothing behind.
 */
export async function importKeys(
  ctx: Ctx,
  skuId: string,
  source: ByteSource,
  options: KeyImportOptions,
  meta: ImportMeta,
): Promise<KeyBatch> {
  const merchantId = tenantOf(ctx, 'keys.import');
  return withTx(ctx, async (tx) => {
    const sku = await findSku(tx, merchantId, skuId);
    // One import (or batch deletion) per SKU at a time, so the duplicate counts below are exact.
    await lockSkuKeys(tx, skuId);
    const hadKeys =
      (await tx.db.execute(sql`SELECT 1 FROM card_keys WHERE sku_id = ${skuId} LIMIT 1`)).rows.length > 0;
    const [batch] = await tx.db
      .insert(keyBatches)
      .values({
        merchantId,
        skuId,
        source: meta.source,
        filename: meta.filename ?? null,
        format: options.format,
        status: 'done',
        createdBy: requireUser(ctx).userId,
        createdAt: ctx.now(),
      })
      .returning({ id: keyBatches.id });
    const batchId = batch!.id;
    const client = pgClientOf(tx.db);
    await createStage(client);
    const tally = new ImportTally();
    const counted = { imported: 0, existing: 0 };
    const segments = encryptSegments(ctx.box, skuId, parseKeys(source, options), tally);
    let next = segments.next();
    for (let s = await next; !s.done; s = await next) {
      await copySegment(client, s.value);
      next = segments.next(); // encrypt the next segment while PostgreSQL inserts this one
      next.catch(() => undefined); // a database error below wins; this one is then irrelevant
      if (hadKeys) counted.existing += await countExisting(client, skuId, batchId);
      counted.imported += await insertStaged(client, { merchantId, skuId, batchId, now: ctx.now() });
    }
    await client.query('DROP TABLE key_import_stage');
    if (tally.valid === 0) throw new AppError('IMPORT_EMPTY', { invalid: tally.invalid });

    const counts = {
      totalLines: tally.valid + tally.invalid,
      invalid: tally.invalid,
      invalidReport: tally.report(),
      imported: counted.imported,
      duplicatesExisting: counted.existing,
      duplicatesInFile: tally.valid - counted.imported - counted.existing,
    };
    const [row] = await tx.db.update(keyBatches).set(counts).where(eq(keyBatches.id, batchId)).returning();
    const stock = await adjustStock(tx, sku, { available: counted.imported });
    await stockChanged(tx, sku, stock, 'import');
    const { invalidReport: _, ...audited } = counts;
    await appendAudit(tx, {
      action: 'keys.import',
      targetType: 'key_batch',
      targetId: batchId,
      merchantId,
      data: { skuId, source: meta.source, ...audited },
    });
    return batchDto(row!, { remaining: counted.imported, sold: 0 });
  });
}

/**
 * Moves the staged segment into card_keys. ON CONFLICT skips keys already stored, including repeats
 * within the file (same statement or an earlier segment). The staging heap is read in COPY order, so
 * ids follow the file. (Sorting by hash first was measured slower: the sort costs more than it saves.)
 */
async function insertStaged(
  client: pg.ClientBase,
  p: { merchantId: string; skuId: string; batchId: string; now: Date },
): Promise<number> {
  const res = await client.query(
    `INSERT INTO card_keys (merchant_id, sku_id, batch_id, secret, key_hash, created_at)
     SELECT $1::uuid, $2::uuid, $3::uuid, secret, key_hash, $4::timestamptz FROM key_import_stage
     ON CONFLICT (sku_id, key_hash) DO NOTHING`,
    [p.merchantId, p.skuId, p.batchId, p.now],
  );
  return res.rowCount ?? 0;
}

/** Staged lines whose key the SKU held before this import (repeats within the file are not counted here). */
async function countExisting(client: pg.ClientBase, skuId: string, batchId: string): Promise<number> {
  const res = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM key_import_stage s
     WHERE EXISTS (SELECT 1 FROM card_keys c WHERE c.sku_id = $1 AND c.key_hash = s.key_hash AND c.batch_id <> $2)`,
    [skuId, batchId],
  );
  return res.rows[0]!.n;
}
