import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInAdmin } from './fixtures';

let env: TestEnv;
let shop: Agent;
let pending: Agent;
const buyer = () => new Agent(env.app);
const ids: Record<string, string> = {};

const HOUR = 3600_000;
const sku = (over: Record<string, unknown> = {}) => ({
  name: '10元',
  price: 1000,
  deliveryMode: 'card_keys',
  ...over,
});

async function product(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post('/api/merchant/products', { skus: [sku()], status: 'on_sale', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; skus: { id: string }[] }>();
}
async function category(agent: Agent, name: string, parentId: string | null = null, visible = true) {
  const res = await agent.post('/api/merchant/categories', { name, parentId, visible });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
async function coupon(body: Record<string, unknown>) {
  const res = await shop.post('/api/merchant/coupons', { kind: 'percent', value: 10, scope: 'all', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}
const price = (skuId: string, quantity: number, code?: string) =>
  buyer().get(
    `/api/store/price?skuId=${skuId}&quantity=${quantity}${code ? `&coupon=${encodeURIComponent(code)}` : ''}`,
  );

beforeAll(async () => {
  env = await createTestEnv();
  const admin = await signedInAdmin(env);
  const a = await registeredMerchant(env, '星辰卡铺');
  shop = a.agent;
  const res = await admin.agent.post(`/api/admin/merchants/${a.merchantId}/status`, {
    status: 'active',
    reason: 'ok',
  });
  expect(res.statusCode, res.body).toBe(200);
  pending = (await registeredMerchant(env, 'Pending shop')).agent;

  ids.games = await category(shop, '游戏点卡');
  ids.steam = await category(shop, 'Steam', ids.games);
  ids.hidden = await category(shop, 'Hidden', ids.games, false);
  ids.pendingCat = await category(pending, 'Pending cat');

  const now = Date.now();
  const main = await product(shop, {
    title: 'Steam 充值卡 钱包',
    tags: ['steam', '充值'],
    categoryId: ids.steam,
    featured: true,
    description: '# 说明\n\n<script>alert(1)</script>',
    usageGuide: '登录 Steam 兑换',
    maxQty: 1000,
    skus: [
      sku({
        name: '100元',
        price: 10_000,
        pricing: {
          tiers: [
            { minQty: 10, unitPrice: 9500 },
            { minQty: 100, unitPrice: 9000 },
          ],
          buyNGetM: { buy: 5, free: 1 },
          limited: {
            price: 9200,
            startsAt: new Date(now + HOUR).toISOString(),
            endsAt: new Date(now + 2 * HOUR).toISOString(),
          },
        },
      }),
      sku({ name: 'link', deliveryMode: 'shared_text', sharedText: 'https://example.com/x', price: 500 }),
      sku({ name: 'manual', deliveryMode: 'manual', manualStockCap: 3, price: 800 }),
    ],
  });
  ids.main = main.id;
  ids.sku = main.skus[0]!.id;
  ids.linkSku = main.skus[1]!.id;
  // The key pool's counters are the inventory module's; here they are set as an import would leave them.
  await env.db.execute(
    sql`INSERT INTO sku_stock (sku_id, merchant_id, available) SELECT id, merchant_id, 12345 FROM skus WHERE id = ${ids.sku}`,
  );
  ids.hiddenProduct = (await product(shop, { title: 'Hidden child product', categoryId: ids.hidden })).id;
  ids.english = (
    await product(shop, { title: 'Netflix Premium 100%_off', tags: ['video'], categoryId: ids.games })
  ).id;
  ids.draft = (await product(shop, { title: 'Steam draft', status: 'draft' })).id;
  ids.offSale = (await product(shop, { title: 'Steam off sale', status: 'off_sale' })).id;
  const p = await product(pending, {
    title: 'Steam pending merchant',
    featured: true,
    categoryId: ids.pendingCat,
  });
  ids.pendingProduct = p.id;
  ids.pendingSku = p.skus[0]!.id;
});
afterAll(() => env.close());

describe('storefront', () => {
  it('shows a product page with sanitised description, SKUs, pricing rules and display stock', async () => {
    const res = await buyer().get(`/api/store/products/${ids.main}`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json<{
      merchantName: string;
      descriptionHtml: string;
      usageGuide: string;
      skus: { name: string; stock: number | null; pricing: { tiers: unknown[] } }[];
    }>();
    expect(p.merchantName).toBe('星辰卡铺');
    expect(p.descriptionHtml).toContain('<h1>说明</h1>');
    expect(p.descriptionHtml).not.toContain('script');
    expect(p.usageGuide).toBe('登录 Steam 兑换');
    expect(p.skus.map((s) => [s.name, s.stock])).toEqual([
      ['100元', 9999],
      ['link', null],
      ['manual', 3],
    ]);
    expect(p.skus[0]!.pricing.tiers).toHaveLength(2);
    expect(JSON.stringify(p)).not.toContain('example.com/x'); // the shared text is never shown before purchase
  });

  it('hides drafts, off-sale products and merchants that are not active (404 PRODUCT_NOT_AVAILABLE)', async () => {
    for (const id of [ids.draft, ids.offSale, ids.pendingProduct, randomUUID()]) {
      const res = await buyer().get(`/api/store/products/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('PRODUCT_NOT_AVAILABLE');
    }
    const quote = await price(ids.pendingSku!, 1);
    expect(quote.json().code).toBe('PRODUCT_NOT_AVAILABLE');
    const home = (await buyer().get('/api/store/home')).json<{
      categories: { id: string }[];
      featured: { id: string }[];
      latest: { id: string }[];
    }>();
    const listed = [...home.featured, ...home.latest].map((c) => c.id);
    expect(listed).toContain(ids.main);
    for (const id of [ids.draft, ids.offSale, ids.pendingProduct]) expect(listed).not.toContain(id);
    expect(home.featured.map((c) => c.id)).toEqual([ids.main]);
    expect(home.categories.map((c) => c.id)).toEqual([ids.games]);
    const card = home.featured[0]!;
    expect(card).toMatchObject({ merchantName: '星辰卡铺', minPrice: 500, inStock: true });
  });

  it('browses a category with its visible subcategories’ products, paginated', async () => {
    const page = await buyer().get(`/api/store/categories/${ids.games}?limit=1`);
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json<{
      category: { name: string };
      children: { id: string }[];
      products: { id: string }[];
      total: number;
    }>();
    expect(body.category.name).toBe('游戏点卡');
    expect(body.children.map((c) => c.id)).toEqual([ids.steam]);
    expect(body.total).toBe(2); // Steam's product and the English one; not the hidden subcategory's
    expect(body.products).toHaveLength(1);
    const second = (await buyer().get(`/api/store/categories/${ids.games}?limit=1&offset=1`)).json<{
      products: { id: string }[];
    }>();
    expect([body.products[0]!.id, second.products[0]!.id].sort()).toEqual([ids.main, ids.english].sort());
    for (const id of [ids.hidden, ids.pendingCat, randomUUID()]) {
      expect((await buyer().get(`/api/store/categories/${id}`)).statusCode).toBe(404);
    }
  });

  it('searches titles and tags in Chinese and English, with % and _ taken literally', async () => {
    const search = async (q: string) =>
      (await buyer().get(`/api/store/search?q=${encodeURIComponent(q)}`)).json<{
        items: { id: string }[];
        total: number;
      }>();
    expect((await search('充值卡')).items.map((i) => i.id)).toEqual([ids.main]);
    expect((await search('充值')).items.map((i) => i.id)).toEqual([ids.main]); // title and tag
    expect((await search('netflix')).items.map((i) => i.id)).toEqual([ids.english]);
    expect((await search('VIDEO')).items.map((i) => i.id)).toEqual([ids.english]);
    const steam = await search('steam');
    expect(steam.items.map((i) => i.id)).toEqual([ids.main]); // not the draft, off-sale or pending ones
    expect((await search('100%_off')).total).toBe(1);
    expect((await search('%')).items.map((i) => i.id)).toEqual([ids.english]);
    expect((await search('_')).items.map((i) => i.id)).toEqual([ids.english]);
    expect((await buyer().get('/api/store/search?q=')).statusCode).toBe(400);
  });
});

describe('price quotes', () => {
  it('applies wholesale tiers at their boundaries and buy-N-get-M', async () => {
    const q = async (n: number) => (await price(ids.sku!, n)).json();
    expect(await q(1)).toMatchObject({
      unitPrice: 10_000,
      unitPriceSource: 'base',
      subtotal: 10_000,
      deliveredQuantity: 1,
    });
    expect(await q(9)).toMatchObject({ unitPrice: 10_000, deliveredQuantity: 10, freeUnits: 1 });
    expect(await q(10)).toMatchObject({
      unitPrice: 9500,
      unitPriceSource: 'tier',
      subtotal: 95_000,
      deliveredQuantity: 12,
      freeUnits: 2,
    });
    expect(await q(100)).toMatchObject({
      unitPrice: 9000,
      subtotal: 900_000,
      deliveredQuantity: 120,
      total: 900_000,
      coupon: null,
    });
    const over = await price(ids.sku!, 1001);
    expect(over.statusCode).toBe(400);
    expect(over.json().code).toBe('QUANTITY_OUT_OF_RANGE');
    expect((await price(ids.sku!, 0)).statusCode).toBe(400);
  });

  it('applies a coupon or returns the quote with the typed reason it does not apply', async () => {
    const now = Date.now();
    await coupon({ code: 'ALL10' });
    await coupon({ code: 'OFF', active: false });
    await coupon({ code: 'LATER', startsAt: new Date(now + HOUR).toISOString() });
    await coupon({ code: 'OVER', endsAt: new Date(now - 1).toISOString() });
    const used = await coupon({ code: 'GONE', totalLimit: 1 });
    await env.db.execute(sql`UPDATE coupons SET used_count = 1 WHERE id = ${used}`);
    await coupon({ code: 'OTHERSKU', scope: 'sku', scopeId: ids.linkSku });
    await coupon({ code: 'BIG', kind: 'fixed', value: 3000, minSpend: 20_000 });
    await coupon({ code: 'CAT', kind: 'fixed', value: 1500, scope: 'category', scopeId: ids.games }); // the parent category
    await coupon({ code: 'PROD', kind: 'fixed', value: 500, scope: 'product', scopeId: ids.main });

    const q = async (code: string, n = 1) => (await price(ids.sku!, n, code)).json();
    expect(await q('all10', 3)).toMatchObject({
      subtotal: 30_000,
      discount: 3000,
      total: 27_000,
      coupon: { code: 'ALL10', applied: true, rejection: null },
    });
    expect(await q('CAT')).toMatchObject({ discount: 1500, total: 8500, coupon: { applied: true } });
    expect(await q('PROD')).toMatchObject({ discount: 500, total: 9500 });
    expect(await q('BIG', 2)).toMatchObject({ discount: 3000, total: 17_000 });
    for (const [code, rejection] of [
      ['NOPE', 'not_found'],
      ['OFF', 'inactive'],
      ['LATER', 'not_started'],
      ['OVER', 'expired'],
      ['GONE', 'exhausted'],
      ['OTHERSKU', 'out_of_scope'],
      ['BIG', 'min_spend'],
    ] as const) {
      const res = await price(ids.sku!, 1, code);
      expect(res.statusCode, code).toBe(200);
      expect(res.json(), code).toMatchObject({
        discount: 0,
        total: 10_000,
        coupon: { code, applied: false, rejection },
      });
    }
    // Another merchant's code is simply unknown here.
    const foreign = await pending.post('/api/merchant/coupons', {
      code: 'PENDING5',
      kind: 'percent',
      value: 5,
      scope: 'all',
    });
    expect(foreign.statusCode).toBe(201);
    expect((await q('PENDING5')).coupon).toMatchObject({ applied: false, rejection: 'not_found' });
  });

  it('applies the limited-time price from its start (inclusive) to its end (exclusive)', async () => {
    const q = async () => (await price(ids.sku!, 1)).json<{ unitPrice: number; unitPriceSource: string }>();
    expect(await q()).toMatchObject({ unitPrice: 10_000, unitPriceSource: 'base' });
    env.clock.advance(HOUR + 1000);
    expect(await q()).toMatchObject({ unitPrice: 9200, unitPriceSource: 'limited' });
    // With 10 units the tier (9500) loses to the limited price.
    expect((await price(ids.sku!, 10)).json()).toMatchObject({ unitPrice: 9200, unitPriceSource: 'limited' });
    env.clock.advance(HOUR);
    expect(await q()).toMatchObject({ unitPrice: 10_000, unitPriceSource: 'base' });
  });
});
