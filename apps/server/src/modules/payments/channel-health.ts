import { and, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { isAppError } from '../../lib/app-error';
import { afterCommit, type Ctx } from '../../lib/ctx';
import { users } from '../accounts/schema';
import { recordEvent } from '../events/record-event';
import { getFinanceSettings } from '../finance/finance-settings';
import { queueEmail } from '../notifications/queue-email';
import { forgetChannels } from './channel-cache';
import type { ChannelRow } from './channels';
import { paymentAttempts, paymentChannels, paymentIncidents } from './schema';
import { withSideTx } from './side-db';

/**
 * An error as stored for the admin: the AppError code or the message, without query strings (signed
 * URLs), long tokens or line breaks, at most 200 characters.
 */
export function shortError(err: unknown): string {
  if (isAppError(err)) return err.code;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text
    .replace(/\?[^\s'"]*/g, '?…')
    .replace(/[A-Za-z0-9+/=_-]{32,}/g, '…')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

/** Attempts still open this long count against a daily limit (a checkout's typical payment window). */
export const OPEN_ATTEMPT_WINDOW_MS = 30 * 60_000;

/**
 * Fen counted against each channel's daily limit today (the platform's time zone, finance settings):
 * attempts paid since local midnight plus attempts opened in the last 30 minutes and still open —
 * so that simultaneous checkouts cannot all squeeze under the limit — except those of `exceptOrder`
 * (the order being routed: its new attempt replaces them).
 */
export async function todayAmounts(
  db: DbOrTx,
  now: Date,
  opts: { channelId?: string; exceptOrder?: string } = {},
): Promise<Map<string, number>> {
  const { timezone } = await getFinanceSettings(db);
  const at = now.toISOString();
  const dayStart = sql`(date_trunc('day', ${at}::timestamptz AT TIME ZONE ${timezone}) AT TIME ZONE ${timezone})`;
  const openSince = new Date(now.getTime() - OPEN_ATTEMPT_WINDOW_MS).toISOString();
  const rows = await db
    .select({
      channelId: paymentAttempts.channelId,
      n: sql<number>`coalesce(sum(${paymentAttempts.amount}), 0)::int8`,
    })
    .from(paymentAttempts)
    .where(
      and(
        opts.channelId ? eq(paymentAttempts.channelId, opts.channelId) : undefined,
        or(
          and(eq(paymentAttempts.status, 'paid'), sql`${paymentAttempts.paidAt} >= ${dayStart}`),
          and(
            eq(paymentAttempts.status, 'created'),
            sql`${paymentAttempts.createdAt} >= greatest(${dayStart}, ${openSince}::timestamptz)`,
            opts.exceptOrder ? sql`${paymentAttempts.orderId} <> ${opts.exceptOrder}` : undefined,
          ),
        ),
      ),
    )
    .groupBy(paymentAttempts.channelId);
  return new Map(rows.map((r) => [r.channelId, Number(r.n)]));
}

/** The e-mail addresses of the active platform admins (alerts go to all of them). */
async function adminAddresses(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.isPlatformAdmin, true), eq(users.disabled, false)))
    .limit(20);
  return rows.map((r) => r.email);
}

/** Alerts the admins that a channel was paused: an event in the outbox and an e-mail to each admin. */
async function alertPaused(ctx: Ctx, c: ChannelRow, failures: number, pausedUntil: Date, error: string) {
  await recordEvent(ctx, {
    type: 'payments.channel_paused',
    subjectType: 'payment_channel',
    subjectId: c.id,
    payload: { failures, pausedUntil: pausedUntil.toISOString(), lastError: error },
  });
  const until = pausedUntil.toISOString();
  const text =
    `支付通道 ${c.name}（${c.id}）连续 ${failures} 次下单失败，已自动暂停至 ${until}。最后错误：${error}\n` +
    `冷却结束后会自动重试；也可在管理后台「支付 › 通道」中立即恢复。\n\n` +
    `Payment channel ${c.name} (${c.id}) failed ${failures} times in a row and is paused until ${until}. ` +
    `Last error: ${error}\nIt is tried again after the cool-down; resume it now under Payments › Channels.`;
  for (const to of await adminAddresses(ctx.db)) {
    await queueEmail(ctx, {
      to,
      subject: `[Kameng] 支付通道已自动暂停 / Channel paused: ${c.id}`,
      body: { text, html: null },
      template: 'channel_paused',
    });
  }
}

/**
 * Counts a failed create on a channel, on a connection of its own (committed even when the request
 * ends in PAYMENT_CREATE_FAILED and rolls back). At `auto_pause_after` consecutive failures, and
 * again at each failure after a cool-down ended, the channel is paused for `cooldown_seconds`; the
 * first pause of an incident records a `channel_paused` incident, an event and e-mails the admins.
 * Never throws (health bookkeeping must not change the buyer's outcome).
 */
export async function recordCreateFailure(
  ctx: Ctx,
  channelId: string,
  err: unknown,
): Promise<{ paused: boolean }> {
  const error = shortError(err);
  try {
    return await withSideTx(ctx, async (tx) => {
      afterCommit(tx, forgetChannels);
      const now = tx.now();
      const [c] = await tx.db
        .select()
        .from(paymentChannels)
        .where(eq(paymentChannels.id, channelId))
        .for('update');
      if (!c) return { paused: false };
      const failures = c.consecutiveFailures + 1;
      const pause =
        c.autoPauseAfter > 0 &&
        failures >= c.autoPauseAfter &&
        (c.pausedUntil === null || c.pausedUntil <= now);
      const pausedUntil = pause ? new Date(now.getTime() + c.cooldownSeconds * 1000) : c.pausedUntil;
      await tx.db
        .update(paymentChannels)
        .set({ consecutiveFailures: failures, lastError: error, lastFailureAt: now, pausedUntil })
        .where(eq(paymentChannels.id, channelId));
      if (!pause) return { paused: false };
      tx.log.warn({ channelId, failures, pausedUntil }, 'payment channel paused automatically');
      // Paused again after a cool-down: the open incident is extended, the admins were told already.
      const [open] = await tx.db
        .update(paymentIncidents)
        .set({ pausedUntil, error })
        .where(
          and(
            eq(paymentIncidents.channelId, channelId),
            eq(paymentIncidents.type, 'channel_paused'),
            isNull(paymentIncidents.resolvedAt),
          ),
        )
        .returning({ id: paymentIncidents.id });
      if (!open) {
        await tx.db
          .insert(paymentIncidents)
          .values({ type: 'channel_paused', channelId, error, pausedUntil, createdAt: now });
        await alertPaused(tx, c, failures, pausedUntil!, error);
      }
      return { paused: true };
    });
  } catch (e) {
    ctx.log.error({ err: e, channelId }, 'channel failure not recorded');
    return { paused: false };
  }
}

/**
 * A create succeeded: the failure count goes back to 0 and an open pause incident is resolved. Only
 * written when there was something to reset (no write per order on a healthy channel).
 */
export async function recordCreateSuccess(ctx: Ctx, row: ChannelRow): Promise<void> {
  if (row.consecutiveFailures === 0 && row.pausedUntil === null) return;
  try {
    await withSideTx(ctx, async (tx) => {
      afterCommit(tx, forgetChannels);
      await clearHealth(tx, row.id);
    });
  } catch (e) {
    ctx.log.error({ err: e, channelId: row.id }, 'channel recovery not recorded');
  }
}

/** Clears a channel's failures and pause and resolves its open pause incident (in ctx's transaction). */
export async function clearHealth(ctx: Ctx, channelId: string): Promise<void> {
  await ctx.db
    .update(paymentChannels)
    .set({ consecutiveFailures: 0, pausedUntil: null })
    .where(
      and(
        eq(paymentChannels.id, channelId),
        or(gt(paymentChannels.consecutiveFailures, 0), isNotNull(paymentChannels.pausedUntil)),
      ),
    );
  await ctx.db
    .update(paymentIncidents)
    .set({ resolvedAt: ctx.now() })
    .where(
      and(
        eq(paymentIncidents.channelId, channelId),
        eq(paymentIncidents.type, 'channel_paused'),
        isNull(paymentIncidents.resolvedAt),
      ),
    );
}

/**
 * Records a failed channel refund as a `refund_failed` incident, on a connection of its own: the
 * refund's transaction is about to roll back with REFUND_FAILED. Never throws.
 */
export async function recordRefundFailure(
  ctx: Ctx,
  f: { orderId: string; channelId: string; attemptId: string; amount: number; err: unknown },
): Promise<void> {
  try {
    await withSideTx(ctx, async (tx) => {
      await tx.db.insert(paymentIncidents).values({
        type: 'refund_failed',
        channelId: f.channelId,
        orderId: f.orderId,
        attemptId: f.attemptId,
        amount: f.amount,
        error: shortError(f.err),
        createdAt: tx.now(),
      });
    });
  } catch (e) {
    ctx.log.error({ err: e, orderId: f.orderId }, 'refund failure not recorded');
  }
}
