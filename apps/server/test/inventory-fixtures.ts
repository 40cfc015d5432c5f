import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { KeyImportOptions } from '@kameng/shared';
import { keyImportOptions } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Ctx } from '../src/lib/ctx';
import { users } from '../src/modules/accounts/schema';
import { products, skus } from '../src/modules/catalog/schema';
import { importKeys } from '../src/modules/inventory/import-keys';
import { merchantMembers } from '../src/modules/merchants/schema';
import type { Agent } from './agent';
import type { TestEnv } from './env';

/**
 * A product with one SKU inserted straight into the catalog tables (the catalog module is written
 * separately); card_keys delivery unless told otherwise.
 */
export async function insertSku(
  env: TestEnv,
  merchantId: string,
  opts: { deliveryMode?: 'card_keys' | 'shared_text' | 'manual'; lowStockThreshold?: number | null } = {},
): Promise<string> {
  const [product] = await env.db
    .insert(products)
    .values({ merchantId, title: 'Game card', slug: 'p-' + randomUUID() })
    .returning({ id: products.id });
  const [sku] = await env.db
    .insert(skus)
    .values({
      productId: product!.id,
      merchantId,
      name: '100元',
      price: 10_000,
      deliveryMode: opts.deliveryMode ?? 'card_keys',
      lowStockThreshold: opts.lowStockThreshold ?? null,
      pricing: { tiers: [], buyNGetM: null, limited: null },
    })
    .returning({ id: skus.id });
  return sku!.id;
}

/** A ctx acting as the merchant's owner, for calling domain functions directly. */
export async function ownerCtx(env: TestEnv, merchantId: string): Promise<Ctx> {
  const [owner] = await env.db
    .select({ userId: users.id, email: users.email })
    .from(merchantMembers)
    .innerJoin(users, eq(users.id, merchantMembers.userId))
    .where(and(eq(merchantMembers.merchantId, merchantId), eq(merchantMembers.role, 'owner')));
  return {
    ...env.ctx(),
    actor: {
      kind: 'user',
      userId: owner!.userId,
      email: owner!.email,
      isPlatformAdmin: false,
      membership: { merchantId, role: 'owner', permissions: [] },
    },
  };
}

/** Imports `count` generated keys (`<prefix>-<n>`) into a SKU through the domain function. */
export async function seedKeys(
  ctx: Ctx,
  skuId: string,
  count: number,
  prefix = 'K' + randomUUID().slice(0, 8),
) {
  const lines = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(8, '0')}`);
  const batch = await importKeys(ctx, skuId, [Buffer.from(lines.join('\n'))], keyImportOptions.parse({}), {
    source: 'paste',
  });
  expect(batch.imported).toBe(count);
  return { batch, lines };
}

/** Sends a multipart upload (option fields, then the file) as the agent, cookie and CSRF included. */
export async function upload(
  env: TestEnv,
  agent: Agent,
  url: string,
  file: { name: string; content: Buffer | Readable },
  fields: Partial<Record<keyof KeyImportOptions, string>> = {},
): Promise<LightMyRequestResponse> {
  const boundary = '----kameng' + randomUUID();
  const head = Object.entries(fields)
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/plain\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const payload = Buffer.isBuffer(file.content)
    ? Buffer.concat([Buffer.from(head + fileHead), file.content, Buffer.from(tail)])
    : Readable.from(streamed(head + fileHead, file.content, tail));
  return env.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': agent.csrf ?? '',
      'accept-language': 'en',
    },
    payload,
  });
}

async function* streamed(head: string, body: Readable, tail: string) {
  yield Buffer.from(head);
  yield* body;
  yield Buffer.from(tail);
}

/** Row counts of the inventory tables, to show a refused request changed nothing. */
export async function inventoryCounts(env: TestEnv) {
  const res = await env.db.execute<{ keys: number; batches: number; audit: number; events: number }>(sql`
    SELECT (SELECT count(*)::int FROM card_keys) AS keys, (SELECT count(*)::int FROM key_batches) AS batches,
           (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM events) AS events`);
  return res.rows[0]!;
}

/** The SKU's counters as the API shows them. */
export async function stockOf(agent: Agent, skuId: string) {
  const res = await agent.get(`/api/merchant/skus/${skuId}/stock`);
  expect(res.statusCode).toBe(200);
  return res.json<{ available: number; reserved: number; sold: number; void: number }>();
}
