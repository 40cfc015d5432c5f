import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInStaff, uniqueEmail, PASSWORD } from './fixtures';
import { merchantPermissions } from '@kameng/shared';
import { recordOrderPayment } from '../src/modules/finance/record-order-payment';
import { settleDue } from '../src/modules/finance/settle-due';
import { orders } from '../src/modules/orders/schema';

let env: TestEnv;
type Actor = { name: string; agent: Agent };
let a: { owner: Actor; manager: Actor; full: Actor; clerk: Actor; staffId: string };
let b: Record<'owner', Agent> &
  Record<
    | 'merchantId'
    | 'staffId'
    | 'categoryId'
    | 'productId'
    | 'skuId'
    | 'couponId'
    | 'batchId'
    | 'keyId'
    | 'payoutAccountId'
    | 'withdrawalId'
    | 'orderId',
    string
  >;

const BOUNDARY = 'kamengtenancy';
const multipartKeys = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="format"',
  '',
  'txt',
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="file"; filename="keys.txt"',
  'Content-Type: text/plain',
  '',
  'FOREIGN-KEY-0001',
  `--${BOUNDARY}--`,
  '',
].join('\r\n');

beforeAll(async () => {
  env = await createTestEnv();
  const ma = await registeredMerchant(env, 'Merchant A');
  const manager = await signedInStaff(env, ma.agent, ['staff.manage']);
  const full = await signedInStaff(env, ma.agent, [...merchantPermissions]);
  const clerk = await signedInStaff(env, ma.agent, ['aftersales.handle']);
  a = {
    owner: { name: 'A owner', agent: ma.agent },
    manager: { name: 'A staff with staff.manage', agent: manager.agent },
    full: { name: 'A staff with every permission', agent: full.agent },
    clerk: { name: 'A staff with aftersales.handle only', agent: clerk.agent },
    staffId: clerk.staffId,
  };

  // Merchant B with one resource of every kind.
  const mb = await registeredMerchant(env, 'Merchant B');
  const bStaff = await signedInStaff(env, mb.agent, ['orders.read']);
  const category = await mb.agent.post('/api/merchant/categories', { name: 'B cards' });
  const product = await mb.agent.post('/api/merchant/products', {
    title: 'B product',
    categoryId: category.json().id,
    skus: [{ name: '10元', price: 1000, deliveryMode: 'card_keys' }],
  });
  const skuId = product.json<{ skus: { id: string }[] }>().skus[0]!.id;
  const coupon = await mb.agent.post('/api/merchant/coupons', {
    code: 'BONLY',
    kind: 'percent',
    value: 10,
    scope: 'all',
  });
  const batch = await mb.agent.post(`/api/merchant/skus/${skuId}/keys/paste`, { text: 'B-KEY-1\nB-KEY-2\n' });
  const keys = await mb.agent.get(`/api/merchant/skus/${skuId}/keys`);
  // Money for a withdrawal: a paid order, settled.
  await recordOrderPayment(env.ctx(), {
    orderId: randomUUID(),
    merchantId: mb.merchantId,
    channelId: 'test',
    amount: 5000,
    paidAt: new Date('2030-01-01T04:00:00Z'),
  });
  await settleDue(env.ctx(), new Date('2030-01-09T00:00:00Z'));
  const payout = await mb.agent.post('/api/merchant/finance/payout-accounts', {
    kind: 'alipay',
    holderName: 'B',
    accountNumber: 'b-shop@example.com',
  });
  const withdrawal = await mb.agent.post('/api/merchant/finance/withdrawals', {
    payoutAccountId: payout.json().id,
    amount: 2000,
  });
  // An order waiting in B's manual queue.
  const [order] = await env.db
    .insert(orders)
    .values({
      orderNo: `T${randomUUID().replaceAll('-', '')}`,
      merchantId: mb.merchantId,
      productId: product.json().id,
      skuId,
      deliveryMode: 'card_keys',
      status: 'manual',
      quantity: 1,
      deliveredQuantity: 1,
      unitPrice: 1000,
      subtotal: 1000,
      total: 1000,
      contact: 'buyer@example.com',
      contactKind: 'email',
      accessTokenHash: Buffer.alloc(32),
      expiresAt: new Date(Date.now() + 600_000),
      paidAt: new Date(),
      manualSince: new Date(),
      manualReason: 'test',
    })
    .returning({ id: orders.id });
  for (const res of [category, product, coupon, batch, keys, payout, withdrawal]) {
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  b = {
    owner: mb.agent,
    merchantId: mb.merchantId,
    staffId: bStaff.staffId,
    categoryId: category.json().id,
    productId: product.json().id,
    skuId,
    couponId: coupon.json().id,
    batchId: batch.json().id,
    keyId: keys.json<{ items: { id: string }[] }>().items[0]!.id,
    payoutAccountId: payout.json().id,
    withdrawalId: withdrawal.json().id,
    orderId: order!.id,
  };
});
afterAll(() => env.close());

type Call = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  type?: string;
};

/**
 * Every merchant-scoped route with a resource id, as an OpenAPI path template, filled with merchant B's
 * ids. Keep this list in step with the routes: the coverage test fails when a merchant route is missing.
 */
const foreignCalls: Call[] = [
  { method: 'GET', path: '/api/merchant/staff/{id}' },
  {
    method: 'PATCH',
    path: '/api/merchant/staff/{id}',
    body: { permissions: ['orders.read', 'staff.manage'] },
  },
  { method: 'DELETE', path: '/api/merchant/staff/{id}' },
  { method: 'PATCH', path: '/api/merchant/categories/{id}', body: { name: 'x' } },
  { method: 'DELETE', path: '/api/merchant/categories/{id}' },
  { method: 'GET', path: '/api/merchant/products/{id}' },
  {
    method: 'PUT',
    path: '/api/merchant/products/{id}',
    body: { title: 'x', skus: [{ name: 'a', price: 100, deliveryMode: 'card_keys' }] },
  },
  { method: 'GET', path: '/api/merchant/coupons/{id}' },
  {
    method: 'PUT',
    path: '/api/merchant/coupons/{id}',
    body: { code: 'XYZ1', kind: 'percent', value: 5, scope: 'all' },
  },
  { method: 'DELETE', path: '/api/merchant/coupons/{id}' },
  {
    method: 'POST',
    path: '/api/merchant/skus/{skuId}/keys/import',
    body: multipartKeys,
    type: `multipart/form-data; boundary=${BOUNDARY}`,
  },
  { method: 'POST', path: '/api/merchant/skus/{skuId}/keys/paste', body: { text: 'FOREIGN-KEY-0002' } },
  { method: 'GET', path: '/api/merchant/skus/{skuId}/batches' },
  { method: 'GET', path: '/api/merchant/key-batches/{id}/invalid-lines' },
  { method: 'DELETE', path: '/api/merchant/key-batches/{id}' },
  { method: 'GET', path: '/api/merchant/skus/{skuId}/keys' },
  { method: 'POST', path: '/api/merchant/keys/{id}/reveal' },
  { method: 'POST', path: '/api/merchant/skus/{skuId}/keys/export', body: { password: PASSWORD } },
  { method: 'POST', path: '/api/merchant/skus/{skuId}/keys/void', body: { ids: [1] } },
  { method: 'GET', path: '/api/merchant/skus/{skuId}/stock' },
  { method: 'PATCH', path: '/api/merchant/finance/payout-accounts/{id}', body: { label: 'x' } },
  { method: 'DELETE', path: '/api/merchant/finance/payout-accounts/{id}' },
  { method: 'GET', path: '/api/merchant/finance/withdrawals/{id}' },
  { method: 'GET', path: '/api/merchant/orders/{id}' },
  { method: 'POST', path: '/api/merchant/orders/{id}/deliver', body: { text: 'x' } },
  { method: 'POST', path: '/api/merchant/orders/{id}/replace-keys', body: { count: 1, reason: 'x' } },
  {
    method: 'POST',
    path: '/api/merchant/orders/{id}/refund',
    body: { amount: 1, reason: 'x', toChannel: false },
  },
];

/** Fills a template with B's id for the resource the path names. */
function foreignUrl(path: string): string {
  const byPath: [string, string][] = [
    ['/staff/', b.staffId],
    ['/categories/', b.categoryId],
    ['/products/', b.productId],
    ['/coupons/', b.couponId],
    ['/key-batches/', b.batchId],
    ['/keys/{id}', b.keyId],
    ['/payout-accounts/', b.payoutAccountId],
    ['/withdrawals/', b.withdrawalId],
    ['/orders/', b.orderId],
  ];
  const id = byPath.find(([part]) => path.includes(part))?.[1] ?? '';
  return path.replace('{id}', id).replace('{skuId}', b.skuId);
}

const send = (agent: Agent, call: Call, url = foreignUrl(call.path)) =>
  agent.request(call.method, url, call.body, call.type ? { 'content-type': call.type } : {});

/** Merchant routes without an id: they must only ever show or change the caller's own merchant. */
const ownScopeCalls = [
  'GET /api/merchant/profile',
  'GET /api/merchant/staff',
  'POST /api/merchant/staff',
  'GET /api/merchant/categories',
  'POST /api/merchant/categories',
  'GET /api/merchant/products',
  'POST /api/merchant/products',
  'POST /api/merchant/render-markdown',
  'POST /api/merchant/uploads',
  'GET /api/merchant/coupons',
  'POST /api/merchant/coupons',
  'GET /api/merchant/finance/balance',
  'GET /api/merchant/finance/statement',
  'GET /api/merchant/finance/statement.csv',
  'GET /api/merchant/finance/settlements',
  'GET /api/merchant/finance/payout-accounts',
  'POST /api/merchant/finance/payout-accounts',
  'GET /api/merchant/finance/withdrawal-rules',
  'GET /api/merchant/finance/withdrawals',
  'POST /api/merchant/finance/withdrawals',
  'GET /api/merchant/orders',
  'GET /api/merchant/manual-queue',
  'GET /api/merchant/payment-anomalies',
];

describe('tenant isolation', () => {
  it('covers every merchant-scoped route of the API', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, object>;
    }>();
    const routes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/merchant/'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set([...foreignCalls.map((c) => `${c.method} ${c.path}`), ...ownScopeCalls]);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("gives merchant A's owner and fully entitled staff 404 on every one of B's resources, changing nothing", async () => {
    for (const actor of [a.owner, a.full]) {
      for (const call of foreignCalls) {
        const res = await send(actor.agent, call);
        expect(res.statusCode, `${actor.name} ${call.method} ${call.path}: ${res.body}`).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
      }
    }
    const staff = await b.owner.get(`/api/merchant/staff/${b.staffId}`);
    expect(staff.json().permissions).toEqual(['orders.read']);
    const product = await b.owner.get(`/api/merchant/products/${b.productId}`);
    expect(product.json().title).toBe('B product');
    expect((await b.owner.get(`/api/merchant/coupons/${b.couponId}`)).json().code).toBe('BONLY');
    const categories = (await b.owner.get('/api/merchant/categories')).json<{ items: { name: string }[] }>();
    expect(categories.items.map((c) => c.name)).toEqual(['B cards']);
    const stock = await b.owner.get(`/api/merchant/skus/${b.skuId}/stock`);
    expect(stock.json()).toMatchObject({ available: 2, sold: 0 });
    const withdrawal = await b.owner.get(`/api/merchant/finance/withdrawals/${b.withdrawalId}`);
    expect(withdrawal.json().status).toBe('requested');
    const payouts = await b.owner.get('/api/merchant/finance/payout-accounts');
    expect(payouts.json<{ items: unknown[] }>().items).toHaveLength(1);
    const order = await b.owner.get(`/api/merchant/orders/${b.orderId}`);
    expect(order.json().status).toBe('manual');
  });

  it('refuses staff what their permissions do not grant (403), on their own and on foreign ids', async () => {
    const own: Call[] = [
      { method: 'GET', path: `/api/merchant/staff/${a.staffId}` },
      { method: 'GET', path: '/api/merchant/staff' },
      {
        method: 'POST',
        path: '/api/merchant/staff',
        body: { email: uniqueEmail('x'), displayName: 'X', password: PASSWORD, permissions: [] },
      },
      { method: 'GET', path: '/api/merchant/products' },
      { method: 'POST', path: '/api/merchant/categories', body: { name: 'nope' } },
      { method: 'GET', path: '/api/merchant/payment-anomalies' },
    ];
    for (const call of [...foreignCalls, ...own]) {
      const res = await send(
        a.clerk.agent,
        call,
        call.path.includes('{') ? foreignUrl(call.path) : call.path,
      );
      expect(res.statusCode, `${call.method} ${call.path}`).toBe(403);
      expect(res.json().code).toBe('AUTH_FORBIDDEN');
    }
  });

  it('lists only the caller’s own merchant and members', async () => {
    const profile = await a.owner.agent.get('/api/merchant/profile');
    expect(profile.json().name).toBe('Merchant A');
    const staff = await a.manager.agent.get('/api/merchant/staff');
    const ids = staff.json<{ items: { id: string }[] }>().items.map((s) => s.id);
    expect(ids).toContain(a.staffId);
    expect(ids).not.toContain(b.staffId);
  });

  it('lets staff grant only permissions they hold themselves, and never edit themselves or the owner', async () => {
    const escalate = await a.manager.agent.patch(`/api/merchant/staff/${a.staffId}`, {
      permissions: ['keys.export'],
    });
    expect(escalate.statusCode).toBe(403);
    const members = (await a.owner.agent.get('/api/merchant/staff')).json<{
      items: { id: string; role: string; email: string }[];
    }>().items;
    const owner = members.find((m) => m.role === 'owner')!;
    expect((await a.manager.agent.delete(`/api/merchant/staff/${owner.id}`)).statusCode).toBe(403);
    const me = (await a.manager.agent.get('/api/auth/me')).json<{ email: string }>();
    const self = members.find((m) => m.email === me.email)!;
    expect(
      (await a.manager.agent.patch(`/api/merchant/staff/${self.id}`, { disabled: true })).json().code,
    ).toBe('STAFF_SELF_CHANGE');
  });

  it('an unknown or malformed id is 404 or 400, never 500', async () => {
    expect((await a.owner.agent.get(`/api/merchant/staff/${randomUUID()}`)).statusCode).toBe(404);
    expect((await a.owner.agent.get('/api/merchant/staff/not-a-uuid')).statusCode).toBe(400);
  });

  it('keeps merchants out of the admin API', async () => {
    const doc = (await env.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, object>;
    }>();
    for (const [p, ops] of Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/admin/'))) {
      for (const method of Object.keys(ops)) {
        const url = p.replace('{id}', b.merchantId);
        const res = await a.owner.agent.request(
          method.toUpperCase() as 'GET',
          url,
          method === 'get' ? undefined : {},
        );
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    }
  });

  it('disabling a staff member ends their sessions at once', async () => {
    const target = await signedInStaff(env, a.owner.agent, ['orders.read']);
    expect((await target.agent.get('/api/auth/me')).statusCode).toBe(200);
    expect(
      (await a.owner.agent.patch(`/api/merchant/staff/${target.staffId}`, { disabled: true })).statusCode,
    ).toBe(200);
    expect((await target.agent.get('/api/auth/me')).statusCode).toBe(401);
  });
});
