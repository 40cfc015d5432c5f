import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalQuery } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '@kameng/sdk';
import { apiCalls, apiCredentials, apiNonces, apiOrders } from '../src/modules/docking/schema';
import { orders } from '../src/modules/orders/schema';
import { resellerAccounts } from '../src/modules/resellers/schema';
import { putSetting } from '../src/modules/settings/settings';
import { dispatchDue } from '../src/modules/webhooks/dispatch-due';
import { relayEvents } from '../src/modules/webhooks/relay-events';
import { registeredMerchant } from './fixtures';
import { activeShop, saleSku, setOrderSettings } from './orders-fixtures';
import { createPayWorld, eventually, setFaults, type PayWorld } from './payments-fixtures';

const PATH = '/api/v1/hosted/checkout';

let w: PayWorld;
let shop: Awaited<ReturnType<typeof activeShop>>;
let sku: Awaited<ReturnType<typeof saleSku>>;
let resellerId: string;
let live: { appKey: string; secret: string };
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let receiverUrl: string;

/** The integrator's callback receiver on loopback: records every request (headers and raw body). */
async function startReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received };
}

/** A credential inserted the way the developer console stores it (secret encrypted, aad api-secret:<id>). */
async function credential(mode: 'live' | 'sandbox', scopes = ['orders:write']) {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const appKey = `ak_${mode}_${randomBytes(8).toString('hex')}`;
  await w.env.db.insert(apiCredentials).values({
    id,
    resellerId,
    mode,
    name: 'hosted test',
    appKey,
    secretEnc: w.env.box.encrypt(secret, `api-secret:${id}`),
    scopes,
  });
  return { id, appKey, secret };
}

/** What the integrator's page does: sign every parameter but `sign` and build the link. */
function signedParams(
  cred: { appKey: string; secret: string },
  over: Record<string, string | undefined> = {},
): URLSearchParams {
  const fields: Record<string, string | undefined> = {
    app_key: cred.appKey,
    sku_id: sku.skuId,
    quantity: '2',
    out_order_no: `OUT-${randomBytes(6).toString('hex')}`,
    return_url: 'https://shop.example.com/paid?from=kameng',
    contact: 'buyer@example.com',
    timestamp: String(Math.floor(Date.now() / 1000)),
    nonce: randomBytes(16).toString('hex'),
    ...over,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) q.set(k, v);
  q.set('sign', createHmac('sha256', cred.secret).update(canonicalQuery(q.toString())).digest('hex'));
  return q;
}

function open(q: URLSearchParams, lang = 'zh-CN') {
  return fetch(`${w.base}${PATH}?${q.toString()}`, {
    redirect: 'manual',
    headers: { 'accept-language': lang },
  });
}

async function counts() {
  const [o] = await w.env.db.select({ n: sql<number>`count(*)::int` }).from(orders);
  const [a] = await w.env.db.select({ n: sql<number>`count(*)::int` }).from(apiOrders);
  return { orders: o!.n, apiOrders: a!.n };
}

/** The cashier redirect's order number and token. */
function cashierOf(res: Response) {
  expect(res.status).toBe(302);
  const loc = new URL(res.headers.get('location')!, w.base);
  expect(loc.pathname).toMatch(/^\/pay\/K[A-Z2-7]{16}$/);
  return { orderNo: loc.pathname.slice('/pay/'.length), token: loc.searchParams.get('token')! };
}

async function buyerView(orderNo: string, token: string) {
  const r = await fetch(`${w.base}/api/store/orders/${orderNo}?token=${encodeURIComponent(token)}`);
  expect(r.status).toBe(200);
  return (await r.json()) as { status: string; total: number; returnUrl: string | null; delivery: unknown };
}

beforeAll(async () => {
  w = await createPayWorld();
  shop = await activeShop(w.env, w.admin);
  sku = await saleSku(shop, { keys: 20 }); // retail 10.00 per key
  const user = await registeredMerchant(w.env, 'Reseller R');
  const created = await w.admin.post('/api/admin/finance/resellers', { email: user.email, name: '分销商 R' });
  expect(created.statusCode, created.body).toBe(201);
  resellerId = created.json<{ id: string }>().id;
  await w.env.db
    .update(resellerAccounts)
    .set({ apiStatus: 'approved' })
    .where(eq(resellerAccounts.id, resellerId));
  live = await credential('live');
  // Every buyer here comes from 127.0.0.1: lift the per-IP unpaid-order cap.
  await setOrderSettings(w.env, { maxUnpaidPerIp: 100 });
  // The integrator's receiver listens on loopback: the platform must allow private targets.
  await putSetting(w.env.db, 'webhooks', { allowPrivateTargets: true });
  receiver = await startReceiver();
  receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await w?.close();
  await new Promise((resolve) => receiver?.server.close(resolve));
});

describe('hosted checkout link (H5 跳转)', () => {
  it('a valid signed link creates a retail-price order and 302s to its cashier', async () => {
    const q = signedParams(live, { notify_url: `${receiverUrl}/kameng` });
    const res = await open(q);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const { orderNo, token } = cashierOf(res);
    const [order] = await w.env.db.select().from(orders).where(eq(orders.orderNo, orderNo));
    expect(order).toMatchObject({
      status: 'pending_payment',
      quantity: 2,
      total: 2000,
      contact: 'buyer@example.com',
    });
    const [api] = await w.env.db.select().from(apiOrders).where(eq(apiOrders.orderId, order!.id));
    expect(api).toMatchObject({
      resellerId,
      mode: 'live',
      kind: 'hosted',
      outOrderNo: q.get('out_order_no'),
      total: 2000,
      callbackUrl: `${receiverUrl}/kameng`,
      returnUrl: 'https://shop.example.com/paid?from=kameng',
    });
    // The cashier opens with the token from the redirect and offers the way back with out_order_no.
    const view = await buyerView(orderNo, token);
    expect(view.total).toBe(2000);
    const back = new URL(view.returnUrl!);
    expect(back.origin + back.pathname).toBe('https://shop.example.com/paid');
    expect(back.searchParams.get('from')).toBe('kameng');
    expect(back.searchParams.get('out_order_no')).toBe(q.get('out_order_no'));
  });

  it('the same link opened twice (and a fresh link for the same order) lead to the same order', async () => {
    const q = signedParams(live);
    const first = cashierOf(await open(q));
    const before = await counts();
    const again = cashierOf(await open(q));
    expect(again.orderNo).toBe(first.orderNo);
    expect((await buyerView(again.orderNo, again.token)).status).toBe('pending_payment');
    const regenerated = signedParams(live, { out_order_no: q.get('out_order_no')! });
    expect(cashierOf(await open(regenerated)).orderNo).toBe(first.orderNo);
    expect(await counts()).toEqual(before);
    // Another SKU quantity under that out_order_no is another order: refused.
    const other = await open(signedParams(live, { out_order_no: q.get('out_order_no')!, quantity: '3' }));
    expect(other.status).toBe(409);
    expect(await other.text()).toContain('OUT_ORDER_NO_REUSED');
    expect(await counts()).toEqual(before);
  });

  it('refused links render an HTML page with the code, a 4xx status, and write nothing', async () => {
    const sandbox = await credential('sandbox');
    const noScope = await credential('live', ['orders:read']);
    const used = signedParams(live);
    cashierOf(await open(used));
    const tampered = signedParams(live);
    tampered.set('quantity', '9');
    const cases: [string, URLSearchParams, number][] = [
      ['API_SIGNATURE_INVALID', tampered, 401],
      ['API_SIGNATURE_INVALID', signedParams({ ...live, secret: 'not-the-secret' }), 401],
      [
        'HOSTED_LINK_EXPIRED',
        signedParams(live, { timestamp: String(Math.floor(Date.now() / 1000) - 31 * 60) }),
        410,
      ],
      [
        'HOSTED_LINK_EXPIRED',
        signedParams(live, { timestamp: String(Math.floor(Date.now() / 1000) + 31 * 60) }),
        410,
      ],
      // The nonce of a link already used, in another (validly signed) link: a replay.
      ['API_NONCE_REPLAYED', signedParams(live, { nonce: used.get('nonce')! }), 401],
      ['API_KEY_UNKNOWN', signedParams({ appKey: 'ak_nobody', secret: 'x' }), 401],
      ['HOSTED_LIVE_KEY_REQUIRED', signedParams(sandbox), 400],
      ['API_SCOPE_MISSING', signedParams(noScope), 403],
      ['HOSTED_LINK_INVALID', signedParams(live, { quantity: '0' }), 400],
      ['HOSTED_LINK_INVALID', signedParams(live, { return_url: 'javascript:alert(1)' }), 400],
      ['HOSTED_LINK_INVALID', signedParams(live, { color: 'red' }), 400],
      ['WEBHOOK_URL_FORBIDDEN', signedParams(live, { notify_url: 'http://169.254.169.254/latest' }), 400],
      ['PRODUCT_NOT_AVAILABLE', signedParams(live, { sku_id: randomUUID() }), 404],
    ];
    const before = await counts();
    const [nonces] = await w.env.db.select({ n: sql<number>`count(*)::int` }).from(apiNonces);
    for (const [code, q, status] of cases) {
      const res = await open(q, 'en');
      const body = await res.text();
      expect([code, res.status], body).toEqual([code, status]);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(body).toContain(`<code>${code}</code>`);
      expect(body).toContain('The checkout cannot be opened');
    }
    expect(await counts()).toEqual(before);
    const [after] = await w.env.db.select({ n: sql<number>`count(*)::int` }).from(apiNonces);
    expect(after!.n).toBe(nonces!.n);
    // The developer console's call log shows the refusals with their codes.
    const logged = await eventually(async () => {
      const rows = await w.env.db
        .select({ errorCode: apiCalls.errorCode, credentialId: apiCalls.credentialId })
        .from(apiCalls)
        .where(eq(apiCalls.route, PATH));
      return rows.some((r) => r.errorCode === 'HOSTED_LIVE_KEY_REQUIRED') && rows;
    });
    expect(logged).toContainEqual({ errorCode: 'HOSTED_LIVE_KEY_REQUIRED', credentialId: sandbox.id });
    // The page speaks the buyer's language.
    expect(await (await open(tampered, 'zh-CN')).text()).toContain('签名不正确');
  });

  it('a suspended reseller or a revoked key cannot open links; nothing is written', async () => {
    const before = await counts();
    await w.env.db
      .update(resellerAccounts)
      .set({ apiStatus: 'suspended' })
      .where(eq(resellerAccounts.id, resellerId));
    try {
      const res = await open(signedParams(live));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('API_ACCESS_SUSPENDED');
    } finally {
      await w.env.db
        .update(resellerAccounts)
        .set({ apiStatus: 'approved' })
        .where(eq(resellerAccounts.id, resellerId));
    }
    const revoked = await credential('live');
    await w.env.db
      .update(apiCredentials)
      .set({ status: 'revoked', revokedAt: new Date() })
      .where(eq(apiCredentials.appKey, revoked.appKey));
    const res = await open(signedParams(revoked));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('API_KEY_REVOKED');
    expect(await counts()).toEqual(before);
  });

  it('a link without a contact asks the buyer for one, then posts the signed fields back', async () => {
    const q = signedParams(live, { contact: undefined });
    const before = await counts();
    const ask = await open(q, 'en');
    expect(ask.status).toBe(200);
    const form = await ask.text();
    expect(form).toContain('name="buyer_contact"');
    expect(await counts()).toEqual(before);
    // The browser posts the hidden fields plus what the buyer typed.
    const hidden = [...form.matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(
      (m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')] as [string, string],
    );
    const post = (contact: string) =>
      fetch(`${w.base}${PATH}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
        body: new URLSearchParams([...hidden, ['buyer_contact', contact]]).toString(),
      });
    const bad = await post('not a contact!');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('does not look right');
    const { orderNo } = cashierOf(await post('Buyer2@Example.com'));
    const [order] = await w.env.db.select().from(orders).where(eq(orders.orderNo, orderNo));
    expect(order!.contact).toBe('buyer2@example.com');
    // Opening the link again goes to that order rather than asking again.
    expect(cashierOf(await open(q)).orderNo).toBe(orderNo);
  });

  it('a form POST of the signed fields works like the link', async () => {
    const q = signedParams(live);
    const res = await fetch(`${w.base}${PATH}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: q.toString(),
    });
    const { orderNo } = cashierOf(res);
    const [row] = await w.env.db
      .select({ outOrderNo: apiOrders.outOrderNo })
      .from(apiOrders)
      .innerJoin(orders, eq(orders.id, apiOrders.orderId))
      .where(and(eq(orders.orderNo, orderNo), eq(apiOrders.kind, 'hosted')));
    expect(row!.outOrderNo).toBe(q.get('out_order_no'));
  });

  it('paying through the shop channel (sandbox) delivers; the integrator gets signed callbacks and the way back', async () => {
    await setFaults(w, {});
    const q = signedParams(live, { quantity: '1', notify_url: `${receiverUrl}/notify?shop=1` });
    const { orderNo, token } = cashierOf(await open(q));
    const pay = await fetch(`${w.base}/api/store/orders/${orderNo}/pay`, {
      method: 'POST',
      headers: { 'user-agent': 'Mozilla/5.0 (iPhone; Mobile)', 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: token }),
    });
    expect(pay.status, await pay.clone().text()).toBe(200);
    const { action } = (await pay.json()) as { action: { type: string; url: string } };
    expect(action.type).toBe('redirect');
    const pressed = await fetch(`${action.url}/pay`, { method: 'POST', redirect: 'manual' });
    expect(pressed.status).toBe(303);
    const view = await eventually(async () => {
      const v = await buyerView(orderNo, token);
      return v.status === 'delivered' && v;
    });
    expect(new URL(view.returnUrl!).searchParams.get('out_order_no')).toBe(q.get('out_order_no'));
    // The relay turns the order's outbox events into deliveries to notify_url, signed with the AppSecret.
    const types = await eventually(async () => {
      await relayEvents(w.env.ctx());
      await dispatchDue(w.env.ctx());
      const got = receiver.received.filter((r) => r.path === '/notify?shop=1');
      const t = got.map((r) => r.headers['kameng-event-type']);
      return t.includes('order.delivered') && got;
    });
    const events = await Promise.all(
      types.map((r) =>
        verifyWebhook({
          payload: r.body,
          header: r.headers['kameng-signature'] as string,
          secret: live.secret,
        }),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['order.paid', 'order.delivered']);
    const delivered = events[1]!.data as { order: { out_order_no: string; status: string; amount: number } };
    expect(delivered.order).toMatchObject({
      out_order_no: q.get('out_order_no'),
      status: 'delivered',
      amount: 1000,
    });
  });
});
