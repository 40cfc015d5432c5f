import { WEBHOOK_SIGNATURE_HEADER, formatWebhookSignature, webhookSignedPayload } from '@kameng/shared';
import { createHmac } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { withTx, type Ctx } from '../../lib/ctx';
import { allowsPrivateTargets } from '../../lib/outbound-url';
import { nextAttemptAt } from './backoff';
import { disableEndpoint } from './disable-endpoint';
import { openEventData, redactEventData, wireEvent, type StoredEvent } from './event-data';
import { excerpt, postWebhook, type PostResult } from './post-webhook';
import { signingSecrets } from './signing-secrets';
import { webhookAttempts, webhookDeliveries, webhookEvents } from './schema';

/** How the dispatcher sends. */
export interface DispatchOptions {
  /** Most deliveries claimed (and sent concurrently) per call. */
  limit?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** How long a claimed delivery is this process's; after that another one sends it again. */
  leaseMs?: number;
  /** Only this delivery (redeliver, test event: sent at once when it is its subject's turn). */
  deliveryId?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_LEASE_MS = 60_000;
export const USER_AGENT = 'Kameng-Webhooks/1';

type Claimed = typeof webhookDeliveries.$inferSelect;

/**
 * Claims due deliveries and sends them: each is POSTed once, signed, its attempt logged, and then
 * marked succeeded (2xx), scheduled again with backoff, or failed at its horizon (3 days), which
 * disables the endpoint and mails its owner. Only the oldest pending delivery of a subject to a URL
 * is ever claimed, so one order's events reach each target in order. A claim is a lease: if this
 * process dies while sending, the delivery is sent again by any process once the lease has run out.
 * Returns how many were sent.
 */
export async function dispatchDue(ctx: Ctx, opts: DispatchOptions = {}): Promise<number> {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const claimed = await claimDue(ctx, opts.limit ?? 20, leaseMs, opts.deliveryId);
  if (claimed.length === 0) return 0;
  const allowPrivate = await allowsPrivateTargets(ctx);
  await Promise.all(
    claimed.map((d) =>
      sendOne(ctx, d, { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, allowPrivate }).catch(
        (err: unknown) => {
          // The lease runs out and the delivery is tried again: nothing is lost.
          ctx.log.error({ err, deliveryId: d.id }, 'webhook delivery not recorded');
        },
      ),
    ),
  );
  return claimed.length;
}

/** Takes up to `limit` due deliveries, each the oldest pending of its (url, subject), under a lease. */
async function claimDue(ctx: Ctx, limit: number, leaseMs: number, only?: string): Promise<Claimed[]> {
  const now = ctx.now();
  const lease = new Date(now.getTime() + leaseMs);
  const res = await ctx.db.execute<{ id: string }>(sql`
    WITH due AS (
      SELECT d.id FROM webhook_deliveries d
      LEFT JOIN webhook_endpoints ep ON ep.id = d.endpoint_id
      WHERE d.status = 'pending' AND d.next_attempt_at <= ${now}
        AND (d.locked_until IS NULL OR d.locked_until < ${now})
        AND (d.endpoint_id IS NULL OR ep.status = 'enabled')
        ${only ? sql`AND d.id = ${only}` : sql``}
        AND NOT EXISTS (
          SELECT 1 FROM webhook_deliveries p
          WHERE p.status = 'pending' AND p.url = d.url AND p.subject_key = d.subject_key AND p.seq < d.seq)
      ORDER BY d.next_attempt_at, d.seq
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED)
    UPDATE webhook_deliveries w SET locked_until = ${lease}, attempts = w.attempts + 1
    FROM due WHERE w.id = due.id
    RETURNING w.id`);
  if (res.rows.length === 0) return [];
  const ids = res.rows.map((r) => r.id);
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(sql`${webhookDeliveries.id} = ANY(${sql.param(ids)}::uuid[])`);
  return rows.sort((a, b) => a.seq - b.seq);
}

/** Sends one claimed delivery and records the outcome. */
async function sendOne(
  ctx: Ctx,
  d: Claimed,
  opts: { timeoutMs: number; allowPrivate: boolean },
): Promise<void> {
  const [ev] = await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.id, d.eventId));
  if (!ev) throw new Error(`webhook event ${d.eventId} missing`);
  const stored: StoredEvent = { ...ev, data: ev.data };
  const data = openEventData(ctx.box, ev.id, ev.data);
  const body = JSON.stringify(wireEvent(stored, data));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'Kameng-Event-Id': ev.id,
    'Kameng-Event-Type': ev.type,
  };
  const secrets = await signingSecrets(ctx, d);
  let result: PostResult;
  if (secrets.length === 0) {
    result = { status: null, body: null, error: 'no signing secret (credential gone)', durationMs: 0 };
  } else {
    const t = Math.floor(ctx.now().getTime() / 1000);
    const signed = webhookSignedPayload(t, body);
    const macs = secrets.map((s) => createHmac('sha256', s).update(signed).digest('hex'));
    // One v1 per secret (a receiver checks any): `t=…,v1=…[,v1=…]`.
    headers[WEBHOOK_SIGNATURE_HEADER] =
      formatWebhookSignature(t, macs[0]!) +
      macs
        .slice(1)
        .map((m) => `,v1=${m}`)
        .join('');
    result = await postWebhook(d.url, headers, body, opts);
  }
  await recordAttempt(ctx, d, {
    result,
    headers,
    // The log shows what was sent, with delivered goods masked.
    requestBody: excerpt(JSON.stringify(wireEvent(stored, redactEventData(data)))),
  });
}

/** Logs the attempt and moves the delivery on — only while this process still holds its lease. */
async function recordAttempt(
  ctx: Ctx,
  d: Claimed,
  a: { result: PostResult; headers: Record<string, string>; requestBody: string },
): Promise<void> {
  const { result } = a;
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  const error = ok ? null : (result.error ?? `HTTP ${result.status}`);
  await withTx(ctx, async (tx) => {
    const now = tx.now();
    await tx.db.insert(webhookAttempts).values({
      deliveryId: d.id,
      attempt: d.attempts,
      requestHeaders: a.headers,
      requestBody: a.requestBody,
      responseStatus: result.status,
      responseBody: result.body,
      error,
      durationMs: result.durationMs,
      createdAt: now,
    });
    const next = ok || !d.retry ? null : nextAttemptAt(d.createdAt, d.attempts, now);
    const set: Partial<typeof webhookDeliveries.$inferInsert> = ok
      ? { status: 'succeeded', finishedAt: now }
      : next
        ? { nextAttemptAt: next }
        : { status: 'failed', finishedAt: now };
    const moved = await tx.db
      .update(webhookDeliveries)
      .set({ ...set, lockedUntil: null, lastStatus: result.status, lastError: error })
      .where(
        and(
          eq(webhookDeliveries.id, d.id),
          eq(webhookDeliveries.status, 'pending'),
          eq(webhookDeliveries.lockedUntil, d.lockedUntil!),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (moved.length === 0) {
      // The lease ran out and another process took the delivery over (or the endpoint went away):
      // this attempt stays in the log, the state is theirs.
      tx.log.warn({ deliveryId: d.id }, 'webhook delivery lease lost; outcome logged only');
      return;
    }
    if (!ok && !next && d.retry && d.endpointId) {
      await disableEndpoint(tx, d.endpointId, 'delivery_failed', error ?? '');
    }
  });
}
