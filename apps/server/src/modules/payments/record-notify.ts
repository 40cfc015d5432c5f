import { preparedInsert } from '../../db/prepared';
import type { Ctx } from '../../lib/ctx';
import { paymentNotifies } from './schema';

const SECRET_FIELD = /key|secret|password|token|cert/i;

/** The raw notify with secret-looking fields redacted and bounded in size. */
export function redactRaw(raw: unknown): string {
  const text = JSON.stringify(raw, (k, v: unknown) => (k && SECRET_FIELD.test(k) ? '[redacted]' : v)) ?? '';
  return text.length > 8000 ? text.slice(0, 8000) + '…' : text;
}

/** Stores one notify (or query result) with its verdict and reason code. */
export async function recordNotify(
  ctx: Ctx,
  row: {
    channelId: string;
    orderId?: string | null;
    attemptId?: string | null;
    method: string;
    raw: unknown;
    verdict: 'accepted' | 'duplicate' | 'rejected';
    reason: string | null;
    remoteIp?: string | null;
  },
): Promise<void> {
  await insertNotify(ctx.db, {
    channelId: row.channelId.slice(0, 64),
    orderId: row.orderId ?? null,
    attemptId: row.attemptId ?? null,
    method: row.method,
    raw: redactRaw(row.raw),
    verdict: row.verdict,
    reason: row.reason,
    remoteIp: row.remoteIp ?? null,
  });
  if (row.verdict === 'rejected')
    ctx.log.warn({ channelId: row.channelId, reason: row.reason }, 'payment notify rejected');
}

const insertNotify = preparedInsert('payment_notify_insert', paymentNotifies);
