// The open API's webhook endpoints (/api/v1/webhook-endpoints), through the SDK over real HTTP: CRUD in
// the credential's mode, the secret shown once, the SSRF guard, scopes, tenancy, test events, the limit.
import type { KamengClient } from '@kameng/sdk';
import { isKamengApiError, verifyWebhook, type ApiWebhookEndpoint } from '@kameng/sdk';
import type { WebhookEndpoint } from '@kameng/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from './agent';
import {
  dockingAccount,
  insertCredential,
  listen,
  topUp,
  type DockingAccount,
  type TestCredential,
  sdkClient,
} from './docking-fixtures';
import { createTestEnv, type TestEnv } from './env';
import { dispatchDue } from '../src/modules/webhooks/dispatch-due';
import { relayEvents } from '../src/modules/webhooks/relay-events';
import { activeShop, adminAgent, saleSku } from './orders-fixtures';
import { startReceiver, type Receiver } from './webhook-receiver';

let env: TestEnv;
let admin: Agent;
let base: string;
let receiver: Receiver;
let acct: DockingAccount;
let other: DockingAccount;
let live: KamengClient;
let sandbox: KamengClient;

const clientFor = (cred: Pick<TestCredential, 'appKey' | 'appSecret'>) =>
  sdkClient(base, cred, { locale: 'en' });

beforeAll(async () => {
  env = await createTestEnv();
  admin = await adminAgent(env);
  base = await listen(env);
  receiver = await startReceiver();
  // The receiver is on loopback: the platform admin allows private targets (off by default).
  await allowPrivate(true);
  acct = await dockingAccount(env, admin);
  other = await dockingAccount(env, admin);
  live = clientFor(acct.live);
  sandbox = clientFor(acct.sandbox);
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await env?.close();
});

async function allowPrivate(on: boolean) {
  const res = await admin.put('/api/admin/settings/webhooks', { allowPrivateTargets: on });
  expect(res.statusCode, res.body).toBe(200);
}

/** The API error a call fails with (the test fails if it succeeds). */
async function failure(call: Promise<unknown>): Promise<{ code: string; status: number }> {
  const err = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  if (!isKamengApiError(err)) throw err;
  return { code: err.code, status: err.status };
}

const notFound = { code: 'WEBHOOK_ENDPOINT_NOT_FOUND', status: 404 };

describe('open API webhook endpoints', () => {
  it('creates, reads, updates, disables, rolls and deletes; the secret is shown once', async () => {
    const created = await sandbox.webhookEndpoints.create({
      url: receiver.url('/crud'),
      event_types: ['order.delivered', 'order.refunded'],
      description: 'Order updates',
    });
    expect(created).toMatchObject({
      url: receiver.url('/crud'),
      mode: 'sandbox',
      event_types: ['order.delivered', 'order.refunded'],
      description: 'Order updates',
      status: 'enabled',
      disabled_reason: null,
    });
    expect(created.secret).toMatch(/^whsec_/);
    const { secret: _secret, ...endpoint } = created;

    // Never again: not in the list, not in get.
    const listed = await sandbox.webhookEndpoints.list();
    expect(listed).toEqual([endpoint]);
    expect(listed[0]).not.toHaveProperty('secret');
    const got = await sandbox.webhookEndpoints.get(created.id);
    expect(got).toEqual(endpoint);
    expect(got).not.toHaveProperty('secret');

    // The console shows the same endpoint (one set of endpoints per account).
    const console = await acct.agent.get('/api/developer/webhooks/endpoints');
    expect(console.json<{ items: WebhookEndpoint[] }>().items.map((e) => [e.id, e.mode])).toEqual([
      [created.id, 'sandbox'],
    ]);

    const updated = await sandbox.webhookEndpoints.update(created.id, {
      event_types: ['order.paid'],
      description: 'Paid only',
      url: receiver.url('/crud2'),
    });
    expect(updated).toMatchObject({
      id: created.id,
      url: receiver.url('/crud2'),
      event_types: ['order.paid'],
      description: 'Paid only',
      status: 'enabled',
    });

    const disabled = await sandbox.webhookEndpoints.update(created.id, { enabled: false });
    expect(disabled).toMatchObject({ status: 'disabled', disabled_reason: 'disabled_by_owner' });
    expect(await failure(sandbox.webhookEndpoints.test(created.id))).toEqual({
      code: 'WEBHOOK_ENDPOINT_DISABLED',
      status: 409,
    });
    const enabled = await sandbox.webhookEndpoints.update(created.id, { enabled: true });
    expect(enabled).toMatchObject({ status: 'enabled', disabled_reason: null, event_types: ['order.paid'] });

    const rolled = await sandbox.webhookEndpoints.rollSecret(created.id);
    expect(rolled.secret).toMatch(/^whsec_/);
    expect(rolled.secret).not.toBe(created.secret);
    expect(await sandbox.webhookEndpoints.get(created.id)).not.toHaveProperty('secret');

    await sandbox.webhookEndpoints.delete(created.id);
    expect(await failure(sandbox.webhookEndpoints.get(created.id))).toEqual(notFound);
    expect(await failure(sandbox.webhookEndpoints.delete(created.id))).toEqual(notFound);
    expect(await sandbox.webhookEndpoints.list()).toEqual([]);
  });

  it('refuses bad bodies with a 400 and writes nothing; the mode is not the caller’s to choose', async () => {
    const bad: unknown[] = [
      { url: receiver.url('/x'), event_types: [] },
      { url: receiver.url('/x'), event_types: ['order.nope'] },
      { url: receiver.url('/x'), event_types: ['order.paid', 'order.paid'] },
      { url: receiver.url('/x'), event_types: ['order.paid'], mode: 'live' },
      { event_types: ['order.paid'] },
    ];
    for (const body of bad) {
      const err = await failure(sandbox.webhookEndpoints.create(body as never));
      expect(err, JSON.stringify(body)).toEqual({ code: 'VALIDATION_FAILED', status: 400 });
    }
    expect(await sandbox.webhookEndpoints.list()).toEqual([]);
    expect(await live.webhookEndpoints.list()).toEqual([]);
  });

  it('adds one endpoint per Idempotency-Key: a retry gets the same endpoint and secret, another body is refused', async () => {
    const body = { url: receiver.url('/idem'), event_types: ['order.paid' as const] };
    const tries = await Promise.all(
      Array.from({ length: 5 }, () => sandbox.webhookEndpoints.create(body, { idempotencyKey: 'wh-idem-1' })),
    );
    const first = tries[0]!;
    for (const t of tries) expect(t).toEqual(first); // the same id and the same secret, five times
    expect((await sandbox.webhookEndpoints.list()).map((e) => e.id)).toEqual([first.id]);
    expect(
      await failure(
        sandbox.webhookEndpoints.create({ ...body, description: 'other' }, { idempotencyKey: 'wh-idem-1' }),
      ),
    ).toEqual({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
    expect(await failure(sandbox.webhookEndpoints.create(body, { idempotencyKey: 'not a key!' }))).toEqual({
      code: 'IDEMPOTENCY_KEY_INVALID',
      status: 400,
    });
    // Keys belong to a credential: the live one's same key adds its own endpoint.
    const liveOne = await live.webhookEndpoints.create(body, { idempotencyKey: 'wh-idem-1' });
    expect(liveOne.id).not.toBe(first.id);
    expect((await sandbox.webhookEndpoints.list()).map((e) => e.id)).toEqual([first.id]);
    await sandbox.webhookEndpoints.delete(first.id);
    await live.webhookEndpoints.delete(liveOne.id);
  });

  it('sends a signed test.ping that verifies with the returned secret (and not after a roll)', async () => {
    receiver.behave(() => 'ok');
    const ep = await live.webhookEndpoints.create({
      url: receiver.url('/ping'),
      event_types: ['order.paid'],
    });
    try {
      const d = await live.webhookEndpoints.test(ep.id);
      expect(d).toMatchObject({
        endpoint_id: ep.id,
        url: receiver.url('/ping'),
        status: 'succeeded',
        response_status: 200,
        error: null,
      });
      const got = receiver.requests.filter((r) => r.path === '/ping');
      expect(got).toHaveLength(1);
      const event = await verifyWebhook({
        payload: got[0]!.body,
        header: got[0]!.headers['kameng-signature'] as string,
        secret: ep.secret,
      });
      expect(event).toMatchObject({ id: d.event_id, type: 'test.ping', livemode: true });
      expect(got[0]!.headers['kameng-event-id']).toBe(d.event_id);

      // After a roll, deliveries are signed with the new secret only.
      const rolled = await live.webhookEndpoints.rollSecret(ep.id);
      await live.webhookEndpoints.test(ep.id);
      const second = receiver.requests.filter((r) => r.path === '/ping')[1]!;
      const header = second.headers['kameng-signature'] as string;
      await expect(verifyWebhook({ payload: second.body, header, secret: ep.secret })).rejects.toMatchObject({
        code: 'WEBHOOK_SIGNATURE_INVALID',
      });
      expect((await verifyWebhook({ payload: second.body, header, secret: rolled.secret })).type).toBe(
        'test.ping',
      );

      // A receiver that fails: the answer says so (one attempt, no retries).
      receiver.behave(({ path }) => (path === '/ping' ? 'fail' : 'ok'));
      const failed = await live.webhookEndpoints.test(ep.id);
      expect(failed).toMatchObject({ status: 'failed', response_status: 500 });
    } finally {
      receiver.behave(() => 'ok');
      await live.webhookEndpoints.delete(ep.id);
    }
  });

  it('refuses private and loopback URLs (WEBHOOK_URL_FORBIDDEN) unless the platform allows them', async () => {
    const ep = await live.webhookEndpoints.create({ url: receiver.url('/ok'), event_types: ['order.paid'] });
    await allowPrivate(false);
    try {
      for (const url of [
        receiver.url('/x'),
        'http://10.0.0.1/hook',
        'http://169.254.169.254/latest/meta-data',
        `http://[::1]:${receiver.port}/x`,
        'ftp://example.com/x',
      ]) {
        expect(
          await failure(live.webhookEndpoints.create({ url, event_types: ['order.paid'] })),
          url,
        ).toEqual({
          code: 'WEBHOOK_URL_FORBIDDEN',
          status: 400,
        });
        expect(await failure(live.webhookEndpoints.update(ep.id, { url })), url).toEqual({
          code: 'WEBHOOK_URL_FORBIDDEN',
          status: 400,
        });
      }
      expect((await live.webhookEndpoints.list()).map((e) => e.url)).toEqual([receiver.url('/ok')]);
    } finally {
      await allowPrivate(true);
    }
    // The cloud metadata address (link-local) is refused even then.
    expect(
      await failure(
        live.webhookEndpoints.create({ url: 'http://169.254.169.254/', event_types: ['order.paid'] }),
      ),
    ).toEqual({ code: 'WEBHOOK_URL_FORBIDDEN', status: 400 });
    await live.webhookEndpoints.delete(ep.id);
  });

  it('needs webhooks:read to read and webhooks:write to change', async () => {
    const ep = await live.webhookEndpoints.create({ url: receiver.url('/s'), event_types: ['order.paid'] });
    const reader = clientFor(
      await insertCredential(env, acct.resellerId, 'live', { scopes: ['webhooks:read'] }),
    );
    const orders = clientFor(
      await insertCredential(env, acct.resellerId, 'live', { scopes: ['orders:read'] }),
    );
    const missing = { code: 'API_SCOPE_MISSING', status: 403 };

    expect((await reader.webhookEndpoints.list()).map((e) => e.id)).toEqual([ep.id]);
    expect((await reader.webhookEndpoints.get(ep.id)).id).toBe(ep.id);
    const create = reader.webhookEndpoints.create({ url: receiver.url('/r'), event_types: ['order.paid'] });
    expect(await failure(create)).toEqual(missing);
    expect(await failure(reader.webhookEndpoints.update(ep.id, { enabled: false }))).toEqual(missing);
    expect(await failure(reader.webhookEndpoints.rollSecret(ep.id))).toEqual(missing);
    expect(await failure(reader.webhookEndpoints.test(ep.id))).toEqual(missing);
    expect(await failure(reader.webhookEndpoints.delete(ep.id))).toEqual(missing);
    expect(await failure(orders.webhookEndpoints.list())).toEqual(missing);
    expect(await failure(orders.webhookEndpoints.get(ep.id))).toEqual(missing);

    // Nothing changed.
    expect(await live.webhookEndpoints.list()).toEqual([
      expect.objectContaining({ id: ep.id, status: 'enabled' }) as ApiWebhookEndpoint,
    ]);
    await live.webhookEndpoints.delete(ep.id);
  });

  it('keeps sandbox and live apart, and another account’s endpoints out of reach', async () => {
    const l = await live.webhookEndpoints.create({ url: receiver.url('/live'), event_types: ['order.paid'] });
    const s = await sandbox.webhookEndpoints.create({
      url: receiver.url('/sb'),
      event_types: ['order.paid'],
    });
    const theirs = await clientFor(other.live).webhookEndpoints.create({
      url: receiver.url('/theirs'),
      event_types: ['order.paid'],
    });
    expect(l.mode).toBe('live');
    expect(s.mode).toBe('sandbox');
    expect((await live.webhookEndpoints.list()).map((e) => e.id)).toEqual([l.id]);
    expect((await sandbox.webhookEndpoints.list()).map((e) => e.id)).toEqual([s.id]);

    const received = receiver.requests.length;
    for (const [client, id] of [
      [sandbox, l.id],
      [live, s.id],
      [live, theirs.id],
      [sandbox, theirs.id],
    ] as const) {
      expect(await failure(client.webhookEndpoints.get(id))).toEqual(notFound);
      expect(await failure(client.webhookEndpoints.update(id, { enabled: false }))).toEqual(notFound);
      expect(await failure(client.webhookEndpoints.rollSecret(id))).toEqual(notFound);
      expect(await failure(client.webhookEndpoints.test(id))).toEqual(notFound);
      expect(await failure(client.webhookEndpoints.delete(id))).toEqual(notFound);
    }
    // None of that reached a receiver or changed an endpoint.
    expect(receiver.requests.length).toBe(received);
    expect(await clientFor(other.live).webhookEndpoints.get(theirs.id)).toMatchObject({ status: 'enabled' });
    expect(await live.webhookEndpoints.get(l.id)).toMatchObject({ status: 'enabled' });
    expect(await sandbox.webhookEndpoints.get(s.id)).toMatchObject({ status: 'enabled' });

    await live.webhookEndpoints.delete(l.id);
    await sandbox.webhookEndpoints.delete(s.id);
    await clientFor(other.live).webhookEndpoints.delete(theirs.id);
  });

  it('allows at most 10 endpoints per account, both modes together (WEBHOOK_ENDPOINT_LIMIT)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const client = i % 2 ? sandbox : live;
      ids.push(
        (await client.webhookEndpoints.create({ url: receiver.url(`/n${i}`), event_types: ['order.paid'] }))
          .id,
      );
    }
    for (const client of [live, sandbox]) {
      expect(
        await failure(
          client.webhookEndpoints.create({ url: receiver.url('/n10'), event_types: ['order.paid'] }),
        ),
      ).toEqual({ code: 'WEBHOOK_ENDPOINT_LIMIT', status: 409 });
    }
    expect((await live.webhookEndpoints.list()).length + (await sandbox.webhookEndpoints.list()).length).toBe(
      10,
    );
    // Another account has its own 10.
    const theirs = await clientFor(other.sandbox).webhookEndpoints.create({
      url: receiver.url('/other'),
      event_types: ['order.paid'],
    });
    await clientFor(other.sandbox).webhookEndpoints.delete(theirs.id);
    // Deleting one makes room again.
    await live.webhookEndpoints.delete(ids[0]!);
    const again = await live.webhookEndpoints.create({
      url: receiver.url('/n10'),
      event_types: ['order.paid'],
    });
    expect(again.mode).toBe('live');
  });
});

describe('balance.changed', () => {
  it('tells the account when an order takes money from its balance and when a cancel pays it back', async () => {
    const shop = await activeShop(env, admin);
    const { skuId } = await saleSku(shop, {
      sku: { name: 'Top-up', price: 1500, deliveryMode: 'manual', manualStockCap: 5 },
    });
    const mine = await dockingAccount(env, admin); // its own endpoints (the limit test fills acct's)
    const client = clientFor(mine.live);
    await topUp(admin, mine.resellerId, 10_000);
    await flush(); // the top-up came before the endpoint
    const ep = await client.webhookEndpoints.create({
      url: receiver.url('/balance'),
      event_types: ['balance.changed'],
    });
    const before = receiver.requests.length;
    const order = await client.orders.create({ sku_id: skuId, quantity: 2, out_order_no: 'BAL-1' });
    expect(order.status).toBe('processing');
    await client.orders.cancel(order.id);
    await flush();
    const got = await Promise.all(
      receiver.requests
        .slice(before)
        .filter((r) => r.path === '/balance')
        .map((r) =>
          verifyWebhook({
            payload: r.body,
            header: r.headers['kameng-signature'] as string,
            secret: ep.secret,
          }),
        ),
    );
    const ref = { id: order.id, order_no: order.order_no };
    expect(got.map((e) => e.data.change)).toEqual([
      { reason: 'order_payment', amount: -3000, order: ref },
      { reason: 'order_refund', amount: 3000, order: ref },
    ]);
    // The balance is read when the event is relayed: here both in one batch, after the refund.
    expect(got[1]!.data.balance).toMatchObject({ mode: 'live', available: 10_000 });
  });
});

/** Relays the outbox and sends what is due (twice: a relay round may leave the next batch). */
async function flush() {
  for (let i = 0; i < 2; i++) {
    await relayEvents(env.ctx());
    await dispatchDue(env.ctx(), { timeoutMs: 2000 });
  }
}
