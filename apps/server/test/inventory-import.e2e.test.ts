import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant } from './fixtures';
import { insertSku, inventoryCounts, stockOf, upload } from './inventory-fixtures';

let env: TestEnv;
let owner: Agent;
let merchantId: string;
beforeAll(async () => {
  env = await createTestEnv();
  ({ agent: owner, merchantId } = await registeredMerchant(env, 'Key shop'));
});
afterAll(() => env.close());

const paste = (skuId: string, body: Record<string, unknown>) =>
  owner.post(`/api/merchant/skus/${skuId}/keys/paste`, body);

describe('key import', () => {
  it('counts imported, duplicates (in file and existing) and invalid lines, with a downloadable report', async () => {
    const skuId = await insertSku(env, merchantId);
    const first = await paste(skuId, { text: 'AAAA-0001\nAAAA-0002\n\nAAAA-0003\n' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      imported: 3,
      duplicatesInFile: 0,
      duplicatesExisting: 0,
      invalid: 0,
    });

    const text = [
      'AAAA-0002', // 1: already in stock
      'BBBB-0001', // 2
      '  BBBB-0001  ', // 3: repeat within the file (after trimming)
      '', // 4: blank, skipped silently
      'x'.repeat(1025), // 5: too long
      'BAD\u0007KEY', // 6: control character
      'BBBB-0002', // 7
      'AAAA-0003', // 8: already in stock
      'BBBB-0002', // 9: repeat within the file
    ].join('\r\n');
    const res = await paste(skuId, { text });
    expect(res.statusCode).toBe(201);
    const batch = res.json();
    expect(batch).toMatchObject({
      source: 'paste',
      format: 'txt',
      status: 'done',
      totalLines: 8,
      imported: 2,
      duplicatesInFile: 2,
      duplicatesExisting: 2,
      invalid: 2,
      remaining: 2,
      sold: 0,
    });

    const report = await owner.get(`/api/merchant/key-batches/${batch.id}/invalid-lines`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/plain/);
    expect(report.headers['content-disposition']).toMatch(/^attachment; filename=/);
    expect(report.body).toBe('5\ttoo_long\n6\tcontrol_characters\n');

    expect(await stockOf(owner, skuId)).toMatchObject({ available: 5, reserved: 0, sold: 0, void: 0 });
    const batches = (await owner.get(`/api/merchant/skus/${skuId}/batches`)).json().items;
    expect(batches.map((b: { imported: number }) => b.imported)).toEqual([2, 3]);
    const audit = await env.db.execute<{ data: Record<string, number> }>(
      sql`SELECT data FROM audit_log WHERE action = 'keys.import' AND target_id = ${batch.id}`,
    );
    expect(audit.rows[0]!.data).toMatchObject({ imported: 2, duplicatesInFile: 2, duplicatesExisting: 2 });
    const events = await env.db.execute(
      sql`SELECT 1 FROM events WHERE type = 'stock.changed' AND subject_id = ${skuId}`,
    );
    expect(events.rows.length).toBe(2);
  });

  it('imports an uploaded .txt file', async () => {
    const skuId = await insertSku(env, merchantId);
    const lines = Array.from({ length: 5000 }, (_, i) => `FILE-${i}`).join('\n');
    const res = await upload(env, owner, `/api/merchant/skus/${skuId}/keys/import`, {
      name: 'keys.txt',
      content: Buffer.from(lines),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      source: 'file',
      filename: 'keys.txt',
      imported: 5000,
      totalLines: 5000,
    });
  });

  it('imports csv with a custom delimiter and a header; the key is card----password', async () => {
    const skuId = await insertSku(env, merchantId);
    const csv = '卡号;密码\nCARD-01;PW-01\n"CARD;02";PW-02\nCARD-03\n;PW-04\nCARD-01;PW-01\n';
    const res = await upload(
      env,
      owner,
      `/api/merchant/skus/${skuId}/keys/import`,
      { name: 'keys.csv', content: Buffer.from(csv) },
      { format: 'csv', delimiter: ';', header: 'true', cardColumn: '1', passwordColumn: '2' },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'csv', imported: 2, invalid: 2, duplicatesInFile: 1 });
    const report = await owner.get(`/api/merchant/key-batches/${res.json().id}/invalid-lines`);
    expect(report.body).toBe('4\twrong_column_count\n5\tempty_card\n');
    const keys = (await owner.get(`/api/merchant/skus/${skuId}/keys`)).json().items;
    const secrets = [];
    for (const k of keys) secrets.push((await owner.post(`/api/merchant/keys/${k.id}/reveal`)).json().secret);
    expect(secrets.sort()).toEqual(['CARD-01----PW-01', 'CARD;02----PW-02']);
  });

  it('stores keys encrypted: neither the secret, the hash nor the whole row contains the key', async () => {
    const skuId = await insertSku(env, merchantId);
    const keys = ['PLAIN-SECRET-KEY-0001', 'PLAIN-SECRET-KEY-0002', '卡密明文-0003'];
    expect((await paste(skuId, { text: keys.join('\n') })).statusCode).toBe(201);
    for (const key of keys) {
      const res = await env.db.execute<{ total: number; leaks: number }>(sql`
        SELECT count(*)::int AS total, count(*) FILTER (WHERE
          position(convert_to(${key}, 'UTF8') in secret) > 0
          OR position(convert_to(${key}, 'UTF8') in key_hash) > 0
          OR position(${key} in c::text) > 0
          OR position(encode(convert_to(${key}, 'UTF8'), 'hex') in c::text) > 0)::int AS leaks
        FROM card_keys c WHERE sku_id = ${skuId}`);
      expect(res.rows[0]).toEqual({ total: 3, leaks: 0 });
    }
    // …and the ciphertext is bound to its SKU: the same key in another SKU has another hash.
    const other = await insertSku(env, merchantId);
    await paste(other, { text: keys[0]! });
    const hashes = await env.db.execute<{ n: number }>(
      sql`SELECT count(DISTINCT key_hash)::int AS n FROM card_keys WHERE sku_id IN (${skuId}, ${other})`,
    );
    expect(hashes.rows[0]!.n).toBe(4);
  });
});

describe('refused imports change nothing', () => {
  let skuId: string;
  beforeAll(async () => {
    skuId = await insertSku(env, merchantId);
    await paste(skuId, { text: 'KEEP-1\nKEEP-2' });
  });

  const refused = async (send: () => Promise<{ statusCode: number; json: () => unknown }>) => {
    const before = await inventoryCounts(env);
    const res = await send();
    expect(await inventoryCounts(env)).toEqual(before);
    expect(await stockOf(owner, skuId)).toMatchObject({ available: 2 });
    return res as { statusCode: number; json: () => { code: string; details?: { line?: number } } };
  };

  it('a binary file: IMPORT_FILE_INVALID', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const res = await refused(() =>
      upload(env, owner, `/api/merchant/skus/${skuId}/keys/import`, {
        name: 'keys.txt',
        content: Buffer.concat([Buffer.from('GOOD-1\nGOOD-2\n'), png]),
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_FILE_INVALID');
  });

  it('a CSV with broken quoting: IMPORT_CSV_MALFORMED naming the line', async () => {
    const res = await refused(() =>
      upload(
        env,
        owner,
        `/api/merchant/skus/${skuId}/keys/import`,
        { name: 'k.csv', content: Buffer.from('A1,P1\nA2,P2\n"A3,P3\nA4,P4\n') },
        { format: 'csv' },
      ),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_CSV_MALFORMED');
    expect(res.json().details?.line).toBe(3);
  });

  it('nothing importable: IMPORT_EMPTY', async () => {
    const res = await refused(() => paste(skuId, { text: '\n   \n' + 'y'.repeat(2000) + '\n' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_EMPTY');
  });

  it('a SKU that does not deliver card keys: SKU_NOT_CARD_KEYS; an unknown one: NOT_FOUND', async () => {
    const shared = await insertSku(env, merchantId, { deliveryMode: 'shared_text' });
    const res = await refused(() => paste(shared, { text: 'K-1' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SKU_NOT_CARD_KEYS');
    const missing = await refused(() => paste('00000000-0000-4000-8000-000000000000', { text: 'K-1' }));
    expect(missing.statusCode).toBe(404);
  });

  it('an oversized upload: 413 UPLOAD_TOO_LARGE', async () => {
    const { KEY_UPLOAD_LIMIT_BYTES } = await import('../src/http/routes/merchant-inventory');
    const chunk = Buffer.alloc(1 << 20, 'z');
    const total = KEY_UPLOAD_LIMIT_BYTES + (1 << 20);
    const body = Readable.from(
      (function* () {
        yield Buffer.from('FIRST-KEY-1\nFIRST-KEY-2\n');
        for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
      })(),
    );
    const res = await refused(() =>
      upload(env, owner, `/api/merchant/skus/${skuId}/keys/import`, { name: 'big.txt', content: body }),
    );
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('UPLOAD_TOO_LARGE');
  });
});

it('a 10 MB single line is counted invalid, the other lines are imported, memory stays flat', async () => {
  const skuId = await insertSku(env, merchantId);
  const rssBefore = process.memoryUsage().rss;
  const body = Readable.from(
    (function* () {
      yield Buffer.from('LINE-1\nLINE-2\n');
      for (let i = 0; i < 160; i++) yield Buffer.alloc(64 * 1024, 'q'); // 10 MiB, no newline
      yield Buffer.from('\nLINE-4\n');
    })(),
  );
  const res = await upload(env, owner, `/api/merchant/skus/${skuId}/keys/import`, {
    name: 'l.txt',
    content: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json()).toMatchObject({ imported: 3, invalid: 1, totalLines: 4 });
  expect((await owner.get(`/api/merchant/key-batches/${res.json().id}/invalid-lines`)).body).toBe(
    '3\ttoo_long\n',
  );
  const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  expect(grownMb).toBeLessThan(100);
});
