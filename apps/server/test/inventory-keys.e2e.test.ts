import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../src/lib/ctx';
import { allocateKeys } from '../src/modules/inventory/allocate-keys';
import { releaseKeys } from '../src/modules/inventory/release-keys';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, registeredMerchant, signedInStaff } from './fixtures';
import { insertSku, inventoryCounts, ownerCtx, seedKeys, stockOf, upload } from './inventory-fixtures';

let env: TestEnv;
let owner: Agent;
let ctx: Ctx;
let skuId: string;
let batchId: string;
let lines: string[];
type Key = { id: string; status: string; masked: string; batchId: string };

beforeAll(async () => {
  env = await createTestEnv();
  const m = await registeredMerchant(env, 'Key shop');
  owner = m.agent;
  ctx = await ownerCtx(env, m.merchantId);
  skuId = await insertSku(env, m.merchantId);
  ({
    batch: { id: batchId },
    lines,
  } = await seedKeys(ctx, skuId, 30, 'LISTKEY'));
});
afterAll(() => env.close());

const keysOf = async (query = '') =>
  (await owner.get(`/api/merchant/skus/${skuId}/keys${query}`)).json<{ items: Key[] }>().items;
const auditCount = async (action: string) =>
  (
    await env.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`,
    )
  ).rows[0]!.n;

describe('key list, reveal, export, void, batch deletion', () => {
  it('lists keys masked, newest first, with status/batch filters and keyset paging', async () => {
    const page1 = await keysOf('?limit=10');
    expect(page1).toHaveLength(10);
    expect(page1[0]!.masked).toBe('LI' + '•'.repeat(12) + '29');
    expect(JSON.stringify(page1)).not.toContain('LISTKEY');
    const page2 = await keysOf(`?limit=10&before=${page1.at(-1)!.id}`);
    expect(Number(page2[0]!.id)).toBeLessThan(Number(page1.at(-1)!.id));
    expect((await keysOf(`?batchId=${batchId}&status=available&limit=200`)).length).toBe(30);
    expect(await keysOf('?status=sold')).toEqual([]);
    expect(await keysOf(`?from=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
  });

  it('reveals one key, audited', async () => {
    const [key] = await keysOf('?limit=1');
    const before = await auditCount('keys.reveal');
    const res = await owner.post(`/api/merchant/keys/${key!.id}/reveal`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: key!.id, secret: lines[29] });
    expect(await auditCount('keys.reveal')).toBe(before + 1);
  });

  it('exports available keys only with the right password, audited with the count', async () => {
    const reserved = await allocateKeys(env.ctx(), skuId, 2, randomUUID());
    const wrong = await owner.post(`/api/merchant/skus/${skuId}/keys/export`, {
      password: 'not my password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('AUTH_WRONG_PASSWORD');
    expect(await auditCount('keys.export')).toBe(0);
    const res = await owner.post(`/api/merchant/skus/${skuId}/keys/export`, { password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment/);
    expect(res.body.trimEnd().split('\n')).toEqual(lines.slice(2));
    expect(reserved).toHaveLength(2);
    const audit = await env.db.execute<{ data: { count: number } }>(
      sql`SELECT data FROM audit_log WHERE action = 'keys.export'`,
    );
    expect(audit.rows.map((r) => r.data.count)).toEqual([28]);
  });

  it('voids available keys only; any other id refuses the whole request', async () => {
    const available = await keysOf('?status=available&limit=3');
    const reserved = await keysOf('?status=reserved&limit=1');
    const before = await stockOf(owner, skuId);
    const refused = await owner.post(`/api/merchant/skus/${skuId}/keys/void`, {
      ids: [Number(available[0]!.id), Number(reserved[0]!.id)],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('KEY_NOT_AVAILABLE');
    expect(await stockOf(owner, skuId)).toEqual(before);
    const ok = await owner.post(`/api/merchant/skus/${skuId}/keys/void`, {
      ids: available.map((k) => Number(k.id)),
    });
    expect(ok.json()).toEqual({ voided: 3 });
    expect(await stockOf(owner, skuId)).toEqual({ ...before, available: before.available - 3, void: 3 });
    expect(await auditCount('keys.void')).toBe(1);
  });

  it('deletes a batch only when none of its keys is sold or reserved', async () => {
    const refused = await owner.delete(`/api/merchant/key-batches/${batchId}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('BATCH_HAS_SALES');
    expect((await keysOf('?limit=200')).length).toBe(30);
    const released = await env.db.execute<{ order_id: string }>(
      sql`SELECT DISTINCT order_id FROM card_keys WHERE status = 'reserved' AND sku_id = ${skuId}`,
    );
    for (const r of released.rows) await releaseKeys(env.ctx(), r.order_id);
    const res = await owner.delete(`/api/merchant/key-batches/${batchId}`);
    expect(res.statusCode).toBe(204);
    expect(await keysOf()).toEqual([]);
    expect(await stockOf(owner, skuId)).toEqual({ available: 0, reserved: 0, sold: 0, void: 0 });
    expect(await auditCount('keys.batch_deleted')).toBe(1);
  });
});

describe('permissions and isolation', () => {
  it('refuses staff without keys.import / keys.reveal / keys.export (403), allows catalog.read to list', async () => {
    const { batch } = await seedKeys(ctx, skuId, 3);
    const [key] = await keysOf('?limit=1');
    const staff = await signedInStaff(env, owner, ['catalog.read']);
    const before = await inventoryCounts(env);
    for (const [method, url, body] of [
      ['POST', `/api/merchant/skus/${skuId}/keys/paste`, { text: 'X-1' }],
      ['POST', `/api/merchant/keys/${key!.id}/reveal`, undefined],
      ['POST', `/api/merchant/skus/${skuId}/keys/export`, { password: PASSWORD }],
      ['POST', `/api/merchant/skus/${skuId}/keys/void`, { ids: [Number(key!.id)] }],
      ['DELETE', `/api/merchant/key-batches/${batch.id}`, undefined],
    ] as const) {
      const res = await staff.agent.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('AUTH_FORBIDDEN');
    }
    const up = await upload(env, staff.agent, `/api/merchant/skus/${skuId}/keys/import`, {
      name: 'k.txt',
      content: Buffer.from('X-2'),
    });
    expect(up.statusCode).toBe(403);
    expect(await inventoryCounts(env)).toEqual(before);
    expect((await staff.agent.get(`/api/merchant/skus/${skuId}/keys`)).statusCode).toBe(200);
    const none = await signedInStaff(env, owner, ['orders.read']);
    expect((await none.agent.get(`/api/merchant/skus/${skuId}/keys`)).statusCode).toBe(403);
  });

  it("gives merchant B's owner 404 on every inventory route with A's ids, changing nothing", async () => {
    const { batch } = await seedKeys(ctx, skuId, 2);
    const [key] = await keysOf('?limit=1');
    const b = await registeredMerchant(env, 'Other shop');
    const before = await inventoryCounts(env);
    for (const [method, url, body] of [
      ['POST', `/api/merchant/skus/${skuId}/keys/paste`, { text: 'B-1' }],
      ['GET', `/api/merchant/skus/${skuId}/batches`, undefined],
      ['GET', `/api/merchant/key-batches/${batch.id}/invalid-lines`, undefined],
      ['DELETE', `/api/merchant/key-batches/${batch.id}`, undefined],
      ['GET', `/api/merchant/skus/${skuId}/keys`, undefined],
      ['POST', `/api/merchant/keys/${key!.id}/reveal`, undefined],
      ['POST', `/api/merchant/skus/${skuId}/keys/export`, { password: PASSWORD }],
      ['POST', `/api/merchant/skus/${skuId}/keys/void`, { ids: [Number(key!.id)] }],
      ['GET', `/api/merchant/skus/${skuId}/stock`, undefined],
    ] as const) {
      const res = await b.agent.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    const up = await upload(env, b.agent, `/api/merchant/skus/${skuId}/keys/import`, {
      name: 'k.txt',
      content: Buffer.from('B-2'),
    });
    expect(up.statusCode).toBe(404);
    expect(await inventoryCounts(env)).toEqual(before);
  });
});
