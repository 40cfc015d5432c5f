import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWorker } from '../src/jobs/worker';
import { withTx } from '../src/lib/ctx';
import {
  enqueueDeliveryEmailFrom,
  type DeliverySource,
} from '../src/modules/notifications/enqueue-delivery-email';
import { closeMailTransports, useMailSettings, type MailSettings } from '../src/modules/notifications/mailer';
import { sendEmail } from '../src/modules/notifications/send-email';
import { sendEmailJobWith } from '../src/modules/notifications/send-email-job';
import { createTestEnv, type TestEnv } from './env';
import { startFakeSmtp, type FakeSmtp } from './notifications-fake-smtp';

let env: TestEnv;
let worker: Runner;
let smtp: FakeSmtp;
let settings: MailSettings;

const delivery = (over: Partial<DeliverySource> = {}): DeliverySource => ({
  orderNo: 'KSMTPAAAAAAAAAAAA',
  title: '视频会员月卡',
  skuName: '31 天',
  locale: 'zh-CN',
  contact: 'buyer@example.com',
  contactKind: 'email',
  usageGuide: '打开 App → 我的 → 兑换码\n输入卡密即可',
  keys: ['VIP-AAAA-0001', 'VIP-BBBB-0002'],
  sharedText: null,
  manualText: null,
  ...over,
});

async function queue(d: DeliverySource): Promise<string> {
  const id = await withTx(env.ctx(), (tx) => enqueueDeliveryEmailFrom(tx, randomUUID(), async () => d));
  if (!id) throw new Error('no e-mail queued');
  return id;
}

async function rowOf(id: string) {
  const r = await env.db.execute<{ status: string; attempts: number; last_error: string | null }>(
    sql`SELECT status, attempts, last_error FROM emails WHERE id = ${id}`,
  );
  return r.rows[0]!;
}

async function waitForStatus(id: string, status: string, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if ((await rowOf(id)).status === status) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`e-mail ${id} never became ${status} (is ${(await rowOf(id)).status})`);
}

const receivedFor = (orderNo: string) => smtp.received.filter((m) => m.subject.includes(orderNo));

beforeAll(async () => {
  env = await createTestEnv();
  smtp = await startFakeSmtp({ user: 'mailer@shop.example', pass: 'p@ss:w/rd 卡' });
  settings = { smtpUrl: smtp.url, from: 'Kameng Shop <noreply@shop.example>' };
  useMailSettings(settings); // e-mails are queued for sending only with SMTP configured
  const job = sendEmailJobWith(() => settings);
  worker = await startWorker({ db: env.db, box: env.box, log: env.log, extraJobs: [job], concurrency: 4 });
});
afterAll(async () => {
  await worker.stop();
  closeMailTransports();
  await smtp.close();
  await env.close();
});
beforeEach(() => {
  smtp.control.failNext = 0;
  smtp.control.rejectRecipients.clear();
});

describe('delivery e-mail over SMTP', () => {
  it('sends the keys and the usage guide in Chinese, authenticated, with the configured sender', async () => {
    const id = await queue(delivery());
    await waitForStatus(id, 'sent');
    const [mail] = receivedFor('KSMTPAAAAAAAAAAAA');
    expect(mail).toBeDefined();
    expect(mail!.to).toEqual(['buyer@example.com']);
    expect(mail!.from).toBe('noreply@shop.example');
    expect(mail!.subject).toBe('【卡密发货】订单 KSMTPAAAAAAAAAAAA · 视频会员月卡');
    expect(mail!.text).toMatch(/卡密:\r?\nVIP-AAAA-0001\r?\nVIP-BBBB-0002/);
    expect(mail!.text).toMatch(/使用说明:\r?\n打开 App → 我的 → 兑换码\r?\n输入卡密即可/);
    expect(mail!.html).toContain('VIP-AAAA-0001<br>');
    expect(mail!.messageId).toBe(`<${id}@kameng.mail>`);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
  });

  it('sends in English for an English order, with shared text', async () => {
    const id = await queue(
      delivery({
        orderNo: 'KSMTPENGLISHAAAAA',
        locale: 'en',
        title: 'Pro licence',
        skuName: 'Pro licence',
        keys: [],
        sharedText: 'Download: https://example.com/pro',
        usageGuide: 'Run the installer and paste the link.',
      }),
    );
    await waitForStatus(id, 'sent');
    const [mail] = receivedFor('KSMTPENGLISHAAAAA');
    expect(mail!.subject).toBe('Your order KSMTPENGLISHAAAAA has been delivered · Pro licence');
    expect(mail!.text).toMatch(/Delivered content:\r?\nDownload: https:\/\/example.com\/pro/);
    expect(mail!.text).toMatch(/Usage guide \(使用说明\):\r?\nRun the installer and paste the link\./);
    expect(mail!.text).not.toContain('卡密');
  });

  it('retries with backoff while the server refuses (451), then delivers once', async () => {
    smtp.control.failNext = 2;
    const refusedBefore = smtp.refused;
    const id = await queue(delivery({ orderNo: 'KSMTPRETRYAAAAAAA' }));
    await waitForStatus(id, 'sent', 25_000); // graphile-worker backs off ~e^1 then ~e^2 seconds
    expect(smtp.refused - refusedBefore).toBe(2);
    expect(receivedFor('KSMTPRETRYAAAAAAA')).toHaveLength(1);
    expect(receivedFor('KSMTPRETRYAAAAAAA')[0]!.text).toContain('VIP-AAAA-0001');
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  }, 30_000);

  it('records the error between attempts, without credentials', async () => {
    smtp.control.failNext = 1;
    const id = await queue(delivery({ orderNo: 'KSMTPERRORAAAAAAA' }));
    for (const end = Date.now() + 5000; Date.now() < end && (await rowOf(id)).attempts === 0;) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.last_error).toMatch(/451/);
    expect(row.last_error).not.toContain('p@ss');
    await waitForStatus(id, 'sent', 15_000);
  }, 20_000);

  it('gives up at once on a permanent rejection (550) and marks the e-mail failed', async () => {
    smtp.control.rejectRecipients.add('gone@example.com');
    const id = await queue(delivery({ orderNo: 'KSMTPREJECTAAAAAA', contact: 'gone@example.com' }));
    await waitForStatus(id, 'failed');
    const row = await rowOf(id);
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/550/);
    expect(receivedFor('KSMTPREJECTAAAAAA')).toHaveLength(0);
  });

  it('sends once however many times the job runs, even concurrently', async () => {
    const id = await queue(delivery({ orderNo: 'KSMTPTWICEAAAAAAA' }));
    // The worker's run plus three more runs of the same job, at the same time.
    await Promise.all([1, 2, 3].map(() => sendEmail(env.ctx(), id, settings, 8)));
    await waitForStatus(id, 'sent');
    await new Promise((r) => setTimeout(r, 300));
    await sendEmail(env.ctx(), id, settings, 8);
    expect(receivedFor('KSMTPTWICEAAAAAAA')).toHaveLength(1);
    expect((await rowOf(id)).attempts).toBe(1);
  });

  it('fails (and retries) within the timeout when the SMTP server is unreachable', async () => {
    const down = await startFakeSmtp();
    await down.close();
    const unreachable: MailSettings = { smtpUrl: down.url, from: settings.from };
    const id = await withTx(env.ctx(), async (tx) => {
      const emailId = await enqueueDeliveryEmailFrom(tx, randomUUID(), async () =>
        delivery({ orderNo: 'KSMTPDOWNAAAAAAAA' }),
      );
      // Keep the worker away from it: this test drives the attempt by hand.
      await tx.db.execute(sql`SELECT graphile_worker.remove_job(${'email:' + emailId})`);
      return emailId!;
    });
    const started = Date.now();
    await expect(sendEmail(env.ctx(), id, unreachable, 8)).rejects.toThrow(/will retry/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await rowOf(id)).toMatchObject({ status: 'queued', attempts: 1 });
  });
});
