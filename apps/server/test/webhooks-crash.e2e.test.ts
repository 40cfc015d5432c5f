// A `kameng start` process killed (SIGKILL) while it is sending a webhook loses no event: once the
// delivery's lease has run out, another process on the same database sends it again. Delivery is at
// least once (a lease that runs out under load may send an event again); after de-duplication by
// event id, as receivers do, every event arrives once, in order per subject.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../src/db/client';
import { systemCtx, withTx } from '../src/lib/ctx';
import { SecretBox } from '../src/lib/crypto';
import { createLogger } from '../src/lib/logger';
import { createUser } from '../src/modules/accounts/create-user';
import { resellerAccounts } from '../src/modules/resellers/schema';
import { putSetting } from '../src/modules/settings/settings';
import { emitWebhookEvent } from '../src/modules/webhooks/emit-webhook-event';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../src/modules/webhooks/schema';
import { newWebhookSecret, sealWebhookSecret } from '../src/modules/webhooks/signing-secrets';
import { verifyWebhook } from '@kameng/sdk';
import { createTestDatabase } from './env';
import { PASSWORD, uniqueEmail } from './fixtures';
import { cleanupAll, freePort, sandbox, waitReady } from './spawn-kameng';
import { startReceiver } from './webhook-receiver';

afterAll(cleanupAll);

/** Polls `check` every 50 ms until it is truthy (bounded in time and count). */
async function until<T>(
  what: string,
  check: () => Promise<T | false | undefined> | T | false | undefined,
  ms: number,
) {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 2000 && Date.now() < deadline; i++) {
    const v = await check();
    if (v) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('webhooks under SIGKILL', () => {
  it('a delivery in flight when the process dies is sent by the next process after the lease', async ({
    onTestFinished,
  }) => {
    const procs = sandbox(onTestFinished);
    const url = await createTestDatabase();
    const masterKey = randomBytes(32);
    const box = new SecretBox(masterKey);
    const db = openDb(url, 4);
    onTestFinished(() => db.$client.end());
    const ctx = systemCtx({ db, box, log: createLogger('silent'), name: 'test' });
    const receiver = await startReceiver();
    onTestFinished(() => receiver.close());

    // A reseller approved for docking with one live endpoint on the loopback receiver.
    const email = uniqueEmail('crash');
    const userId = await createUser(ctx, { email, password: PASSWORD, displayName: 'R' });
    const [r] = await db
      .insert(resellerAccounts)
      .values({ userId, name: 'R', apiStatus: 'approved' })
      .returning();
    const endpointId = crypto.randomUUID();
    const secret = newWebhookSecret();
    await db.insert(webhookEndpoints).values({
      id: endpointId,
      resellerId: r!.id,
      mode: 'live',
      url: receiver.url('/hook'),
      eventTypes: ['order.paid', 'order.delivered'],
      secretEnc: sealWebhookSecret(box, endpointId, secret),
    });
    await putSetting(db, 'webhooks', { allowPrivateTargets: true });
    // Three events of one order, two of another.
    const subjects = { a: `order:${crypto.randomUUID()}`, b: `order:${crypto.randomUUID()}` };
    const emitted: { id: string; subject: string }[] = [];
    await withTx(ctx, async (tx) => {
      for (const [subject, n] of [
        [subjects.a, 1],
        [subjects.b, 1],
        [subjects.a, 2],
        [subjects.a, 3],
        [subjects.b, 2],
      ] as const) {
        const id = await emitWebhookEvent(tx, {
          resellerId: r!.id,
          mode: 'live',
          type: 'order.paid',
          subjectKey: subject,
          data: { n },
        });
        emitted.push({ id: id!, subject });
      }
    });

    // The first request is held open: the process is killed while sending it.
    receiver.behave(({ index }) => (index === 0 ? 'hang' : 'ok'));
    const env = {
      DATABASE_URL: url,
      KAMENG_MASTER_KEY: masterKey.toString('hex'),
      KAMENG_WEBHOOK_LEASE_MS: '8000', // well past the timeout, even on a loaded machine
      KAMENG_WEBHOOK_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'warn',
    };
    const port1 = await freePort();
    const first = procs.spawn(['start'], { ...env, PORT: String(port1), KAMENG_DATA_DIR: procs.dataDir() });
    await waitReady(first, port1);
    await until('the first request', () => receiver.requests.length > 0, 20_000);
    const held = receiver.requests[0]!;
    first.child.kill('SIGKILL');
    await first.waitForExit(5000);
    expect(held.answered).toBeNull();

    const port2 = await freePort();
    const second = procs.spawn(['start'], { ...env, PORT: String(port2), KAMENG_DATA_DIR: procs.dataDir() });
    await waitReady(second, port2);
    await until(
      'every delivery to succeed',
      async () => {
        const [p] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(webhookDeliveries)
          .where(sql`status <> 'succeeded'`);
        return p!.n === 0;
      },
      30_000,
    );

    // Every event acknowledged, signed; after de-duplication by id, once each and in order per subject.
    const acked = receiver.requests.filter((q) => q.answered === 200);
    const ids = await Promise.all(
      acked.map(
        async (q) =>
          (await verifyWebhook({ payload: q.body, header: q.headers['kameng-signature'] as string, secret }))
            .id,
      ),
    );
    const firsts = ids.filter((id, i) => ids.indexOf(id) === i);
    expect([...firsts].sort()).toEqual(emitted.map((e) => e.id).sort());
    for (const subject of Object.values(subjects)) {
      const want = emitted.filter((e) => e.subject === subject).map((e) => e.id);
      expect(firsts.filter((id) => want.includes(id))).toEqual(want);
    }
    // The held event went out again: once to the dead process, then (acknowledged) from the second one.
    const heldId = held.headers['kameng-event-id'] as string;
    const sends = receiver.requests.filter((q) => q.headers['kameng-event-id'] === heldId);
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(sends.slice(1).some((q) => q.answered === 200)).toBe(true);
    const [d] = await db
      .select()
      .from(webhookDeliveries)
      .where(sql`event_id = ${heldId}`);
    expect(d).toMatchObject({ status: 'succeeded' });
    expect(d!.attempts).toBeGreaterThanOrEqual(2);
    // The dead process never recorded its attempt; the second one recorded the success.
    const logged = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d!.id));
    expect(logged.length).toBe(d!.attempts - 1);
    expect(logged.at(-1)!.responseStatus).toBe(200);

    // A clean stop ends the webhook loop with the rest of the process.
    second.child.kill('SIGTERM');
    expect(await second.waitForExit(15_000)).toEqual({ code: 0, signal: null });
  }, 120_000);
});
