import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInStaff } from './fixtures';

let env: TestEnv;
let a: Agent;
let b: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  a = (await registeredMerchant(env, 'Shop A')).agent;
  b = (await registeredMerchant(env, 'Shop B')).agent;
});
afterAll(() => env.close());

const sku = (over: Record<string, unknown> = {}) => ({
  name: '10元',
  price: 1000,
  deliveryMode: 'card_keys',
  ...over,
});
const productBody = (over: Record<string, unknown> = {}) => ({
  title: 'Steam 充值卡',
  skus: [sku()],
  ...over,
});

async function counts() {
  const res = await env.db.execute<Record<string, number>>(sql`SELECT
    (SELECT count(*)::int FROM categories) AS categories,
    (SELECT count(*)::int FROM products) AS products,
    (SELECT count(*)::int FROM skus) AS skus,
    (SELECT count(*)::int FROM coupons) AS coupons,
    (SELECT count(*)::int FROM uploads) AS uploads,
    (SELECT count(*)::int FROM events) AS events`);
  return res.rows[0]!;
}

/** Expects a coded 4xx that changes no row. */
async function refused(call: () => Promise<{ statusCode: number; json(): { code: string } }>, code: string) {
  const before = await counts();
  const res = await call();
  expect(res.statusCode, JSON.stringify(res.json())).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  expect(res.json().code).toBe(code);
  expect(await counts()).toEqual(before);
}

async function create(agent: Agent, body: Record<string, unknown>) {
  const res = await agent.post('/api/merchant/products', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{
    id: string;
    slug: string;
    skus: { id: string; name: string }[];
    descriptionHtml: string;
  }>();
}

function multipart(filename: string, type: string, bytes: Buffer, field = 'file') {
  const boundary = '----kameng' + randomUUID();
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function upload(agent: Agent, filename: string, type: string, bytes: Buffer) {
  const body = multipart(filename, type, bytes);
  return env.app.inject({
    method: 'POST',
    url: '/api/merchant/uploads',
    headers: {
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': agent.csrf ?? '',
      'content-type': body.contentType,
    },
    payload: body.payload,
  });
}

// A valid 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('categories', () => {
  it('builds a tree of any depth, counts products, refuses cycles and non-empty deletes', async () => {
    const mk = async (name: string, parentId: string | null = null) => {
      const res = await a.post('/api/merchant/categories', { name, parentId });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const games = await mk('游戏');
    const steam = await mk('Steam', games);
    const deep = await mk('Deep', steam);
    const deeper = await mk('Deeper', deep);
    await create(a, productBody({ categoryId: steam, title: 'In steam' }));

    const list = (await a.get('/api/merchant/categories')).json<{
      items: { id: string; parentId: string | null; productCount: number }[];
    }>().items;
    expect(list.find((c) => c.id === steam)).toMatchObject({ parentId: games, productCount: 1 });
    expect(list.find((c) => c.id === deeper)).toMatchObject({ parentId: deep, productCount: 0 });

    await refused(() => a.patch(`/api/merchant/categories/${games}`, { parentId: deeper }), 'CATEGORY_CYCLE');
    await refused(() => a.patch(`/api/merchant/categories/${games}`, { parentId: games }), 'CATEGORY_CYCLE');
    const moved = await a.patch(`/api/merchant/categories/${deeper}`, {
      parentId: games,
      name: 'Moved',
      visible: false,
    });
    expect(moved.json()).toMatchObject({ parentId: games, name: 'Moved', visible: false });
    const top = await a.patch(`/api/merchant/categories/${deeper}`, { parentId: null });
    expect(top.json().parentId).toBeNull();

    await refused(() => a.delete(`/api/merchant/categories/${games}`), 'CATEGORY_NOT_EMPTY');
    await refused(() => a.delete(`/api/merchant/categories/${steam}`), 'CATEGORY_NOT_EMPTY');
    expect((await a.delete(`/api/merchant/categories/${deeper}`)).statusCode).toBe(204);
  });

  it("keeps other merchants' categories out of reach (404)", async () => {
    const mine = (await a.post('/api/merchant/categories', { name: 'Mine' })).json<{ id: string }>().id;
    const theirs = (await b.post('/api/merchant/categories', { name: 'Theirs' })).json<{ id: string }>().id;
    await refused(() => b.patch(`/api/merchant/categories/${mine}`, { name: 'x' }), 'NOT_FOUND');
    await refused(() => b.delete(`/api/merchant/categories/${mine}`), 'NOT_FOUND');
    await refused(() => a.patch(`/api/merchant/categories/${mine}`, { parentId: theirs }), 'NOT_FOUND');
    await refused(() => a.post('/api/merchant/categories', { name: 'x', parentId: theirs }), 'NOT_FOUND');
    await refused(() => a.post('/api/merchant/products', productBody({ categoryId: theirs })), 'NOT_FOUND');
    const ids = (await b.get('/api/merchant/categories'))
      .json<{ items: { id: string }[] }>()
      .items.map((c) => c.id);
    expect(ids).toEqual([theirs]);
  });
});

describe('products', () => {
  it('creates a product with SKUs of each delivery mode and shows their stock', async () => {
    const p = await create(
      a,
      productBody({
        title: 'Netflix Gift',
        tags: ['video', '会员'],
        status: 'on_sale',
        skus: [
          sku({ name: 'keys' }),
          sku({ name: 'text', deliveryMode: 'shared_text', sharedText: 'https://example.com/redeem' }),
          sku({ name: 'manual', deliveryMode: 'manual', manualStockCap: 7 }),
        ],
      }),
    );
    expect(p.slug).toBe('netflix-gift');
    const got = (await a.get(`/api/merchant/products/${p.id}`)).json<{
      skus: { name: string; hasSharedText: boolean; stock: { available: number | null } }[];
    }>();
    expect(got.skus.map((s) => [s.name, s.stock.available, s.hasSharedText])).toEqual([
      ['keys', 0, false],
      ['text', null, true],
      ['manual', 7, false],
    ]);
    // The shared text is encrypted at rest, bound to its SKU.
    const textSku = p.skus.find((s) => s.name === 'text')!;
    const row = await env.db.execute<{ shared_text: Buffer }>(
      sql`SELECT shared_text FROM skus WHERE id = ${textSku.id}`,
    );
    const stored = row.rows[0]!.shared_text;
    expect(stored.toString('latin1')).not.toContain('example.com');
    expect(env.box.decryptText(stored, `sku-text:${textSku.id}`)).toBe('https://example.com/redeem');
    const events = await env.db.execute(sql`SELECT type FROM events WHERE subject_id = ${p.id}`);
    expect(events.rows).toEqual([{ type: 'product.created' }]);

    const list = (await a.get('/api/merchant/products?q=netflix')).json<{
      items: { id: string; stock: number | null; minPrice: number; skuCount: number }[];
      total: number;
    }>();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: p.id, stock: null, minPrice: 1000, skuCount: 3 });
    expect((await a.get('/api/merchant/products?q=会员')).json().total).toBe(1);
    expect((await a.get('/api/merchant/products?status=draft&q=netflix')).json().total).toBe(0);
  });

  it('replaces SKUs on PUT: updates by id, adds new ones, archives missing ones (never deletes)', async () => {
    const p = await create(
      a,
      productBody({
        title: 'Replace me',
        skus: [
          sku({ name: 'A' }),
          sku({ name: 'B', deliveryMode: 'shared_text', sharedText: 'secret text' }),
        ],
      }),
    );
    const [sa, sb] = p.skus;
    const res = await a.put(`/api/merchant/products/${p.id}`, {
      ...productBody({ title: 'Replaced', description: '**new**' }),
      skus: [sku({ id: sb!.id, name: 'B2', deliveryMode: 'shared_text', price: 2000 }), sku({ name: 'C' })],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{
      title: string;
      slug: string;
      descriptionHtml: string;
      skus: { id: string; name: string; hasSharedText: boolean }[];
    }>();
    expect(body.title).toBe('Replaced');
    expect(body.slug).toBe(p.slug); // an omitted slug is kept
    expect(body.descriptionHtml).toContain('<strong>new</strong>');
    expect(body.skus.map((s) => s.name)).toEqual(['B2', 'C']);
    expect(body.skus[0]).toMatchObject({ id: sb!.id, hasSharedText: true }); // omitted text kept
    const rows = await env.db.execute<{ id: string; archived: boolean }>(
      sql`SELECT id, archived FROM skus WHERE product_id = ${p.id} ORDER BY name`,
    );
    expect(rows.rows).toHaveLength(3);
    expect(rows.rows.find((r) => r.id === sa!.id)?.archived).toBe(true);
    const events = await env.db.execute(sql`SELECT type FROM events WHERE subject_id = ${p.id} ORDER BY id`);
    expect(events.rows.map((e) => e.type)).toEqual(['product.created', 'product.updated']);

    // A foreign or unknown SKU id is not found; B cannot touch A's product.
    await refused(
      () => a.put(`/api/merchant/products/${p.id}`, productBody({ skus: [sku({ id: randomUUID() })] })),
      'NOT_FOUND',
    );
    await refused(() => b.put(`/api/merchant/products/${p.id}`, productBody()), 'NOT_FOUND');
    expect((await b.get(`/api/merchant/products/${p.id}`)).statusCode).toBe(404);
  });

  it('derives slugs, and refuses an explicit slug that is taken', async () => {
    const one = await create(a, productBody({ title: 'Same Title' }));
    const two = await create(a, productBody({ title: 'Same Title' }));
    expect(one.slug).toBe('same-title');
    expect(two.slug).toMatch(/^same-title-[a-z0-9]{6}$/);
    const zh = await create(a, productBody({ title: '王者荣耀 点券' }));
    expect(zh.slug).toMatch(/^p-[a-z0-9]{6}$/);
    await refused(() => a.post('/api/merchant/products', productBody({ slug: 'same-title' })), 'SLUG_TAKEN');
    await refused(
      () => a.put(`/api/merchant/products/${two.id}`, productBody({ slug: 'same-title' })),
      'SLUG_TAKEN',
    );
    // Slugs are per merchant.
    expect((await create(b, productBody({ slug: 'same-title' }))).slug).toBe('same-title');
  });

  it('stores no XSS: scripts, handlers, javascript: links and SVG are stripped', async () => {
    const description = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[a](javascript:alert(1))',
      '<a href="JaVaScRiPt:alert(1)">b</a>',
      '<svg onload=alert(1)><circle/></svg>',
      '<iframe src="https://evil.test"></iframe>',
      '[ok](https://example.com)',
    ].join('\n\n');
    const p = await create(a, productBody({ title: 'XSS', description }));
    const html = p.descriptionHtml.toLowerCase();
    expect(html).not.toMatch(/<script|<svg|<iframe|onerror|onload|javascript:/);
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener nofollow"');
    const stored = await env.db.execute<{ h: string; md: string }>(
      sql`SELECT description_html AS h, description_md AS md FROM products WHERE id = ${p.id}`,
    );
    expect(stored.rows[0]!.h).toBe(p.descriptionHtml);
    expect(stored.rows[0]!.md).toBe(description);
    const preview = await a.post('/api/merchant/render-markdown', {
      markdown: '<img src=x onerror=alert(1)>**b**',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().html).not.toContain('onerror');
  });

  it('refuses bad input with a code and changes nothing', async () => {
    await refused(
      () => a.post('/api/merchant/products', productBody({ skus: [sku({ price: -1 })] })),
      'VALIDATION_FAILED',
    );
    const tiers = (t: unknown) => productBody({ skus: [sku({ pricing: { tiers: t } })] });
    await refused(
      () =>
        a.post(
          '/api/merchant/products',
          tiers([
            { minQty: 10, unitPrice: 900 },
            { minQty: 5, unitPrice: 800 },
          ]),
        ),
      'PRICE_TIERS_INVALID',
    );
    await refused(
      () =>
        a.post(
          '/api/merchant/products',
          tiers([
            { minQty: 5, unitPrice: 900 },
            { minQty: 10, unitPrice: 950 },
          ]),
        ),
      'PRICE_TIERS_INVALID',
    );
    await refused(
      () => a.post('/api/merchant/products', tiers([{ minQty: 5, unitPrice: 1000 }])),
      'PRICE_TIERS_INVALID',
    );
    const limited = (l: unknown) => productBody({ skus: [sku({ pricing: { limited: l } })] });
    await refused(
      () =>
        a.post(
          '/api/merchant/products',
          limited({ price: 500, startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' }),
        ),
      'PRICE_RULE_INVALID',
    );
    await refused(
      () =>
        a.post(
          '/api/merchant/products',
          limited({ price: 1000, startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-02-01T00:00:00Z' }),
        ),
      'PRICE_RULE_INVALID',
    );
    for (const bad of [
      sku({ deliveryMode: 'shared_text' }),
      sku({ deliveryMode: 'manual' }),
      sku({ manualStockCap: 3 }),
      sku({ sharedText: 'x' }),
    ]) {
      await refused(
        () => a.post('/api/merchant/products', productBody({ skus: [bad] })),
        'SKU_CONFIG_INVALID',
      );
    }
    const field = { name: 'account', label: '游戏账号', type: 'text', required: true };
    await refused(
      () => a.post('/api/merchant/products', productBody({ inputFields: [field, field] })),
      'INPUT_FIELD_INVALID',
    );
    await refused(
      () =>
        a.post('/api/merchant/products', productBody({ inputFields: [{ ...field, regex: '(unclosed' }] })),
      'INPUT_FIELD_INVALID',
    );
    await refused(
      () =>
        a.post(
          '/api/merchant/products',
          productBody({ inputFields: [{ ...field, regex: 'a'.repeat(201) }] }),
        ),
      'VALIDATION_FAILED',
    );
    // Patterns whose matching time can explode (ReDoS) would stall the server for every shop.
    for (const regex of ['(a+)+', '(a|b|ab)*c', '([a-z0-9]+\\.?)*@qq\\.com']) {
      await refused(
        () => a.post('/api/merchant/products', productBody({ inputFields: [{ ...field, regex }] })),
        'INPUT_FIELD_REGEX_UNSAFE',
      );
    }
    await create(a, productBody({ inputFields: [{ ...field, regex: '[1-9][0-9]{4,11}' }] }));
    await refused(
      () => a.post('/api/merchant/products', productBody({ minQty: 5, maxQty: 2 })),
      'QUANTITY_OUT_OF_RANGE',
    );
    await refused(
      () => a.post('/api/merchant/products', productBody({ coverUploadId: randomUUID() })),
      'NOT_FOUND',
    );
    // A failed PUT leaves the product as it was.
    const p = await create(a, productBody({ title: 'Untouched' }));
    await refused(
      () => a.put(`/api/merchant/products/${p.id}`, tiers([{ minQty: 5, unitPrice: 5000 }])),
      'PRICE_TIERS_INVALID',
    );
    expect((await a.get(`/api/merchant/products/${p.id}`)).json().title).toBe('Untouched');
  });
});

describe('uploads', () => {
  it('stores an image and serves it publicly with its type, nosniff and a long cache', async () => {
    const res = await upload(a, 'cover.png', 'image/png', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const up = res.json<{ id: string; url: string; mime: string; size: number }>();
    expect(up).toMatchObject({ mime: 'image/png', size: PNG.length, url: `/api/uploads/${up.id}` });
    const got = await env.app.inject({ url: up.url });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toContain('immutable');
    expect(got.rawPayload.equals(PNG)).toBe(true);

    const p = await create(a, productBody({ title: 'With cover', coverUploadId: up.id }));
    expect((await a.get(`/api/merchant/products/${p.id}`)).json().coverUrl).toBe(up.url);
    // Merchant B cannot use A's image.
    await refused(() => b.post('/api/merchant/products', productBody({ coverUploadId: up.id })), 'NOT_FOUND');
    expect((await env.app.inject({ url: `/api/uploads/${randomUUID()}` })).statusCode).toBe(404);
  });

  it('decides the type by content: a text file named .png, an SVG, an HTML file are refused', async () => {
    for (const [name, type, bytes] of [
      ['evil.png', 'image/png', Buffer.from('just some text, not an image')],
      ['x.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
      ['x.png', 'image/png', Buffer.from('<html><script>alert(1)</script></html>')],
      ['x.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n')],
    ] as const) {
      const before = await counts();
      const res = await upload(a, name, type, bytes);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().code).toBe('UPLOAD_TYPE_NOT_ALLOWED');
      expect(await counts()).toEqual(before);
    }
  });

  it('refuses images over 2 MB and non-multipart bodies', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const before = await counts();
    const res = await upload(a, 'big.png', 'image/png', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('UPLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
    const json = await a.post('/api/merchant/uploads', { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('coupons', () => {
  it('creates, lists, updates and deletes; codes are unique per merchant, case-insensitive', async () => {
    const res = await a.post('/api/merchant/coupons', {
      code: 'spring10',
      kind: 'percent',
      value: 10,
      scope: 'all',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json<{ id: string; code: string }>();
    expect(c.code).toBe('SPRING10');
    await refused(
      () => a.post('/api/merchant/coupons', { code: 'Spring10', kind: 'fixed', value: 100, scope: 'all' }),
      'COUPON_CODE_TAKEN',
    );
    expect(
      (await b.post('/api/merchant/coupons', { code: 'SPRING10', kind: 'percent', value: 5, scope: 'all' }))
        .statusCode,
    ).toBe(201);
    const upd = await a.put(`/api/merchant/coupons/${c.id}`, {
      code: 'SPRING20',
      kind: 'percent',
      value: 20,
      scope: 'all',
      active: false,
    });
    expect(upd.json()).toMatchObject({ code: 'SPRING20', value: 20, active: false });
    expect((await a.get(`/api/merchant/coupons/${c.id}`)).json().code).toBe('SPRING20');
    expect((await a.get('/api/merchant/coupons')).json().items).toHaveLength(1);
    await refused(() => b.get(`/api/merchant/coupons/${c.id}`), 'NOT_FOUND');
    await refused(
      () => b.put(`/api/merchant/coupons/${c.id}`, { code: 'X123', kind: 'percent', value: 1, scope: 'all' }),
      'NOT_FOUND',
    );
    await refused(() => b.delete(`/api/merchant/coupons/${c.id}`), 'NOT_FOUND');
    expect((await a.delete(`/api/merchant/coupons/${c.id}`)).statusCode).toBe(204);
    expect((await a.get(`/api/merchant/coupons/${c.id}`)).statusCode).toBe(404);
  });

  it('refuses coupons worth more than the price, bad percentages, windows and foreign scopes', async () => {
    const p = await create(
      a,
      productBody({ title: 'Cheap', skus: [sku({ price: 500 }), sku({ name: 'B', price: 800 })] }),
    );
    const foreign = await create(b, productBody({ title: 'Foreign' }));
    const post = (body: Record<string, unknown>) => () =>
      a.post('/api/merchant/coupons', { code: 'C' + randomUUID().slice(0, 8), ...body });
    await refused(
      post({ kind: 'fixed', value: 501, scope: 'product', scopeId: p.id }),
      'COUPON_EXCEEDS_PRICE',
    );
    await refused(
      post({ kind: 'fixed', value: 501, scope: 'sku', scopeId: p.skus[0]!.id }),
      'COUPON_EXCEEDS_PRICE',
    );
    await refused(post({ kind: 'fixed', value: 2000, scope: 'all', minSpend: 1000 }), 'COUPON_EXCEEDS_PRICE');
    expect((await post({ kind: 'fixed', value: 500, scope: 'product', scopeId: p.id })()).statusCode).toBe(
      201,
    );
    await refused(post({ kind: 'percent', value: 101, scope: 'all' }), 'COUPON_INVALID');
    await refused(
      post({
        kind: 'percent',
        value: 10,
        scope: 'all',
        startsAt: '2026-02-01T00:00:00Z',
        endsAt: '2026-01-01T00:00:00Z',
      }),
      'COUPON_INVALID',
    );
    await refused(post({ kind: 'percent', value: 10, scope: 'product' }), 'COUPON_INVALID');
    await refused(post({ kind: 'percent', value: 10, scope: 'product', scopeId: foreign.id }), 'NOT_FOUND');
    await refused(
      post({ kind: 'percent', value: 10, scope: 'sku', scopeId: foreign.skus[0]!.id }),
      'NOT_FOUND',
    );
    await refused(
      post({ kind: 'percent', value: 10, scope: 'category', scopeId: randomUUID() }),
      'NOT_FOUND',
    );
  });
});

describe('permissions', () => {
  it('refuses staff without catalog.write every write, and without catalog.read every read (403)', async () => {
    const owner = await registeredMerchant(env, 'Perm shop');
    const reader = await signedInStaff(env, owner.agent, ['catalog.read']);
    const none = await signedInStaff(env, owner.agent, ['orders.read']);
    const p = await create(owner.agent, productBody({ title: 'Perm' }));
    const cat = (await owner.agent.post('/api/merchant/categories', { name: 'C' })).json<{ id: string }>().id;
    const writes = [
      () => reader.agent.post('/api/merchant/categories', { name: 'x' }),
      () => reader.agent.patch(`/api/merchant/categories/${cat}`, { name: 'x' }),
      () => reader.agent.delete(`/api/merchant/categories/${cat}`),
      () => reader.agent.post('/api/merchant/products', productBody()),
      () => reader.agent.put(`/api/merchant/products/${p.id}`, productBody()),
      () =>
        reader.agent.post('/api/merchant/coupons', {
          code: 'NOPE1',
          kind: 'percent',
          value: 1,
          scope: 'all',
        }),
      () => reader.agent.post('/api/merchant/render-markdown', { markdown: 'x' }),
      () => upload(reader.agent, 'a.png', 'image/png', PNG),
    ];
    for (const call of writes) await refused(call, 'AUTH_FORBIDDEN');
    expect((await reader.agent.get(`/api/merchant/products/${p.id}`)).statusCode).toBe(200);
    expect((await reader.agent.get('/api/merchant/categories')).statusCode).toBe(200);
    for (const url of [
      '/api/merchant/products',
      `/api/merchant/products/${p.id}`,
      '/api/merchant/categories',
      '/api/merchant/coupons',
    ]) {
      expect((await none.agent.get(url)).statusCode, url).toBe(403);
    }
  });
});
