import type { KamengClient } from '@kameng/sdk';
import { isKamengApiError, type ApiProduct } from '@kameng/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent';
import {
  dockingAccount,
  insertCredential,
  listen,
  setResellerLevel,
  type DockingAccount,
  sdkClient,
} from './docking-fixtures';
import { createTestEnv, type TestEnv } from './env';
import { activeShop, adminAgent, saleSku } from './orders-fixtures';

let env: TestEnv;
let admin: Agent;
let base: string;
let shop: Awaited<ReturnType<typeof activeShop>>;
let account: DockingAccount;
let client: KamengClient;
let categoryId: string;
let keys: Awaited<ReturnType<typeof saleSku>>;
let manualCapped: Awaited<ReturnType<typeof saleSku>>;
let manualOpen: Awaited<ReturnType<typeof saleSku>>;
let shared: Awaited<ReturnType<typeof saleSku>>;
let draft: Awaited<ReturnType<typeof saleSku>>;

const clientFor = (cred: { appKey: string; appSecret: string }) => sdkClient(base, cred);

beforeAll(async () => {
  env = await createTestEnv();
  admin = await adminAgent(env);
  shop = await activeShop(env, admin);
  const cat = await shop.agent.post('/api/merchant/categories', { name: '游戏点卡' });
  expect(cat.statusCode, cat.body).toBe(201);
  categoryId = cat.json<{ id: string }>().id;
  keys = await saleSku(shop, {
    keys: 5,
    sku: { lowStockThreshold: 3 },
    product: {
      categoryId,
      maxQty: 50,
      inputFields: [{ name: 'account', label: '游戏账号', type: 'text', required: true, regex: '[a-z0-9]+' }],
    },
  });
  manualCapped = await saleSku(shop, { sku: { deliveryMode: 'manual', manualStockCap: 0, price: 2000 } });
  manualOpen = await saleSku(shop, { sku: { deliveryMode: 'manual', manualStockCap: 7, price: 3000 } });
  shared = await saleSku(shop, {
    sku: { deliveryMode: 'shared_text', sharedText: 'WELCOME-CODE', price: 500 },
  });
  draft = await saleSku(shop, { product: { status: 'draft' } });
  base = await listen(env);
  account = await dockingAccount(env, admin, { balance: 10_000 });
  client = clientFor(account.live);
}, 60_000);
afterAll(async () => {
  await env?.close();
});

const find = (products: ApiProduct[], productId: string) => products.find((p) => p.id === productId);

describe('GET /api/v1/categories', () => {
  it('lists the visible categories of active shops', async () => {
    const child = await shop.agent.post('/api/merchant/categories', {
      name: 'Steam',
      parentId: categoryId,
      sort: -5,
    });
    expect(child.statusCode, child.body).toBe(201);
    const hidden = await shop.agent.post('/api/merchant/categories', { name: 'Hidden', visible: false });
    expect(hidden.statusCode, hidden.body).toBe(201);
    const list = await client.categories.list();
    expect(list).toEqual([
      { id: categoryId, parent_id: null, name: '游戏点卡', sort: 0 },
      { id: child.json<{ id: string }>().id, parent_id: categoryId, name: 'Steam', sort: -5 },
    ]);
  });
});

describe('GET /api/v1/products', () => {
  it('shows on-sale products with prices, stock and input fields; never drafts', async () => {
    const page = await client.products.list({ limit: 100 });
    expect(page.has_more).toBe(false);
    const p = find(page.data, keys.productId)!;
    expect(p).toMatchObject({
      category_id: categoryId,
      min_quantity: 1,
      max_quantity: 50,
      input_fields: [
        { name: 'account', label: '游戏账号', type: 'text', required: true, regex: '[a-z0-9]+', help: null },
      ],
    });
    expect(p.skus).toEqual([
      {
        id: keys.skuId,
        name: '10元',
        retail_price: 1000,
        price: 1000,
        currency: 'CNY',
        delivery: 'card_keys',
        stock: { status: 'in_stock', quantity: 5 },
      },
    ]);
    expect(find(page.data, manualCapped.productId)!.skus[0]!.stock).toEqual({
      status: 'out_of_stock',
      quantity: 0,
    });
    expect(find(page.data, manualOpen.productId)!.skus[0]!.stock).toEqual({
      status: 'in_stock',
      quantity: 7,
    });
    expect(find(page.data, shared.productId)!.skus[0]).toMatchObject({
      delivery: 'shared_text',
      stock: { status: 'in_stock', quantity: null },
    });
    expect(find(page.data, draft.productId)).toBeUndefined();
    // One product by id, and a draft is not available.
    expect(await client.products.get(keys.productId)).toEqual(p);
    const err = await client.products.get(draft.productId).catch((e: unknown) => e);
    expect(isKamengApiError(err) && err.code).toBe('PRODUCT_NOT_AVAILABLE');
  });

  it('pages with a cursor and filters by category', async () => {
    const first = await client.products.list({ limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(first.has_more).toBe(true);
    const all: string[] = [];
    for await (const p of client.products.iterate({ limit: 1 })) all.push(p.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(
      [keys.productId, manualCapped.productId, manualOpen.productId, shared.productId].sort(),
    );
    const inCategory = await client.products.list({ category_id: categoryId });
    expect(inCategory.data.map((p) => p.id)).toEqual([keys.productId]);
  });

  it('shows the account’s own price: level price list first, else the level discount rounded down', async () => {
    const other = await dockingAccount(env, admin);
    await setResellerLevel(env, other.resellerId, { discountBps: 333, prices: { [manualOpen.skuId]: 2500 } });
    const page = await clientFor(other.live).products.list({ limit: 100 });
    const priceOf = (productId: string) => find(page.data, productId)!.skus[0]!;
    // 1000 × (1 − 0.0333) = 966.7 → 966
    expect(priceOf(keys.productId)).toMatchObject({ retail_price: 1000, price: 966 });
    expect(priceOf(manualOpen.productId)).toMatchObject({ retail_price: 3000, price: 2500 });
    expect(priceOf(manualCapped.productId)).toMatchObject({ retail_price: 2000, price: 1933 });
    // The account without a level still sees retail prices.
    const mine = await client.products.get(keys.productId);
    expect(mine.skus[0]!.price).toBe(1000);
  });

  it('answers 304 to a matching If-None-Match until something changes, and filters by updated_since', async () => {
    const first = await client.products.list({ limit: 100 });
    expect(first.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await client.products.list({ limit: 100 }, { ifNoneMatch: first.etag! });
    expect(again).toEqual({ notModified: true, etag: first.etag });
    // The single-product read has its own ETag.
    const one = await client.requestRaw<ApiProduct>('GET', `/api/v1/products/${keys.productId}`);
    const cached = await client.requestRaw('GET', `/api/v1/products/${keys.productId}`, {
      headers: { 'if-none-match': one.etag! },
    });
    expect(cached.status).toBe(304);
    expect(cached.data).toBeUndefined();

    const since = new Date(Date.now() - 1).toISOString();
    await new Promise((r) => setTimeout(r, 5));
    // The merchant edits one product: its price moves, so does the ETag and its updated_at.
    const current = await shop.agent.get(`/api/merchant/products/${manualOpen.productId}`);
    const p = current.json<Record<string, unknown> & { skus: Record<string, unknown>[] }>();
    const edited = await shop.agent.put(`/api/merchant/products/${manualOpen.productId}`, {
      title: p.title,
      categoryId: p.categoryId,
      description: p.description,
      usageGuide: p.usageGuide,
      tags: p.tags,
      status: p.status,
      featured: p.featured,
      minQty: p.minQty,
      maxQty: p.maxQty,
      perBuyerLimit: p.perBuyerLimit,
      inputFields: p.inputFields,
      coverUploadId: p.coverUploadId,
      skus: p.skus.map((s) => ({
        id: s.id,
        name: s.name,
        price: 3100,
        deliveryMode: s.deliveryMode,
        manualStockCap: s.manualStockCap,
      })),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const changed = await client.products.list({ limit: 100 }, { ifNoneMatch: first.etag! });
    expect(changed.notModified).toBe(false);
    if (changed.notModified) return;
    expect(changed.etag).not.toBe(first.etag);
    expect(find(changed.data, manualOpen.productId)!.skus[0]!.retail_price).toBe(3100);
    const recent = await client.products.list({ updated_since: since });
    expect(recent.data.map((x) => x.id)).toEqual([manualOpen.productId]);
  });

  it('needs the catalog:read scope', async () => {
    const narrow = await insertCredential(env, account.resellerId, 'live', { scopes: ['orders:read'] });
    const err = await clientFor(narrow)
      .products.list()
      .catch((e: unknown) => e);
    expect(isKamengApiError(err) && err.code).toBe('API_SCOPE_MISSING');
  });

  it('is documented in the OpenAPI file under open-api, with examples', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<
        string,
        Record<string, { tags?: string[]; responses: Record<string, { content?: unknown }> }>
      >;
    }>();
    for (const [path, method] of [
      ['/api/v1/categories', 'get'],
      ['/api/v1/products', 'get'],
      ['/api/v1/products/{id}', 'get'],
      ['/api/v1/orders', 'post'],
      ['/api/v1/orders', 'get'],
      ['/api/v1/orders/{id}', 'get'],
      ['/api/v1/orders/by-out-no/{out_order_no}', 'get'],
      ['/api/v1/orders/{id}/cancel', 'post'],
    ] as const) {
      const op = doc.paths[path]?.[method];
      expect(op?.tags, `${method} ${path}`).toEqual(['open-api']);
      expect(JSON.stringify(op?.responses), `${method} ${path}`).toContain('example');
    }
  });
});
