import type { Ctx } from '../../lib/ctx';
import { safeEqual } from '../../lib/crypto';
import { acceptPayment } from './accept-payment';
import { allChannels } from './channel-cache';
import { channelConfig } from './channels';
import { notifyFields } from './notify-fields';
import type { NotifyReply, NotifyRequest } from './provider';
import { recordNotify } from './record-notify';
import { providerFor } from './registry';

const FAIL: NotifyReply = { status: 404, contentType: 'text/plain; charset=utf-8', body: 'fail' };

/**
 * THE callback path every provider goes through (correct by construction): the channel from the URL
 * (a paused channel still takes the money of payments started before the pause: pausing stops new
 * payments only); fields as plain strings; the provider's signature check (constant time, non-empty
 * key); merchant id bound to the channel's credentials; success status; then acceptPayment (attempt of
 * this channel, integer amounts, idempotent). Every notify is stored with its verdict; the provider's
 * success body is returned when accepted or duplicate, and for an authentic notify that reports no
 * payment (stored as rejected, `status_not_success`), so the gateway stops re-sending it.
 */
export async function handleNotify(ctx: Ctx, channelId: string, req: NotifyRequest): Promise<NotifyReply> {
  const raw = { method: req.method, query: req.query, body: req.body };
  const row = (await allChannels(ctx.db)).find((c) => c.id === channelId);
  const provider = row && providerFor(row.provider);
  const reject = async (reason: string) => {
    await recordNotify(ctx, {
      channelId,
      method: req.method,
      raw,
      verdict: 'rejected',
      reason,
      remoteIp: req.ip,
    });
    return provider ? provider.notifyReply(false) : FAIL;
  };
  if (!row) return reject('channel_unknown');
  if (!provider) return reject('provider_unsupported');
  let fields: Record<string, string> | null = null;
  if (provider.notifyFormat === 'fields') {
    const r = notifyFields(req.query, req.body);
    if ('reason' in r) return reject(r.reason);
    fields = r.fields;
  }
  const channel = channelConfig(ctx.box, row);
  const parsed = await provider.parseNotify(channel, req, fields);
  if (!parsed.ok) return reject(parsed.reason);
  if (!safeEqual(parsed.merchantId, provider.merchantIdOf(channel))) return reject('merchant_mismatch');
  if (parsed.status !== 'paid') {
    // Authentic but not a payment (waiting, closed, a Stripe session completed unpaid): nothing to
    // accept, but acknowledged, or the gateway would keep re-sending it for hours (Stripe: days).
    await reject('status_not_success');
    return provider.notifyReply(true);
  }
  const result = await acceptPayment(
    ctx,
    {
      channelId: row.id,
      tradeNo: parsed.tradeNo,
      providerTradeNo: parsed.providerTradeNo,
      amount: parsed.amount,
    },
    { method: req.method, raw, remoteIp: req.ip },
  );
  return provider.notifyReply(result.verdict !== 'rejected');
}
