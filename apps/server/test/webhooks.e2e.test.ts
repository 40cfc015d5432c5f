// Signed callbacks (webhooks): the outbox relay, deliveries with retries against a receiver on loopback
// that fails and then recovers, the SSRF guard, the console's delivery log, redeliver, test events and
// the retry horizon. Time is the test clock (env.clock.advance), never real days.
import { randomUUID } from 'node:crypto';
import type { ApiWebhookEvent, WebhookDelivery, WebhookEndpointWithSecret } from '@kameng/shared';
import { verifyWebhook } from '@kameng/sdk';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOrders } from '../src/modules/docking/schema';
import { emails } from '../src/modules/notifications/schema';
import { dispatchDue } from '../src/modules/webhooks/dispatch-due';
import { relayEvents } from '../src/modules/webhooks/relay-events';
import {
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
  webhookEvents,
} from '../src/modules/webhooks/schema';
import type { Agent } from './agent';
import { dockingAccount, topUp, type DockingAccount } from './docking-fixtures';
import { createTestEnv, type TestEnv } from './env';
import { activeShop, adminAgent, orderByNo, pay, placeOrder, saleSku } from './orders-fixtures';
import { startReceiver, type Receiver, type Received } from './webhook-receiver';

const BASE = '/api/developer/webhooks';
const HOUR = 3600_000;

let env: TestEnv;
let admin: Agent;
let shop: Awaited<ReturnType<typeof activeShop>>;
let acct: DockingAccount;
let receiver: Receiver;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await adminAgent(env);
  shop = await activeShop(env, admin);
  acct = await dockingAccount(env, admin);
  receiver = await startReceiver(() => env.clock.now.getTime());
  // The receiver is on loopback: the platform admin allows private targets (off by default).
  await allowPrivate(true);
});

afterAll(async () => {
  await receiver?.close();
  await env?.close();
});

async function allowPrivate(on: boolean) {
  const res = await admin.put('/api/admin/settings/webhooks', { allowPrivateTargets: on });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toEqual({ allowPrivateTargets: on });
}

async function createEndpoint(
  agent: Agent,
  body: Record<string, unknown>,
): Promise<WebhookEndpointWithSecret> {
  const res = await agent.post(`${BASE}/endpoints`, { mode: 'live', description: 'test', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<WebhookEndpointWithSecret>();
}

/** A storefront order placed and paid, linked to an API order of `account` (as helper "api" links them). */
async function paidApiOrder(skuId: string, callbackUrl?: string, account: DockingAccount = acct) {
  const res = await placeOrder(env, { skuId, quantity: 1 });
  expect(res.statusCode, res.body).toBe(201);
  const { orderNo } = res.json<{ orderNo: string }>();
  const o = await orderByNo(env, orderNo);
  const [a] = await env.db
    .insert(apiOrders)
    .values({
      resellerId: account.resellerId,
      credentialId: account.live.id,
      mode: 'live',
      outOrderNo: `OUT-${randomUUID().slice(0, 8)}`,
      orderId: o.id,
      skuId,
      quantity: 1,
      total: o.total,
      requestHash: Buffer.alloc(32),
      callbackUrl: callbackUrl ?? null,
    })
    .returning();
  await pay(env, orderNo);
  return { apiOrderId: a!.id, orderId: o.id };
}

/** Relay + dispatch rounds, moving the clock on between them, until nothing is pending (bounded). */
async function deliverAll(opts: { timeoutMs?: number; step?: number; rounds?: number } = {}) {
  for (let round = 0; round < (opts.rounds ?? 40); round++) {
    await relayEvents(env.ctx());
    await dispatchDue(env.ctx(), { timeoutMs: opts.timeoutMs ?? 2000 });
    const [p] = await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.status, 'pending'));
    if (p!.n === 0) return round;
    env.clock.advance(opts.step ?? 15 * 60_000);
  }
  throw new Error('deliveries still pending after the last round');
}

/** Verifies a received request with the SDK as an integrator would on receipt (by the test clock). */
async function verified(r: Received, secret: string | string[]) {
  return verifyWebhook({
    payload: r.body,
    header: r.headers['kameng-signature'] as string,
    secret,
    now: () => r.receivedAt,
  });
}

describe('webhooks', () => {
  it('delivers every order event once, in order per order, through failures and timeouts; signed', async () => {
    const { skuId } = await saleSku(shop, { keys: 10 });
    const ep = await createEndpoint(acct.agent, {
      url: receiver.url('/hook'),
      eventTypes: ['order.paid', 'order.delivered'],
    });
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(ep.endpoint).toMatchObject({ status: 'enabled', mode: 'live' });

    // The receiver fails its first 3 requests (500), lets the next 2 time out, then recovers.
    let hookCount = 0;
    receiver.behave(({ path }) => {
      if (path !== '/hook') return 'ok';
      hookCount += 1;
      return hookCount <= 3 ? 'fail' : hookCount <= 5 ? 'hang' : 'ok';
    });
    const first = await paidApiOrder(skuId, receiver.url('/callback'));
    const others = [await paidApiOrder(skuId), await paidApiOrder(skuId)];
    const ordersMade = [first, ...others];

    await deliverAll({ timeoutMs: 300 });
    expect(hookCount).toBeGreaterThan(5); // the failures really happened

    const hook = receiver.requests.filter((r) => r.path === '/hook');
    const events: { event: ApiWebhookEvent; answered: number | null }[] = [];
    for (const r of hook) {
      const event = await verified(r, ep.secret);
      expect(r.headers['kameng-event-id']).toBe(event.id);
      expect(r.headers['kameng-event-type']).toBe(event.type);
      expect(r.headers['user-agent']).toBe('Kameng-Webhooks/1');
      expect(event.livemode).toBe(true);
      events.push({ event, answered: r.answered });
    }
    // De-duplicated by event id, every event was received: 2 per order, each acknowledged exactly once.
    const acked = events.filter((e) => e.answered === 200).map((e) => e.event);
    expect(new Set(acked.map((e) => e.id)).size).toBe(acked.length);
    expect(acked).toHaveLength(6);
    for (const o of ordersMade) {
      const mine = (list: typeof events) =>
        list.filter((e) => (e.event.data.order as { id: string }).id === o.apiOrderId);
      expect(mine(events.filter((e) => e.answered === 200)).map((e) => e.event.type)).toEqual([
        'order.paid',
        'order.delivered',
      ]);
      // Not even a failed attempt of `delivered` went out before `paid` was acknowledged.
      const all = mine(events);
      const paidAck = all.findIndex((e) => e.event.type === 'order.paid' && e.answered === 200);
      const firstDelivered = all.findIndex((e) => e.event.type === 'order.delivered');
      expect(firstDelivered).toBeGreaterThan(paidAck);
    }
    // The integrator gets the goods in the event (a card-key order: one key).
    const delivered = acked.find((e) => e.type === 'order.delivered')!;
    const order = delivered.data.order as { status: string; delivery: { keys: string[] } };
    expect(order.status).toBe('delivered');
    expect(order.delivery.keys).toHaveLength(1);
    const key = order.delivery.keys[0]!;

    // The order's own callback URL got its two events, signed with the AppSecret of its credential.
    const callbacks = receiver.requests.filter((r) => r.path === '/callback');
    const cbEvents = await Promise.all(callbacks.map((r) => verified(r, acct.live.appSecret)));
    expect(cbEvents.map((e) => e.type)).toEqual(['order.paid', 'order.delivered']);
    expect(cbEvents.every((e) => (e.data.order as { id: string }).id === first.apiOrderId)).toBe(true);
    await expect(verified(callbacks[0]!, ep.secret)).rejects.toThrow(/signature/i);

    // Keys are never stored in clear in the webhook tables; the log masks them.
    const [raw] = await env.db
      .execute<{ t: string }>(sql`SELECT string_agg(data::text, '') AS t FROM webhook_events`)
      .then((r) => r.rows);
    expect(raw!.t).not.toContain(key);
    const [logged] = await env.db
      .execute<{ t: string }>(sql`SELECT string_agg(request_body, '') AS t FROM webhook_attempts`)
      .then((r) => r.rows);
    expect(logged!.t).not.toContain(key);
    expect(logged!.t).toContain('[redacted]');

    // The delivery log: newest first, with every attempt (status, excerpt, duration, headers).
    const log = await acct.agent.get(`${BASE}/deliveries?endpointId=${ep.endpoint.id}&limit=100`);
    expect(log.statusCode, log.body).toBe(200);
    const items = log.json<{ items: WebhookDelivery[] }>().items;
    expect(items).toHaveLength(6);
    expect(items.every((d) => d.status === 'succeeded')).toBe(true);
    const retried = items.filter((d) => d.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    const failedAttempt = retried[0]!.attemptLog[0]!;
    expect(failedAttempt.responseStatus === 500 || /timed out/.test(failedAttempt.error ?? '')).toBe(true);
    const withBody = items.flatMap((d) => d.attemptLog).find((a) => a.responseStatus === 500)!;
    expect(Buffer.byteLength(withBody.responseBody!)).toBeLessThanOrEqual(2048);
    expect(withBody.requestHeaders['Kameng-Event-Id']).toBeTruthy();
    expect(withBody.durationMs).toBeGreaterThanOrEqual(0);
    // Paged newest first: two pages of 4 and 2 give the same six.
    const page1 = (await acct.agent.get(`${BASE}/deliveries?endpointId=${ep.endpoint.id}&limit=4`)).json<{
      items: WebhookDelivery[];
      nextCursor: string | null;
    }>();
    expect(page1.items.map((d) => d.id)).toEqual(items.slice(0, 4).map((d) => d.id));
    const page2 = (
      await acct.agent.get(
        `${BASE}/deliveries?endpointId=${ep.endpoint.id}&limit=4&cursor=${page1.nextCursor}`,
      )
    ).json<{ items: WebhookDelivery[]; nextCursor: string | null }>();
    expect(page2.items.map((d) => d.id)).toEqual(items.slice(4).map((d) => d.id));
    expect(page2.nextCursor).toBeNull();

    // One event's payload, as sent, goods masked.
    const evRes = await acct.agent.get(`${BASE}/events/${delivered.id}`);
    expect(evRes.statusCode, evRes.body).toBe(200);
    const shown = evRes.json<{ payload: ApiWebhookEvent }>().payload;
    expect(shown.id).toBe(delivered.id);
    expect((shown.data.order as { delivery: { keys: string[] } }).delivery.keys).toEqual(['[redacted]']);

    // Filters: status and event type.
    const failedOnly = await acct.agent.get(`${BASE}/deliveries?status=failed`);
    expect(failedOnly.json<{ items: unknown[] }>().items).toHaveLength(0);
    const paidOnly = await acct.agent.get(
      `${BASE}/deliveries?eventType=order.paid&endpointId=${ep.endpoint.id}`,
    );
    expect(paidOnly.json<{ items: WebhookDelivery[] }>().items.map((d) => d.eventType)).toEqual([
      'order.paid',
      'order.paid',
      'order.paid',
    ]);
    await acct.agent.delete(`${BASE}/endpoints/${ep.endpoint.id}`);
  });

  it('refuses private, loopback and link-local URLs unless the platform allows private targets', async () => {
    await allowPrivate(false);
    try {
      for (const url of [
        receiver.url('/x'),
        'http://10.0.0.1/hook',
        'http://169.254.169.254/latest/meta-data',
        `http://[::1]:${receiver.port}/x`,
        `http://localhost:${receiver.port}/x`,
        'http://[::ffff:127.0.0.1]/x',
        'ftp://example.com/x',
        'http://user:pw@example.com/x',
      ]) {
        const res = await acct.agent.post(`${BASE}/endpoints`, {
          url,
          mode: 'live',
          eventTypes: ['order.paid'],
        });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().code, url).toBe('WEBHOOK_URL_FORBIDDEN');
      }
    } finally {
      await allowPrivate(true);
    }
    // Allowed: loopback now works; the cloud metadata address (link-local) never does.
    const ok = await createEndpoint(acct.agent, { url: receiver.url('/ok'), eventTypes: ['order.paid'] });
    const meta = await acct.agent.post(`${BASE}/endpoints`, {
      url: 'http://169.254.169.254/',
      mode: 'live',
      eventTypes: ['order.paid'],
    });
    expect(meta.json().code).toBe('WEBHOOK_URL_FORBIDDEN');
    expect((await acct.agent.delete(`${BASE}/endpoints/${ok.endpoint.id}`)).statusCode).toBe(204);
  });

  it('checks the address again when connecting: a saved URL that now resolves to loopback is not called', async () => {
    const ep = await createEndpoint(acct.agent, {
      url: `http://localhost:${receiver.port}/rebound`,
      eventTypes: ['order.paid'],
    });
    await allowPrivate(false);
    try {
      const res = await acct.agent.post(`${BASE}/endpoints/${ep.endpoint.id}/test`);
      expect(res.statusCode, res.body).toBe(200);
      const d = res.json<WebhookDelivery>();
      expect(d.status).toBe('failed');
      expect(d.attemptLog[0]!.responseStatus).toBeNull();
      expect(d.attemptLog[0]!.error).toMatch(/WEBHOOK_URL_FORBIDDEN/);
      expect(receiver.requests.some((r) => r.path === '/rebound')).toBe(false);
    } finally {
      await allowPrivate(true);
    }
    await acct.agent.delete(`${BASE}/endpoints/${ep.endpoint.id}`);
  });

  it('sends a test event to one endpoint only, redelivers, and rolls the secret', async () => {
    receiver.behave(() => 'ok');
    const a = await createEndpoint(acct.agent, { url: receiver.url('/a'), eventTypes: ['order.paid'] });
    const b = await createEndpoint(acct.agent, { url: receiver.url('/b'), eventTypes: ['order.paid'] });
    const res = await acct.agent.post(`${BASE}/endpoints/${a.endpoint.id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json<WebhookDelivery>();
    expect(d).toMatchObject({ status: 'succeeded', eventType: 'test.ping', endpointId: a.endpoint.id });
    expect(d.attemptLog[0]).toMatchObject({ responseStatus: 200, responseBody: 'ok' });
    const got = receiver.requests.filter((r) => r.path === '/a');
    expect(got).toHaveLength(1);
    expect((await verified(got[0]!, a.secret)).type).toBe('test.ping');
    expect(receiver.requests.some((r) => r.path === '/b')).toBe(false);

    // Redeliver: the same event (same id) again, as a new delivery, now.
    const again = await acct.agent.post(`${BASE}/deliveries/${d.id}/redeliver`);
    expect(again.statusCode, again.body).toBe(200);
    const d2 = again.json<WebhookDelivery>();
    expect(d2.id).not.toBe(d.id);
    expect(d2).toMatchObject({ status: 'succeeded', eventId: d.eventId });
    const got2 = receiver.requests.filter((r) => r.path === '/a');
    expect(got2).toHaveLength(2);
    expect((await verified(got2[1]!, a.secret)).id).toBe((await verified(got2[0]!, a.secret)).id);

    // Rolling the secret: the old one stops verifying at once.
    const rolled = await acct.agent.post(`${BASE}/endpoints/${a.endpoint.id}/roll-secret`);
    expect(rolled.statusCode, rolled.body).toBe(200);
    const secret2 = rolled.json<WebhookEndpointWithSecret>().secret;
    expect(secret2).not.toBe(a.secret);
    await acct.agent.post(`${BASE}/endpoints/${a.endpoint.id}/test`);
    const last = receiver.requests.filter((r) => r.path === '/a').at(-1)!;
    expect((await verified(last, secret2)).type).toBe('test.ping');
    await expect(verified(last, a.secret)).rejects.toThrow(/signature/i);

    // Another reseller sees none of it.
    const other = await dockingAccount(env, admin);
    expect((await other.agent.get(`${BASE}/deliveries/${d.id}`)).statusCode).toBe(404);
    expect((await other.agent.post(`${BASE}/deliveries/${d.id}/redeliver`)).statusCode).toBe(404);
    expect((await other.agent.post(`${BASE}/endpoints/${a.endpoint.id}/test`)).statusCode).toBe(404);
    expect((await other.agent.get(`${BASE}/events/${d.eventId}`)).statusCode).toBe(404);

    // Deleted: gone from the list, its deliveries stay in the log.
    expect((await acct.agent.delete(`${BASE}/endpoints/${a.endpoint.id}`)).statusCode).toBe(204);
    await acct.agent.delete(`${BASE}/endpoints/${b.endpoint.id}`);
    const list = await acct.agent.get(`${BASE}/endpoints`);
    expect(list.json<{ items: { id: string }[] }>().items.map((e) => e.id)).not.toContain(a.endpoint.id);
    expect((await acct.agent.get(`${BASE}/deliveries/${d.id}`)).statusCode).toBe(200);
  });

  it('announces product.updated to subscribed resellers and balance.changed on a top-up', async () => {
    receiver.behave(() => 'ok');
    const ep = await createEndpoint(acct.agent, {
      url: receiver.url('/catalog'),
      eventTypes: ['product.updated', 'balance.changed'],
    });
    await relayEvents(env.ctx()); // what happened before it subscribed is not its business
    const before = receiver.requests.length;
    const { productId } = await saleSku(shop);
    const detail = (await shop.agent.get(`/api/merchant/products/${productId}`)).json<
      Record<string, unknown>
    >();
    const updated = await shop.agent.put(`/api/merchant/products/${productId}`, {
      title: 'Renamed card',
      status: detail.status,
      skus: (detail.skus as Record<string, unknown>[]).map((s) => ({
        id: s.id,
        name: s.name,
        price: s.price,
        deliveryMode: s.deliveryMode,
      })),
    });
    expect(updated.statusCode, updated.body).toBe(200);
    await topUp(admin, acct.resellerId, 5000);
    await deliverAll();
    const got = await Promise.all(
      receiver.requests
        .slice(before)
        .filter((r) => r.path === '/catalog')
        .map((r) => verified(r, ep.secret)),
    );
    const product = got
      .filter((e) => e.type === 'product.updated')
      .map((e) => e.data.product as { id: string });
    expect(product.map((p) => p.id)).toContain(productId);
    const balance = got.find((e) => e.type === 'balance.changed')!;
    expect(balance.data).toMatchObject({
      change: { reason: 'top_up', amount: 5000 },
      balance: { mode: 'live', currency: 'CNY' },
    });
    expect((balance.data.balance as { available: number }).available).toBeGreaterThanOrEqual(5000);
    await acct.agent.delete(`${BASE}/endpoints/${ep.endpoint.id}`);
  });

  it('announces stock.changed when checkouts reserve and release keys: one event per SKU and batch', async () => {
    receiver.behave(() => 'ok');
    const { skuId, productId } = await saleSku(shop, { keys: 5 });
    await relayEvents(env.ctx()); // the import's own stock.changed comes before the endpoint
    const ep = await createEndpoint(acct.agent, {
      url: receiver.url('/stock'),
      eventTypes: ['stock.changed'],
    });
    const before = receiver.requests.length;
    // Three buyers reserve a key each; the relay takes the three checkouts in one batch.
    const placed = [];
    for (let i = 0; i < 3; i++) {
      const res = await placeOrder(env, { skuId, quantity: 1 });
      expect(res.statusCode, res.body).toBe(201);
      placed.push(res.json<{ orderNo: string; accessToken: string }>());
    }
    await deliverAll();
    const first = await Promise.all(
      receiver.requests
        .slice(before)
        .filter((r) => r.path === '/stock')
        .map((r) => verified(r, ep.secret)),
    );
    expect(first.map((e) => e.type)).toEqual(['stock.changed']);
    expect(first[0]!.data.sku).toEqual({
      id: skuId,
      product_id: productId,
      stock: { status: 'in_stock', quantity: 2 },
    });
    // One buyer cancels: the key is back on sale, and integrators hear of it.
    const mid = receiver.requests.length;
    const cancelled = await env.app.inject({
      method: 'POST',
      url: `/api/store/orders/${placed[0]!.orderNo}/cancel`,
      payload: { accessToken: placed[0]!.accessToken },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await deliverAll();
    const second = await Promise.all(
      receiver.requests
        .slice(mid)
        .filter((r) => r.path === '/stock')
        .map((r) => verified(r, ep.secret)),
    );
    expect(second.map((e) => (e.data.sku as { stock: unknown }).stock)).toEqual([
      { status: 'in_stock', quantity: 3 },
    ]);
    await acct.agent.delete(`${BASE}/endpoints/${ep.endpoint.id}`);
  });

  it('carries the payload of the version served to the account: 1.1 orders list their items', async () => {
    receiver.behave(() => 'ok');
    const { skuId } = await saleSku(shop, { keys: 3 });
    const ep = await createEndpoint(acct.agent, {
      url: receiver.url('/v11'),
      eventTypes: ['order.delivered'],
    });
    const pinned = await admin.put(`/api/admin/docking/resellers/${acct.resellerId}/version`, {
      version: '1.1',
    });
    expect(pinned.statusCode, pinned.body).toBe(200);
    const before = receiver.requests.length;
    await paidApiOrder(skuId);
    await deliverAll();
    const [event] = await Promise.all(
      receiver.requests
        .slice(before)
        .filter((r) => r.path === '/v11')
        .map((r) => verified(r, ep.secret)),
    );
    expect(event).toMatchObject({ type: 'order.delivered', api_version: '1.1' });
    const delivery = (event!.data.order as { delivery: { keys: string[]; items: unknown[] } }).delivery;
    expect(delivery.items).toEqual(delivery.keys.map((content) => ({ kind: 'card_key', content })));
    await admin.put(`/api/admin/docking/resellers/${acct.resellerId}/version`, { version: null });
    await acct.agent.delete(`${BASE}/endpoints/${ep.endpoint.id}`);
  });

  it('validates endpoints and keeps at most 10 per reseller', async () => {
    const bad = [
      { url: receiver.url('/v'), mode: 'live', eventTypes: [] },
      { url: receiver.url('/v'), mode: 'live', eventTypes: ['order.shipped'] },
      { url: receiver.url('/v'), mode: 'live', eventTypes: ['order.paid', 'order.paid'] },
      { url: receiver.url('/v'), mode: 'prod', eventTypes: ['order.paid'] },
      { url: 'not a url', mode: 'live', eventTypes: ['order.paid'] },
    ];
    for (const body of bad) {
      const res = await acct.agent.post(`${BASE}/endpoints`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const other = await dockingAccount(env, admin);
    for (let i = 0; i < 10; i++) {
      await createEndpoint(other.agent, { url: receiver.url(`/n${i}`), eventTypes: ['order.paid'] });
    }
    const res = await other.agent.post(`${BASE}/endpoints`, {
      url: receiver.url('/n10'),
      mode: 'sandbox',
      eventTypes: ['order.paid'],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('WEBHOOK_ENDPOINT_LIMIT');
    const [n] = await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.resellerId, other.resellerId));
    expect(n!.n).toBe(10);
    // Secrets are stored encrypted, never in clear.
    const created = await createEndpoint(acct.agent, {
      url: receiver.url('/enc'),
      eventTypes: ['order.paid'],
    });
    const [row] = await env.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, created.endpoint.id));
    expect(row!.secretEnc.includes(Buffer.from(created.secret.slice(6)))).toBe(false);
    await acct.agent.delete(`${BASE}/endpoints/${created.endpoint.id}`);
  });

  it('gives up after 3 days: the delivery fails, the endpoint is disabled and its owner e-mailed', async () => {
    const { skuId } = await saleSku(shop, { keys: 2 });
    receiver.behave(({ path }) => (path === '/down' ? 'fail' : 'ok'));
    const ep = await createEndpoint(acct.agent, { url: receiver.url('/down'), eventTypes: ['order.paid'] });
    await relayEvents(env.ctx());
    await paidApiOrder(skuId);
    await relayEvents(env.ctx());
    await dispatchDue(env.ctx(), { timeoutMs: 2000 });
    const [d] = await env.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, ep.endpoint.id));
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    // Retried with backoff: not before 8 s (10 s − 20 % jitter).
    expect(d!.nextAttemptAt.getTime() - env.clock.now.getTime()).toBeGreaterThan(7000);

    // Two days later it is still being retried; the endpoint is still enabled.
    env.clock.advance(48 * HOUR);
    await dispatchDue(env.ctx(), { timeoutMs: 2000 });
    const [mid] = await env.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep.endpoint.id));
    expect(mid!.status).toBe('enabled');

    env.clock.advance(25 * HOUR);
    await dispatchDue(env.ctx(), { timeoutMs: 2000 });
    const [after] = await env.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, d!.id));
    expect(after).toMatchObject({ status: 'failed', attempts: 3, lastStatus: 500 });
    const attempts = await env.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d!.id));
    expect(attempts.map((a) => a.responseStatus)).toEqual([500, 500, 500]);
    const [disabled] = await env.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, ep.endpoint.id));
    expect(disabled).toMatchObject({ status: 'disabled', disabledReason: 'delivery_failed' });
    const mails = await env.db.select().from(emails).where(eq(emails.to, acct.email));
    const mail = mails.find((m) => m.template === 'webhook_endpoint_disabled');
    expect(mail?.subject).toMatch(/回调已停用/);

    // No more attempts to a disabled endpoint; new events do not queue for it.
    const sent = receiver.requests.filter((r) => r.path === '/down').length;
    await paidApiOrder(skuId);
    await deliverAll({ rounds: 3 });
    expect(receiver.requests.filter((r) => r.path === '/down').length).toBe(sent);

    // Redeliver is refused while disabled; once fixed and enabled again, it goes through.
    const refused = await acct.agent.post(`${BASE}/deliveries/${d!.id}/redeliver`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('WEBHOOK_ENDPOINT_DISABLED');
    receiver.behave(() => 'ok');
    const enabled = await acct.agent.patch(`${BASE}/endpoints/${ep.endpoint.id}`, { enabled: true });
    expect(enabled.json()).toMatchObject({ status: 'enabled', disabledReason: null });
    const redo = await acct.agent.post(`${BASE}/deliveries/${d!.id}/redeliver`);
    expect(redo.json<WebhookDelivery>()).toMatchObject({ status: 'succeeded', eventId: d!.eventId });
    const [ev] = await env.db.select().from(webhookEvents).where(eq(webhookEvents.id, d!.eventId));
    expect(ev!.type).toBe('order.paid');
  });

  it('relays a batch with each event to exactly its receivers: by type, by reseller, and the order callback', async () => {
    const { skuId } = await saleSku(shop, { keys: 10 });
    const mine = await dockingAccount(env, admin);
    const other = await dockingAccount(env, admin);
    await relayEvents(env.ctx()); // what earlier tests left is not part of this batch
    await createEndpoint(mine.agent, { url: receiver.url('/b-paid'), eventTypes: ['order.paid'] });
    await createEndpoint(mine.agent, { url: receiver.url('/b-delivered'), eventTypes: ['order.delivered'] });
    await createEndpoint(other.agent, {
      url: receiver.url('/b-other'),
      eventTypes: ['order.paid', 'order.delivered'],
    });
    const a = await paidApiOrder(skuId, receiver.url('/b-callback-a'), mine);
    const b = await paidApiOrder(skuId, undefined, mine);
    const c = await paidApiOrder(skuId, receiver.url('/b-callback-c'), other);
    expect(await relayEvents(env.ctx())).toBeGreaterThanOrEqual(6);
    const rows = await env.db
      .select({ url: webhookDeliveries.url, type: webhookEvents.type, subject: webhookEvents.subjectKey })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(sql`${webhookDeliveries.url} LIKE ${receiver.url('/b-') + '%'}`);
    const name = new Map([
      [`order:${a.apiOrderId}`, 'a'],
      [`order:${b.apiOrderId}`, 'b'],
      [`order:${c.apiOrderId}`, 'c'],
    ]);
    expect(rows.map((r) => `${new URL(r.url).pathname} ${r.type} ${name.get(r.subject)}`).sort()).toEqual([
      '/b-callback-a order.delivered a',
      '/b-callback-a order.paid a',
      '/b-callback-c order.delivered c',
      '/b-callback-c order.paid c',
      '/b-delivered order.delivered a',
      '/b-delivered order.delivered b',
      '/b-other order.delivered c',
      '/b-other order.paid c',
      '/b-paid order.paid a',
      '/b-paid order.paid b',
    ]);
  });
});
