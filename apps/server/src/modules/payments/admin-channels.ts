import type { CreateChannelBody, PaymentChannel, UpdateChannelBody } from '@kameng/shared';
import { asc, desc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { afterCommit, type Ctx, requireAdmin, withTx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { forgetChannels } from './channel-cache';
import { clearHealth, todayAmounts } from './channel-health';
import { channelAad, findChannel, type ChannelRow } from './channels';
import { paymentChannels } from './schema';

/** ok · failing · auto_paused (until paused_until) · disabled (paused by hand). */
function healthOf(row: ChannelRow, now: Date): PaymentChannel['health'] {
  if (!row.enabled) return 'disabled';
  if (row.pausedUntil && row.pausedUntil > now) return 'auto_paused';
  return row.consecutiveFailures > 0 ? 'failing' : 'ok';
}

/** The admin view of a channel: never the credentials, only whether there are any. */
export function toAdminChannel(row: ChannelRow, now: Date, todayAmount = 0): PaymentChannel {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    method: row.method,
    settings: row.settings,
    enabled: row.enabled,
    priority: row.priority,
    minAmount: row.minAmount,
    maxAmount: row.maxAmount,
    weight: row.weight,
    dailyLimit: row.dailyLimit,
    todayAmount,
    autoPauseAfter: row.autoPauseAfter,
    cooldownSeconds: row.cooldownSeconds,
    health: healthOf(row, now),
    consecutiveFailures: row.consecutiveFailures,
    pausedUntil: row.pausedUntil?.toISOString() ?? null,
    lastError: row.lastError,
    lastFailureAt: row.lastFailureAt?.toISOString() ?? null,
    hasCredentials: row.credentials.length > 0,
    notifyPath: `/api/pay/notify/${row.id}`,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every channel, by method and priority, with its health and today's amount. */
export async function listChannels(ctx: Ctx): Promise<PaymentChannel[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select()
    .from(paymentChannels)
    .orderBy(asc(paymentChannels.method), desc(paymentChannels.priority), asc(paymentChannels.id));
  const now = ctx.now();
  const today = await todayAmounts(ctx.db, now);
  return rows.map((r) => toAdminChannel(r, now, today.get(r.id) ?? 0));
}

/** VALIDATION_FAILED when the amount range is empty (min above max). */
function checkRange(min: number | null | undefined, max: number | null | undefined): void {
  if (min != null && max != null && min > max) {
    throw new AppError('VALIDATION_FAILED', { field: 'minAmount', minAmount: min, maxAmount: max });
  }
}

/** Creates a channel; credentials are stored encrypted (aad `channel:<id>`) and only their field names audited. */
export async function createChannel(ctx: Ctx, body: CreateChannelBody): Promise<PaymentChannel> {
  requireAdmin(ctx);
  checkRange(body.minAmount, body.maxAmount);
  return withTx(ctx, async (tx) => {
    afterCommit(tx, forgetChannels);
    const [row] = await tx.db
      .insert(paymentChannels)
      .values({
        ...body,
        credentials: ctx.box.encrypt(JSON.stringify(body.credentials), channelAad(body.id)),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('CONFLICT', { field: 'id' });
    await appendAudit(tx, {
      action: 'payments.channel.create',
      targetType: 'payment_channel',
      targetId: row.id,
      data: { provider: row.provider, method: row.method, credentialFields: Object.keys(body.credentials) },
    });
    return toAdminChannel(row, tx.now());
  });
}

/** Updates a channel (credentials replaced only when given; settings carry the sandbox faults). */
export async function updateChannel(ctx: Ctx, id: string, body: UpdateChannelBody): Promise<PaymentChannel> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    afterCommit(tx, forgetChannels);
    const existing = await findChannel(tx.db, id);
    if (!existing) throw new AppError('NOT_FOUND');
    checkRange(
      body.minAmount === undefined ? existing.minAmount : body.minAmount,
      body.maxAmount === undefined ? existing.maxAmount : body.maxAmount,
    );
    const { credentials, ...rest } = body;
    const [row] = await tx.db
      .update(paymentChannels)
      .set({
        ...rest,
        ...(credentials ? { credentials: ctx.box.encrypt(JSON.stringify(credentials), channelAad(id)) } : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(paymentChannels.id, id))
      .returning();
    await appendAudit(tx, {
      action: 'payments.channel.update',
      targetType: 'payment_channel',
      targetId: id,
      data: { fields: Object.keys(rest), credentialsReplaced: Boolean(credentials) },
    });
    return toAdminChannel(row!, tx.now(), await todayOf(tx, id));
  });
}

async function todayOf(ctx: Ctx, id: string): Promise<number> {
  return (await todayAmounts(ctx.db, ctx.now(), { channelId: id })).get(id) ?? 0;
}

/** Pauses a channel by hand (no new payments routed to it until it is resumed), audited. */
export async function pauseChannel(ctx: Ctx, id: string): Promise<PaymentChannel> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    afterCommit(tx, forgetChannels);
    const [row] = await tx.db
      .update(paymentChannels)
      .set({ enabled: false, updatedAt: tx.now() })
      .where(eq(paymentChannels.id, id))
      .returning();
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, { action: 'payments.channel.pause', targetType: 'payment_channel', targetId: id });
    return toAdminChannel(row, tx.now(), await todayOf(tx, id));
  });
}

/**
 * Resumes a channel now: enabled again, an automatic pause lifted and its failure count cleared (the
 * open channel_paused anomaly is resolved), audited with what it cleared.
 */
export async function resumeChannel(ctx: Ctx, id: string): Promise<PaymentChannel> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    afterCommit(tx, forgetChannels);
    const existing = await findChannel(tx.db, id);
    if (!existing) throw new AppError('NOT_FOUND');
    await clearHealth(tx, id);
    const [row] = await tx.db
      .update(paymentChannels)
      .set({ enabled: true, updatedAt: tx.now() })
      .where(eq(paymentChannels.id, id))
      .returning();
    await appendAudit(tx, {
      action: 'payments.channel.resume',
      targetType: 'payment_channel',
      targetId: id,
      data: {
        wasEnabled: existing.enabled,
        pausedUntil: existing.pausedUntil?.toISOString() ?? null,
        consecutiveFailures: existing.consecutiveFailures,
      },
    });
    return toAdminChannel(row!, tx.now(), await todayOf(tx, id));
  });
}
