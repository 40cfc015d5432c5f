import { randomUUID } from 'node:crypto';
import type { KamengClient } from '@kameng/sdk';
import { isKamengApiError, type ApiCreateOrderBody, type ApiOrder, type KamengResponse } from '@kameng/sdk';
import type { ApiOrderV11 } from '@kameng/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../src/jobs/worker';
import { skus } from '../src/modules/catalog/schema';
import { apiOrders } from '../src/modules/docking/schema';
import { cardKeys } from '../src/modules/inventory/schema';
import { ledgerEntries, ledgerHolds } from '../src/modules/ledger/schema';
import { orders } from '../src/modules/orders/schema';
import { getResellerBalance } from '../src/modules/resellers/reseller-dto';
import { resellerAccounts } from '../src/modules/resellers/schema';
import type { Agent } from './agent';
import {
  dockingAccount,
  listen,
  sandboxBalance,
  setResellerLevel,
  type DockingAccount,
  type TestCredential,
  sdkClient,
} from './docking-fixtures';
import { createTestEnv, type TestEnv } from './env';
import { expectLedgerBalanced } from './ledger-assert';
import { activeShop, adminAgent, saleSku } from './orders-fixtures';
import { eventually } from './payments-fixtures';

let env: TestEnv;
let admin: Agent;
let base: string;
let worker: Runner;
let shop: Awaited<ReturnType<typeof activeShop>>;
let keySku: Awaited<ReturnType<typeof saleSku>>;
let manualSku: Awaited<ReturnType<typeof saleSku>>;
let scarceSku: Awaited<ReturnType<typeof saleSku>>;
let acct: DockingAccount;
let live: KamengClient;
let sandbox: KamengClient;

const clientFor = (cred: Pick<TestCredential, 'appKey' | 'appSecret'>) =>
  sdkClient(base, cred, { locale: 'en' });

beforeAll(async () => {
  env = await createTestEnv();
  admin = await adminAgent(env);
  shop = await activeShop(env, admin);
  keySku = await saleSku(shop, { keys: 60, sku: { lowStockThreshold: 5 }, product: { maxQty: 20 } });
  manualSku = await saleSku(shop, {
    sku: { deliveryMode: 'manual', manualStockCap: 10, price: 2000 },
    product: { inputFields: [{ name: 'account', label: 'Account', type: 'text', required: true }] },
  });
  scarceSku = await saleSku(shop, { keys: 1 });
  base = await listen(env);
  worker = await startWorker({ db: env.db, box: env.box, log: env.log, concurrency: 2 });
  acct = await dockingAccount(env, admin, { balance: 100_000, sandboxBalance: 50_000 });
  live = clientFor(acct.live);
  sandbox = clientFor(acct.sandbox);
}, 60_000);
afterAll(async () => {
  await worker?.stop();
  if (env) await expectLedgerBalanced(env);
  await env?.close();
});

const outNo = () => `T-${randomUUID().slice(0, 12)}`;
const balanceOf = (resellerId: string) => getResellerBalance(env.db, resellerId);
const count = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n;
const keysIn = (skuId: string, status: 'available' | 'reserved' | 'sold') =>
  count(
    env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(cardKeys)
      .where(and(eq(cardKeys.skuId, skuId), eq(cardKeys.status, status))),
  );
const ordersOfUser = (userId: string) =>
  count(
    env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(eq(orders.userId, userId)),
  );
const apiOrdersOf = (resellerId: string) =>
  count(
    env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(apiOrders)
      .where(eq(apiOrders.resellerId, resellerId)),
  );
const rawCreate = (c: KamengClient, body: ApiCreateOrderBody, idempotencyKey?: string) =>
  c.requestRaw<ApiOrder>('POST', '/api/v1/orders', { body, ...(idempotencyKey ? { idempotencyKey } : {}) });
const codeOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return isKamengApiError(err) ? err.code : err;
};

describe('POST /api/v1/orders (live)', () => {
  it('answers card-key goods synchronously with the keys and debits the balance by exactly the total', async () => {
    const before = await balanceOf(acct.resellerId);
    const out = outNo();
    const res = await rawCreate(live, { sku_id: keySku.skuId, quantity: 2, out_order_no: out });
    expect(res.status).toBe(201);
    expect(res.version).toBe('1.0');
    const order = res.data;
    expect(order).toMatchObject({
      out_order_no: out,
      mode: 'live',
      status: 'delivered',
      sku_id: keySku.skuId,
      quantity: 2,
      amount: 2000,
      refunded_amount: 0,
      currency: 'CNY',
      delivery: { text: null },
    });
    expect(order.order_no).toMatch(/^K[A-Z2-7]{16}$/);
    expect(order.delivery!.keys).toHaveLength(2);
    for (const k of order.delivery!.keys) expect(keySku.lines).toContain(k);
    expect(order.delivered_at).not.toBeNull();
    const after = await balanceOf(acct.resellerId);
    expect(after.posted).toBe(before.posted - 2000);
    expect(after.pending).toBe(0);
    // Reading it back (by our id and by theirs) shows the same keys.
    expect(await live.orders.get(order.id)).toEqual(order);
    expect(await live.orders.getByOutOrderNo(out)).toEqual(order);
    await expectLedgerBalanced(env);
  });

  it('answers manual goods `processing`; cancelling pays the whole amount back and frees the cap', async () => {
    const before = await balanceOf(acct.resellerId);
    const order = await live.orders.create({
      sku_id: manualSku.skuId,
      quantity: 3,
      out_order_no: outNo(),
      input: { account: 'player42' },
    });
    expect(order).toMatchObject({ status: 'processing', amount: 6000, delivery: null, delivered_at: null });
    expect((await balanceOf(acct.resellerId)).posted).toBe(before.posted - 6000);
    const cap = async () =>
      (await env.db.select({ cap: skus.manualStockCap }).from(skus).where(eq(skus.id, manualSku.skuId)))[0]!
        .cap;
    expect(await cap()).toBe(7);

    const cancelled = await live.orders.cancel(order.id);
    expect(cancelled).toMatchObject({ id: order.id, status: 'cancelled', refunded_amount: 6000 });
    expect((await balanceOf(acct.resellerId)).posted).toBe(before.posted);
    expect(await cap()).toBe(10);
    expect(await codeOf(live.orders.cancel(order.id))).toBe('API_ORDER_NOT_CANCELLABLE');
    await expectLedgerBalanced(env);
  });

  it('refuses to cancel a delivered order', async () => {
    const order = await live.orders.create({ sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() });
    expect(order.status).toBe('delivered');
    expect(await codeOf(live.orders.cancel(order.id))).toBe('API_ORDER_NOT_CANCELLABLE');
    expect((await live.orders.get(order.id)).status).toBe('delivered');
  });

  it('checks buyer input, quantity bounds and the callback URL, writing nothing', async () => {
    const orders0 = await ordersOfUser(acct.userId);
    const base = { sku_id: manualSku.skuId, quantity: 1, out_order_no: outNo() };
    expect(await codeOf(live.orders.create(base))).toBe('ORDER_INPUT_INVALID');
    expect(await codeOf(live.orders.create({ ...base, input: { account: 'a', extra: 'x' } }))).toBe(
      'ORDER_INPUT_INVALID',
    );
    expect(
      await codeOf(live.orders.create({ sku_id: keySku.skuId, quantity: 21, out_order_no: outNo() })),
    ).toBe('QUANTITY_OUT_OF_RANGE');
    expect(
      await codeOf(
        live.orders.create({
          sku_id: keySku.skuId,
          quantity: 1,
          out_order_no: outNo(),
          callback_url: 'http://169.254.169.254/latest/meta-data',
        }),
      ),
    ).toBe('WEBHOOK_URL_FORBIDDEN');
    expect(await codeOf(live.orders.create({ ...base, sku_id: randomUUID(), input: { account: 'a' } }))).toBe(
      'PRODUCT_NOT_AVAILABLE',
    );
    expect(await ordersOfUser(acct.userId)).toBe(orders0);
  });

  it('prices with the account’s level (discount rounded down) and debits that', async () => {
    const gold = await dockingAccount(env, admin, { balance: 10_000 });
    await setResellerLevel(env, gold.resellerId, { discountBps: 1250 });
    const order = await clientFor(gold.live).orders.create({
      sku_id: keySku.skuId,
      quantity: 3,
      out_order_no: outNo(),
    });
    // 1000 × 0.875 = 875 a key
    expect(order).toMatchObject({ status: 'delivered', amount: 2625 });
    expect((await balanceOf(gold.resellerId)).posted).toBe(10_000 - 2625);
  });
});

describe('parallel orders of one account', () => {
  it('are not serialised into failures: 10 distinct orders at once all succeed, each debited once', async () => {
    const before = await balanceOf(acct.resellerId);
    const res = await Promise.all(
      Array.from({ length: 10 }, () =>
        rawCreate(live, { sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(res.flatMap((r) => r.data.delivery!.keys)).size).toBe(10);
    expect((await balanceOf(acct.resellerId)).posted).toBe(before.posted - 10_000);
  });

  it('delivers shared-text goods at once with the text', async () => {
    const text = await saleSku(shop, {
      sku: { deliveryMode: 'shared_text', sharedText: 'CODE: WELCOME-2026', price: 300 },
    });
    const order = await live.orders.create({ sku_id: text.skuId, quantity: 2, out_order_no: outNo() });
    expect(order).toMatchObject({
      status: 'delivered',
      amount: 600,
      delivery: { keys: [], text: 'CODE: WELCOME-2026' },
    });
  });
});

describe('balance and stock failures', () => {
  it('refuses an insufficient balance: no order, no hold, no reserved key, balance untouched', async () => {
    const poor = await dockingAccount(env, admin, { balance: 1500 });
    const entries = await count(env.db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries));
    const available = await keysIn(keySku.skuId, 'available');
    const err = await clientFor(poor.live)
      .orders.create({ sku_id: keySku.skuId, quantity: 2, out_order_no: outNo() })
      .catch((e: unknown) => e);
    expect(isKamengApiError(err) && { code: err.code, status: err.status }).toEqual({
      code: 'BALANCE_INSUFFICIENT',
      status: 409,
    });
    expect(await ordersOfUser(poor.userId)).toBe(0);
    expect(await apiOrdersOf(poor.resellerId)).toBe(0);
    expect(await count(env.db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries))).toBe(entries);
    expect(await count(env.db.select({ n: sql<number>`count(*)::int` }).from(ledgerHolds))).toBe(0);
    expect(await keysIn(keySku.skuId, 'reserved')).toBe(0);
    expect(await keysIn(keySku.skuId, 'available')).toBe(available);
    expect(await balanceOf(poor.resellerId)).toMatchObject({ posted: 1500, pending: 0, available: 1500 });
    // What it can afford still works.
    const one = await clientFor(poor.live).orders.create({
      sku_id: keySku.skuId,
      quantity: 1,
      out_order_no: outNo(),
    });
    expect(one.status).toBe('delivered');
  });

  it('refuses more than the stock with INSUFFICIENT_STOCK and takes no money', async () => {
    const before = await balanceOf(acct.resellerId);
    expect(
      await codeOf(live.orders.create({ sku_id: scarceSku.skuId, quantity: 2, out_order_no: outNo() })),
    ).toBe('INSUFFICIENT_STOCK');
    expect(await keysIn(scarceSku.skuId, 'available')).toBe(1);
    expect(await balanceOf(acct.resellerId)).toEqual(before);
  });
});

describe('idempotency', () => {
  it('replays the first answer to the same key and body, and refuses the key with another body', async () => {
    const key = `idem-${randomUUID()}`;
    const body = { sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() };
    const before = await balanceOf(acct.resellerId);
    const first = await rawCreate(live, body, key);
    const again = await rawCreate(live, body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.data).toEqual(first.data);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect((await balanceOf(acct.resellerId)).posted).toBe(before.posted - 1000);
    expect(await codeOf(rawCreate(live, { ...body, quantity: 2 }, key))).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await codeOf(rawCreate(live, body, 'not a valid key!'))).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(await codeOf(rawCreate(live, body, 'k'.repeat(65)))).toBe('IDEMPOTENCY_KEY_INVALID');
    // The stored answer holds card keys: never in clear at rest.
    const stored = await env.db.execute<{ response: unknown }>(
      sql`SELECT response FROM api_idempotency WHERE key = ${key}`,
    );
    const text = JSON.stringify(stored.rows[0]!.response);
    for (const k of first.data.delivery!.keys) expect(text).not.toContain(k);
  });

  it('forgets a key after 24 hours: the same key then places a new order', async () => {
    const clocked = sdkClient(base, acct.live, { now: () => env.clock.now.getTime() });
    const key = `day-${randomUUID()}`;
    const first = await clocked.requestRaw<ApiOrder>('POST', '/api/v1/orders', {
      body: { sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() },
      idempotencyKey: key,
    });
    env.clock.advance(24 * 3600_000 + 60_000);
    try {
      const later = await clocked.requestRaw<ApiOrder>('POST', '/api/v1/orders', {
        body: { sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() },
        idempotencyKey: key,
      });
      expect(later.status).toBe(201);
      expect(later.data.id).not.toBe(first.data.id);
      expect(later.headers.get('idempotent-replayed')).toBeNull();
    } finally {
      env.clock.advance(-(24 * 3600_000 + 60_000));
    }
  });

  it('20 parallel creates with one key make exactly one order, one debit and 20 identical answers', async () => {
    const key = `race-${randomUUID()}`;
    const body = { sku_id: keySku.skuId, quantity: 2, out_order_no: outNo() };
    const before = await balanceOf(acct.resellerId);
    const sold = await keysIn(keySku.skuId, 'sold');
    const answers = await Promise.all(Array.from({ length: 20 }, () => rawCreate(live, body, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    for (const a of answers) expect(a.data).toEqual(answers[0]!.data);
    expect(answers[0]!.data.status).toBe('delivered');
    const rows = await env.db.select().from(apiOrders).where(eq(apiOrders.outOrderNo, body.out_order_no));
    expect(rows).toHaveLength(1);
    expect((await balanceOf(acct.resellerId)).posted).toBe(before.posted - 2000);
    expect(await keysIn(keySku.skuId, 'sold')).toBe(sold + 2);
  });

  it('out_order_no: the same request answers the existing order (200), another one is refused', async () => {
    const body = { sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() };
    const first = await rawCreate(live, body);
    expect(first.status).toBe(201);
    const before = await balanceOf(acct.resellerId);
    // Another idempotency key (or none): still the same order, not a second one.
    const again = await rawCreate(live, body, `other-${randomUUID()}`);
    expect(again.status).toBe(200);
    expect(again.data).toEqual(first.data);
    expect(await balanceOf(acct.resellerId)).toEqual(before);
    expect(await codeOf(rawCreate(live, { ...body, quantity: 2 }))).toBe('OUT_ORDER_NO_REUSED');
    // Racing on one out_order_no without a key: one order, the rest answer it.
    const raced = { sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() };
    const all = await Promise.all(Array.from({ length: 8 }, () => rawCreate(live, raced)));
    expect(all.filter((r) => r.status === 201)).toHaveLength(1);
    expect(all.filter((r) => r.status === 200)).toHaveLength(7);
    for (const r of all) expect(r.data.id).toBe(all[0]!.data.id);
    expect(
      await env.db.select().from(apiOrders).where(eq(apiOrders.outOrderNo, raced.out_order_no)),
    ).toHaveLength(1);
  });
});

describe('sandbox', () => {
  it('delivers test keys from the sandbox balance; never touches live orders, stock or the ledger', async () => {
    const liveBefore = await balanceOf(acct.resellerId);
    const entries = await count(env.db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries));
    const available = await keysIn(keySku.skuId, 'available');
    const liveOrders = await ordersOfUser(acct.userId);
    const sbBefore = await sandboxBalance(env, acct.resellerId);
    const out = outNo();
    const order = await sandbox.orders.create({ sku_id: keySku.skuId, quantity: 3, out_order_no: out });
    expect(order).toMatchObject({ mode: 'sandbox', status: 'delivered', order_no: null, amount: 3000 });
    expect(order.delivery!.keys).toHaveLength(3);
    for (const k of order.delivery!.keys) expect(k).toMatch(/^TEST-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(await sandboxBalance(env, acct.resellerId)).toBe(sbBefore - 3000);
    expect(await balanceOf(acct.resellerId)).toEqual(liveBefore);
    expect(await count(env.db.select({ n: sql<number>`count(*)::int` }).from(ledgerEntries))).toBe(entries);
    expect(await keysIn(keySku.skuId, 'available')).toBe(available);
    expect(await ordersOfUser(acct.userId)).toBe(liveOrders);
    expect(await sandbox.orders.get(order.id)).toEqual(order);

    // The same out_order_no is free in live mode, and each mode sees only its own orders.
    const liveTwin = await live.orders.create({ sku_id: keySku.skuId, quantity: 1, out_order_no: out });
    expect(liveTwin.mode).toBe('live');
    expect(await codeOf(live.orders.get(order.id))).toBe('API_ORDER_NOT_FOUND');
    expect(await codeOf(sandbox.orders.get(liveTwin.id))).toBe('API_ORDER_NOT_FOUND');
    expect((await live.orders.getByOutOrderNo(out)).id).toBe(liveTwin.id);
    expect((await sandbox.orders.getByOutOrderNo(out)).id).toBe(order.id);
    const sbList = await sandbox.orders.list({ limit: 100 });
    expect(sbList.data.every((o) => o.mode === 'sandbox')).toBe(true);
    const liveList = await live.orders.list({ limit: 100 });
    expect(liveList.data.every((o) => o.mode === 'live')).toBe(true);
    expect(liveList.data.map((o) => o.id)).not.toContain(order.id);
  });

  it('manual goods stay processing, then a job delivers them; a processing order can be cancelled', async () => {
    const sbBefore = await sandboxBalance(env, acct.resellerId);
    const capBefore = (
      await env.db.select({ cap: skus.manualStockCap }).from(skus).where(eq(skus.id, manualSku.skuId))
    )[0]!.cap;
    const a = await sandbox.orders.create({
      sku_id: manualSku.skuId,
      quantity: 1,
      out_order_no: outNo(),
      input: { account: 'p1' },
    });
    const b = await sandbox.orders.create({
      sku_id: manualSku.skuId,
      quantity: 2,
      out_order_no: outNo(),
      input: { account: 'p2' },
    });
    expect([a.status, b.status]).toEqual(['processing', 'processing']);
    expect(await sandboxBalance(env, acct.resellerId)).toBe(sbBefore - 6000);
    const cancelled = await sandbox.orders.cancel(b.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', refunded_amount: 4000 });
    expect(await sandboxBalance(env, acct.resellerId)).toBe(sbBefore - 2000);
    const delivered = await eventually(async () => {
      const o = await sandbox.orders.get(a.id);
      return o.status === 'delivered' && o;
    }, 15_000);
    expect(delivered.delivery!.text).toMatch(/^TEST delivery/);
    expect(delivered.delivered_at).not.toBeNull();
    // The cancelled one stays cancelled (its job finds nothing to do), and cannot be cancelled again.
    expect((await sandbox.orders.get(b.id)).status).toBe('cancelled');
    expect(await codeOf(sandbox.orders.cancel(a.id))).toBe('API_ORDER_NOT_CANCELLABLE');
    // No live stock moved.
    expect(
      (await env.db.select({ cap: skus.manualStockCap }).from(skus).where(eq(skus.id, manualSku.skuId)))[0]!
        .cap,
    ).toBe(capBefore);
  }, 30_000);

  it('refuses an insufficient sandbox balance and writes nothing', async () => {
    const poor = await dockingAccount(env, admin, { sandboxBalance: 500 });
    const c = clientFor(poor.sandbox);
    expect(await codeOf(c.orders.create({ sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() }))).toBe(
      'BALANCE_INSUFFICIENT',
    );
    expect(await apiOrdersOf(poor.resellerId)).toBe(0);
    expect(await sandboxBalance(env, poor.resellerId)).toBe(500);
  });
});

describe('reading orders', () => {
  it('only ever shows the calling account’s orders', async () => {
    const other = await dockingAccount(env, admin, { balance: 5000 });
    const theirs = await clientFor(other.live).orders.create({
      sku_id: keySku.skuId,
      quantity: 1,
      out_order_no: 'SHARED-NO-1',
    });
    expect(await codeOf(live.orders.get(theirs.id))).toBe('API_ORDER_NOT_FOUND');
    expect(await codeOf(live.orders.getByOutOrderNo('SHARED-NO-1'))).toBe('API_ORDER_NOT_FOUND');
    expect(await codeOf(live.orders.cancel(theirs.id))).toBe('API_ORDER_NOT_FOUND');
    const page = await live.orders.list({ limit: 100 });
    expect(page.data.map((o) => o.id)).not.toContain(theirs.id);
  });

  it('lists newest first with filters and cursor paging', async () => {
    const c = clientFor((await dockingAccount(env, admin, { balance: 20_000 })).live);
    const made: ApiOrder[] = [];
    for (let i = 0; i < 3; i++) {
      made.push(await c.orders.create({ sku_id: keySku.skuId, quantity: 1, out_order_no: `LIST-${i}` }));
    }
    const manual = await c.orders.create({
      sku_id: manualSku.skuId,
      quantity: 1,
      out_order_no: 'LIST-M',
      input: { account: 'x' },
    });
    const all: string[] = [];
    for await (const o of c.orders.iterate({ limit: 2 })) all.push(o.id);
    expect(all).toEqual([manual.id, ...made.map((o) => o.id).reverse()]);
    expect((await c.orders.list({ status: 'processing' })).data.map((o) => o.id)).toEqual([manual.id]);
    expect((await c.orders.list({ status: 'delivered' })).data).toHaveLength(3);
    expect((await c.orders.list({ out_order_no: 'LIST-1' })).data.map((o) => o.id)).toEqual([made[1]!.id]);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await c.orders.list({ created_from: future })).data).toEqual([]);
    expect((await c.orders.list({ created_to: future })).data).toHaveLength(4);
    const cancelled = await c.orders.cancel(manual.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await c.orders.list({ status: 'cancelled' })).data.map((o) => o.id)).toEqual([manual.id]);
  });
});

describe('protocol 1.1', () => {
  it('adds delivery.items for an account on 1.1', async () => {
    const next = await dockingAccount(env, admin, { balance: 5000 });
    await env.db
      .update(resellerAccounts)
      .set({ apiVersion: '1.1' })
      .where(eq(resellerAccounts.id, next.resellerId));
    const c = clientFor(next.live);
    const res = (await c.requestRaw('POST', '/api/v1/orders', {
      body: { sku_id: keySku.skuId, quantity: 2, out_order_no: outNo() },
    })) as KamengResponse<ApiOrderV11>;
    expect(res.version).toBe('1.1');
    const items = res.data.delivery!.items;
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item.kind).toBe('card_key');
      expect(keySku.lines).toContain(item.content);
    }
    expect(res.data.delivery!.keys).toEqual(items.map((i) => i.content));
    const read = (await c.orders.get(res.data.id)) as unknown as ApiOrderV11;
    expect(read.delivery!.items).toEqual(items);
    // 1.0 accounts do not get items.
    const old = await live.orders.create({ sku_id: keySku.skuId, quantity: 1, out_order_no: outNo() });
    expect(old.delivery!.keys).toHaveLength(1);
    expect(old.delivery).not.toHaveProperty('items');
  });
});

describe('stock status follows orders', () => {
  it('reads low once the keys fall to the threshold', async () => {
    const buyer = clientFor((await dockingAccount(env, admin, { balance: 100_000 })).live);
    // Buy down to 4 keys left (at most 20 an order: the product's maximum).
    for (let i = 0; i < 5; i++) {
      const left = await keysIn(keySku.skuId, 'available');
      if (left <= 4) break;
      await buyer.orders.create({
        sku_id: keySku.skuId,
        quantity: Math.min(left - 4, 20),
        out_order_no: outNo(),
      });
    }
    const p = await live.products.get(keySku.productId);
    expect(p.skus[0]!.stock).toEqual({ status: 'low', quantity: 4 });
  });
});
