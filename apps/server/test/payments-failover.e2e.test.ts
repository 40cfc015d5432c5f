import { createServer, type Server } from 'node:http';
import type { PaymentAnomaly, PaymentChannel } from '@kameng/shared';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../src/lib/app-error';
import { withTx } from '../src/lib/ctx';
import { auditLog } from '../src/modules/audit/schema';
import { events } from '../src/modules/events/schema';
import { emails } from '../src/modules/notifications/schema';
import { shortError } from '../src/modules/payments/channel-health';
import { paymentChannels } from '../src/modules/payments/schema';
import { refundPayment } from '../src/modules/payments/refund-payment';
import { orderChannels, type RoutableChannel } from '../src/modules/payments/route-channels';
import { startPayment } from '../src/modules/payments/start-payment';
import {
  SANDBOX_CREDS,
  createPayWorld,
  eventually,
  insertOrder,
  orderState,
  pressCashier,
  type PayWorld,
} from './payments-fixtures';

let w: PayWorld;
/** A loopback "gateway" that answers every request with HTTP 500, counting the requests. */
let broken: Server;
let brokenUrl: string;
let brokenHits = 0;

beforeAll(async () => {
  w = await createPayWorld();
  broken = createServer((_req, res) => {
    brokenHits++;
    res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
  });
  await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
  brokenUrl = `http://127.0.0.1:${(broken.address() as { port: number }).port}/gw`;
}, 60_000);
afterAll(async () => {
  await new Promise((r) => broken?.close(r));
  await w?.close();
});

const good = () => `${w.base}/sandbox-gateway`;

async function addChannel(id: string, method: string, extra: Record<string, unknown> = {}) {
  const res = await w.admin.post('/api/admin/payments/channels', {
    id,
    name: id,
    provider: 'sandbox',
    method,
    credentials: SANDBOX_CREDS,
    settings: { gatewayUrl: good() },
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<PaymentChannel>();
}

function start(orderId: string, method: string, ctx = w.env.ctx()) {
  return startPayment(ctx, {
    orderId,
    method,
    returnUrl: `${w.base}/result`,
    clientIp: '127.0.0.1',
    device: 'mobile',
    baseUrl: w.base,
  });
}

async function adminChannel(id: string): Promise<PaymentChannel> {
  const res = await w.admin.get('/api/admin/payments/channels');
  expect(res.statusCode).toBe(200);
  return res.json<{ items: PaymentChannel[] }>().items.find((c) => c.id === id)!;
}

async function anomalies(): Promise<PaymentAnomaly[]> {
  const res = await w.admin.get('/api/admin/payments/anomalies');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: PaymentAnomaly[] }>().items;
}

describe('failover and automatic pause', () => {
  it('pays through the second channel while the first one errors, then pauses the first after N failures', async () => {
    await addChannel('fo-a', 'fo', {
      priority: 10,
      settings: { gatewayUrl: brokenUrl },
      autoPauseAfter: 3,
      cooldownSeconds: 60,
    });
    await addChannel('fo-b', 'fo');
    brokenHits = 0;

    // End to end: the first channel's gateway errors, the order is still paid through the second.
    const first = await insertOrder(w, 1200);
    const p1 = await start(first, 'fo');
    expect(p1.channelId).toBe('fo-b');
    expect(brokenHits).toBe(1);
    await pressCashier(w, String(p1.action.url), 'pay');
    await eventually(async () => (await orderState(w, first)).status !== 'pending_payment');
    expect((await orderState(w, first)).paidEvents).toBe(1);
    const failing = await adminChannel('fo-a');
    expect(failing).toMatchObject({ health: 'failing', consecutiveFailures: 1, pausedUntil: null });
    expect(failing.lastError).toMatch(/SyntaxError|JSON/);

    for (let i = 0; i < 2; i++)
      expect((await start(await insertOrder(w, 1200), 'fo')).channelId).toBe('fo-b');
    expect(brokenHits).toBe(3);
    const paused = await adminChannel('fo-a');
    expect(paused).toMatchObject({ health: 'auto_paused', consecutiveFailures: 3 });
    expect(new Date(paused.pausedUntil!).getTime()).toBe(new Date(paused.lastFailureAt!).getTime() + 60_000);

    // Paused: not even tried any more.
    expect((await start(await insertOrder(w, 1200), 'fo')).channelId).toBe('fo-b');
    expect(brokenHits).toBe(3);

    // The admin sees it: an anomaly, an event and an e-mail to the admin's address.
    const anomaly = (await anomalies()).find((a) => a.type === 'channel_paused' && a.channelId === 'fo-a');
    expect(anomaly).toMatchObject({ incident: { pausedUntil: paused.pausedUntil, resolvedAt: null } });
    expect(anomaly!.reason).toBe(paused.lastError);
    const evs = await w.env.db
      .select()
      .from(events)
      .where(and(eq(events.type, 'payments.channel_paused'), eq(events.subjectId, 'fo-a')));
    expect(evs).toHaveLength(1);
    const mails = await w.env.db.select().from(emails).where(eq(emails.template, 'channel_paused'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toMatch(/^admin/);
    expect(mails[0]!.subject).toContain('fo-a');

    // After the cool-down the channel is tried again; one more failure pauses it again (no new e-mail).
    w.env.clock.advance(61_000);
    expect((await start(await insertOrder(w, 1200), 'fo')).channelId).toBe('fo-b');
    expect(brokenHits).toBe(4);
    const again = await adminChannel('fo-a');
    expect(again).toMatchObject({ health: 'auto_paused', consecutiveFailures: 4 });
    expect(new Date(again.pausedUntil!).getTime()).toBeGreaterThan(new Date(paused.pausedUntil!).getTime());
    expect((await start(await insertOrder(w, 1200), 'fo')).channelId).toBe('fo-b');
    expect(brokenHits).toBe(4);
    expect(await w.env.db.select().from(emails).where(eq(emails.template, 'channel_paused'))).toHaveLength(1);

    // Resume by hand (fixed gateway): cleared, audited, routed to again by priority.
    const fixed = await w.admin.patch('/api/admin/payments/channels/fo-a', {
      settings: { gatewayUrl: good() },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json<PaymentChannel>().health).toBe('auto_paused');
    expect((await start(await insertOrder(w, 1200), 'fo')).channelId).toBe('fo-b');
    const resumed = await w.admin.post('/api/admin/payments/channels/fo-a/resume');
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(resumed.json()).toMatchObject({ health: 'ok', consecutiveFailures: 0, pausedUntil: null });
    const audit = await w.env.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'payments.channel.resume'));
    expect(audit.at(-1)).toMatchObject({ targetId: 'fo-a', data: { consecutiveFailures: 4 } });
    expect((await start(await insertOrder(w, 1200), 'fo')).channelId).toBe('fo-a');
    const resolved = (await anomalies()).find((a) => a.type === 'channel_paused' && a.channelId === 'fo-a');
    expect(resolved!.incident!.resolvedAt).not.toBeNull();

    // Paused by hand: not routed to until resumed.
    expect((await w.admin.post('/api/admin/payments/channels/fo-a/pause')).json()).toMatchObject({
      health: 'disabled',
    });
    expect((await start(await insertOrder(w, 1200), 'fo')).channelId).toBe('fo-b');
  });

  it('counts a failure even when the request ends in PAYMENT_CREATE_FAILED and its transaction rolls back', async () => {
    await addChannel('solo', 'solo', { settings: { gatewayUrl: brokenUrl }, autoPauseAfter: 2 });
    for (let i = 1; i <= 2; i++) {
      const orderId = await insertOrder(w, 800);
      const err = await withTx(w.env.ctx(), (tx) => start(orderId, 'solo', tx)).catch((e: unknown) => e);
      expect(isAppError(err, 'PAYMENT_CREATE_FAILED')).toBe(true);
      const [row] = await w.env.db.select().from(paymentChannels).where(eq(paymentChannels.id, 'solo'));
      expect(row!.consecutiveFailures).toBe(i);
    }
    const err = await start(await insertOrder(w, 800), 'solo').catch((e: unknown) => e);
    expect(isAppError(err, 'PAYMENT_CHANNEL_UNAVAILABLE')).toBe(true);
    // The checkout no longer offers a method whose every channel is paused.
    const methods = await w.env.app.inject({ method: 'GET', url: '/api/pay/methods' });
    expect(methods.statusCode).toBe(200);
    const offered = methods.json<{ items: { method: string }[] }>().items.map((m) => m.method);
    expect(offered).toContain('fo');
    expect(offered).not.toContain('solo');
  });
});

/** A deterministic [0, 1) generator (mulberry32) for the routing tests. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ch = (id: string, priority: number, weight: number): RoutableChannel => ({
  id,
  enabled: true,
  priority,
  weight,
  minAmount: null,
  maxAmount: null,
  pausedUntil: null,
});

describe('routing order (pure)', () => {
  it('splits 3:1 by weight within one priority, within a tolerance over 200 routings', () => {
    const random = seeded(42);
    let heavy = 0;
    for (let i = 0; i < 200; i++) {
      if (orderChannels([ch('light', 0, 1), ch('heavy', 0, 3)], random)[0]!.id === 'heavy') heavy++;
    }
    // Expected 150 (σ ≈ 6.1): ±25 is beyond four σ.
    expect(heavy).toBeGreaterThanOrEqual(125);
    expect(heavy).toBeLessThanOrEqual(175);
  });

  it('never puts a weight-0 channel before a weighted one of its priority, and priority always wins', () => {
    const random = seeded(7);
    for (let i = 0; i < 200; i++) {
      const order = orderChannels([ch('zero', 5, 0), ch('low', 0, 100), ch('one', 5, 1)], random);
      expect(order.map((c) => c.id)).toEqual(['one', 'zero', 'low']);
    }
  });
});

describe('last_error', () => {
  it('keeps errors short and free of signed query strings and long tokens', () => {
    const e = new Error(
      'fetch failed for https://gw.example/pay?pid=1&sign=0123456789abcdef0123456789abcdef key=sk_live_abcdefghijklmnopqrstuvwxyz0123456789\n' +
        'x'.repeat(500),
    );
    const s = shortError(e);
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s).toContain('https://gw.example/pay?…');
    expect(s).not.toContain('sign=');
    expect(s).not.toContain('sk_live');
    expect(s).not.toContain('\n');
  });
});

describe('weights, daily limits and amount ranges', () => {
  it('never routes to a weight-0 channel while the other works; uses it once the other is paused', async () => {
    await addChannel('wz-a', 'wz');
    await addChannel('wz-0', 'wz', { weight: 0 });
    for (let i = 0; i < 8; i++) expect((await start(await insertOrder(w, 500), 'wz')).channelId).toBe('wz-a');
    expect((await w.admin.post('/api/admin/payments/channels/wz-a/pause')).statusCode).toBe(200);
    expect((await start(await insertOrder(w, 500), 'wz')).channelId).toBe('wz-0');
  });

  it("routes to the next channel once an order would pass the first one's daily limit", async () => {
    await addChannel('dl-a', 'dl', { priority: 10, dailyLimit: 2000 });
    await addChannel('dl-b', 'dl');
    const first = await insertOrder(w, 1500);
    const p = await start(first, 'dl');
    expect(p.channelId).toBe('dl-a');
    await pressCashier(w, String(p.action.url), 'pay');
    await eventually(async () => (await orderState(w, first)).status !== 'pending_payment');
    expect((await adminChannel('dl-a')).todayAmount).toBe(1500);
    // 1500 + 1000 > 2000: the next channel.
    const big = await insertOrder(w, 1000);
    expect((await start(big, 'dl')).channelId).toBe('dl-b');
    // 1500 + 500 = 2000: still fits, and the open attempt reserves it …
    const small = await insertOrder(w, 500);
    expect((await start(small, 'dl')).channelId).toBe('dl-a');
    // … which an order starting again does not count against itself.
    expect((await start(small, 'dl')).channelId).toBe('dl-a');
    expect((await start(await insertOrder(w, 1), 'dl')).channelId).toBe('dl-b');
    // Only the limited channel fits: nothing available (not a channel failure).
    await w.admin.post('/api/admin/payments/channels/dl-b/pause');
    const err = await start(await insertOrder(w, 300), 'dl').catch((e: unknown) => e);
    expect(isAppError(err, 'PAYMENT_CHANNEL_UNAVAILABLE')).toBe(true);
    expect((await adminChannel('dl-a')).consecutiveFailures).toBe(0);
  });

  it('routes by amount range and refuses an empty range', async () => {
    await addChannel('ar-small', 'ar', { priority: 10, maxAmount: 1000 });
    await addChannel('ar-big', 'ar', { minAmount: 1001 });
    expect((await start(await insertOrder(w, 1000), 'ar')).channelId).toBe('ar-small');
    expect((await start(await insertOrder(w, 1001), 'ar')).channelId).toBe('ar-big');
    const bad = await w.admin.patch('/api/admin/payments/channels/ar-small', { minAmount: 5000 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('a failed channel refund', () => {
  it('is listed as a refund_failed anomaly although the refund rolled back', async () => {
    await addChannel('rf', 'rf');
    const orderId = await insertOrder(w, 2500);
    const p = await start(orderId, 'rf');
    await pressCashier(w, String(p.action.url), 'pay');
    await eventually(async () => (await orderState(w, orderId)).status !== 'pending_payment');
    await w.admin.patch('/api/admin/payments/channels/rf', { settings: { gatewayUrl: brokenUrl } });
    const err = await withTx(w.env.ctx(), (tx) =>
      refundPayment(tx, { orderId, amount: 1000, reason: 'buyer asked', refundedBefore: 0 }),
    ).catch((e: unknown) => e);
    expect(isAppError(err, 'REFUND_FAILED')).toBe(true);
    const a = (await anomalies()).find((x) => x.type === 'refund_failed' && x.orderId === orderId);
    expect(a).toMatchObject({
      channelId: 'rf',
      attemptId: p.attemptId,
      incident: { amount: 1000 },
    });
    expect(a!.orderNo).toMatch(/^T/);
    expect(a!.reason).toBeTruthy();
  });
});
