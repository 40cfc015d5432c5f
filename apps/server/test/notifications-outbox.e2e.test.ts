import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../src/jobs/worker';
import { withTx } from '../src/lib/ctx';
import {
  enqueueDeliveryEmailFrom,
  type DeliverySource,
} from '../src/modules/notifications/enqueue-delivery-email';
import { sendEmailJobWith } from '../src/modules/notifications/send-email-job';
import { createTestEnv, type TestEnv } from './env';
import { registeredMerchant, signedInAdmin } from './fixtures';
import type { Agent } from './agent';
import { activeShop, orderByNo, pay, placeOrder, saleSku } from './orders-fixtures';

let env: TestEnv;
let worker: Runner;
let admin: Agent;

/** A delivered order as the orders module reports it (stubbed: these tests are about e-mail). */
const delivery = (over: Partial<DeliverySource> = {}): DeliverySource => ({
  orderNo: 'KOUTBOXAAAAAAAAAA',
  title: '游戏点卡',
  skuName: '100 元',
  locale: 'zh-CN',
  contact: 'buyer@example.com',
  contactKind: 'email',
  usageGuide: '登录游戏后在充值页输入卡密',
  keys: ['OUTBOX-KEY-0001', 'OUTBOX-KEY-0002'],
  sharedText: null,
  manualText: null,
  ...over,
});

async function queue(d: DeliverySource): Promise<string | null> {
  return withTx(env.ctx(), (tx) => enqueueDeliveryEmailFrom(tx, randomUUID(), async () => d));
}

async function statusOf(id: string): Promise<string | undefined> {
  const r = await env.db.execute<{ status: string }>(sql`SELECT status FROM emails WHERE id = ${id}`);
  return r.rows[0]?.status;
}

async function waitForStatus(id: string, status: string, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if ((await statusOf(id)) === status) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`e-mail ${id} never became ${status} (is ${await statusOf(id)})`);
}

beforeAll(async () => {
  env = await createTestEnv();
  // No SMTP: whatever the developer's environment says, these messages must land in the outbox.
  const outboxOnly = sendEmailJobWith(() => ({ smtpUrl: undefined, from: 'Kameng <noreply@localhost>' }));
  worker = await startWorker({ db: env.db, box: env.box, log: env.log, extraJobs: [outboxOnly] });
  ({ agent: admin } = await signedInAdmin(env));
});
afterAll(async () => {
  await worker.stop();
  await env.close();
});

describe('delivery e-mail without SMTP (outbox)', () => {
  it('lands in the outbox, where the admin reads it — decrypted and audited', async () => {
    const id = (await queue(delivery()))!;
    expect(id).toBeTruthy();
    await waitForStatus(id, 'outbox');

    const list = await admin.get('/api/admin/emails?status=outbox');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((e: { id: string }) => e.id === id);
    expect(item).toMatchObject({
      to: 'buyer@example.com',
      template: 'delivery',
      status: 'outbox',
      attempts: 0,
    });
    expect(item.subject).toContain('KOUTBOXAAAAAAAAAA');
    expect(item).not.toHaveProperty('text');
    expect((await admin.get('/api/admin/emails?status=sent')).json().items).toHaveLength(0);

    const view = await admin.get(`/api/admin/emails/${id}`);
    expect(view.statusCode).toBe(200);
    const mail = view.json<{ text: string; html: string }>();
    expect(mail.text).toContain('OUTBOX-KEY-0001\nOUTBOX-KEY-0002');
    expect(mail.text).toContain('使用说明:\n登录游戏后在充值页输入卡密');
    expect(mail.html).toContain('OUTBOX-KEY-0001');

    const audit = (await admin.get('/api/admin/audit?action=email.view')).json<{
      items: { targetId: string }[];
    }>();
    expect(audit.items.map((a) => a.targetId)).toContain(id);
  });

  it('keeps the body encrypted at rest, bound to its row', async () => {
    const id = (await queue(delivery({ keys: ['RAW-SECRET-KEY-42'] })))!;
    const r = await env.db.execute<{ body: Buffer; subject: string }>(
      sql`SELECT body, subject FROM emails WHERE id = ${id}`,
    );
    const raw = r.rows[0]!.body;
    expect(raw.includes(Buffer.from('RAW-SECRET-KEY-42'))).toBe(false);
    expect(raw.includes(Buffer.from('RAW-SECRET'))).toBe(false);
    expect(r.rows[0]!.subject).not.toContain('RAW-SECRET');
    // Copied onto another row, the ciphertext does not open (aad = email:<id>).
    const other = (await queue(delivery()))!;
    await env.db.execute(sql`UPDATE emails SET body = ${raw} WHERE id = ${other}`);
    await waitForStatus(other, 'outbox');
    expect((await admin.get(`/api/admin/emails/${other}`)).statusCode).toBe(500);
  });

  it('is refused to merchants (403) and to anonymous callers (401)', async () => {
    const id = (await queue(delivery()))!;
    const { agent: owner } = await registeredMerchant(env);
    expect((await owner.get('/api/admin/emails')).statusCode).toBe(403);
    expect((await owner.get(`/api/admin/emails/${id}`)).statusCode).toBe(403);
    expect((await owner.post(`/api/admin/emails/${id}/resend`)).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'GET', url: `/api/admin/emails/${id}` })).statusCode).toBe(401);
    const views = await env.db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'email.view' AND target_id = ${id}`,
    );
    expect(views.rows).toHaveLength(0);
  });

  it('writes nothing when the contact is not an e-mail, or when the transaction rolls back', async () => {
    const before = await env.db.execute(sql`SELECT count(*)::int AS n FROM emails`);
    expect(await queue(delivery({ contactKind: 'phone', contact: '13800138000' }))).toBeNull();
    expect(await queue(delivery({ contactKind: 'qq', contact: '10001' }))).toBeNull();
    await withTx(env.ctx(), async (tx) => {
      await enqueueDeliveryEmailFrom(tx, randomUUID(), async () => delivery());
      throw new Error('delivery rolled back');
    }).catch(() => undefined);
    const after = await env.db.execute(sql`SELECT count(*)::int AS n FROM emails`);
    expect(after.rows[0]).toEqual(before.rows[0]);
  });

  it('never fails the delivery transaction when the e-mail cannot be built', async () => {
    const orderId = randomUUID();
    const result = await withTx(env.ctx(), async (tx) => {
      const id = await enqueueDeliveryEmailFrom(tx, orderId, async () => {
        throw new Error('source broken');
      });
      await tx.db.execute(sql`SELECT 1`); // the transaction is still usable
      return id;
    });
    expect(result).toBeNull();
  });

  it('resends on request (audited), back through the queue into the outbox', async () => {
    const id = (await queue(delivery({ locale: 'en' })))!;
    await waitForStatus(id, 'outbox');
    const res = await admin.post(`/api/admin/emails/${id}/resend`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'queued' });
    await waitForStatus(id, 'outbox');
    const audit = (await admin.get('/api/admin/audit?action=email.resend')).json<{
      items: { targetId: string }[];
    }>();
    expect(audit.items.map((a) => a.targetId)).toContain(id);
    expect((await admin.post(`/api/admin/emails/${randomUUID()}/resend`)).statusCode).toBe(404);
    expect((await admin.get(`/api/admin/emails/${randomUUID()}`)).statusCode).toBe(404);
  });

  it('is written by a real delivery: an order paid through checkout mails its own keys', async () => {
    const shop = await activeShop(env, admin);
    const { skuId, lines } = await saleSku(shop, {
      keys: 3,
      product: { title: 'Steam Wallet', usageGuide: 'Redeem in Steam → Games → Activate' },
    });
    const res = await placeOrder(env, {
      skuId,
      quantity: 2,
      contact: 'Real.Buyer@example.com',
      locale: 'en',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { orderNo } = res.json<{ orderNo: string }>();
    expect((await pay(env, orderNo)).outcome).toBe('delivered');
    const order = await orderByNo(env, orderNo);
    const r = await env.db.execute<{ id: string }>(sql`SELECT id FROM emails WHERE order_id = ${order.id}`);
    expect(r.rows).toHaveLength(1);
    const id = r.rows[0]!.id;
    await waitForStatus(id, 'outbox');
    const mail = (await admin.get(`/api/admin/emails/${id}`)).json<{
      to: string;
      subject: string;
      text: string;
    }>();
    expect(mail.subject).toContain(orderNo);
    const sold = lines.filter((l) => mail.text.includes(l));
    expect(sold).toHaveLength(2);
    expect(mail.text).toContain('Usage guide (使用说明):\nRedeem in Steam → Games → Activate');
    // Paying again (a duplicated notify) delivers nothing new and mails nothing new.
    expect((await pay(env, orderNo)).outcome).toBe('already_paid');
    const again = await env.db.execute(sql`SELECT id FROM emails WHERE order_id = ${order.id}`);
    expect(again.rows).toHaveLength(1);
  });
});
