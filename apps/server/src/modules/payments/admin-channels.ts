import type { CreateChannelBody, PaymentChannel, UpdateChannelBody } from '@kameng/shared';
import { asc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { afterCommit, type Ctx, requireAdmin, withTx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { forgetChannels } from './channel-cache';
import { channelAad, findChannel, type ChannelRow } from './channels';
import { paymentChannels } from './schema';

/** The admin view of a channel: never the credentials, only whether there are any. */
export function toAdminChannel(row: ChannelRow): PaymentChannel {
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
    hasCredentials: row.credentials.length > 0,
    notifyPath: `/api/pay/notify/${row.id}`,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every channel, by method and priority. */
export async function listChannels(ctx: Ctx): Promise<PaymentChannel[]> {
  requireAdmin(ctx);
  const rows = await ctx.db
    .select()
    .from(paymentChannels)
    .orderBy(asc(paymentChannels.method), asc(paymentChannels.id));
  return rows.map(toAdminChannel);
}

/** Creates a channel; credentials are stored encrypted (aad `channel:<id>`) and only their field names audited. */
export async function createChannel(ctx: Ctx, body: CreateChannelBody): Promise<PaymentChannel> {
  requireAdmin(ctx);
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
    return toAdminChannel(row);
  });
}

/** Updates a channel (credentials replaced only when given; settings carry the sandbox faults). */
export async function updateChannel(ctx: Ctx, id: string, body: UpdateChannelBody): Promise<PaymentChannel> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    afterCommit(tx, forgetChannels);
    const existing = await findChannel(tx.db, id);
    if (!existing) throw new AppError('NOT_FOUND');
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
    return toAdminChannel(row!);
  });
}

/** Pauses (no new payments routed to it) or resumes a channel. */
export async function setChannelEnabled(ctx: Ctx, id: string, enabled: boolean): Promise<PaymentChannel> {
  return updateChannel(ctx, id, { enabled });
}
