import type { ChannelTestResult } from '@kameng/shared';
import { AppError } from '../../lib/app-error';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { shortError } from './channel-health';
import { channelConfig, findChannel } from './channels';
import { providerFor } from './registry';
import { newTradeNo } from './start-payment';

/** "Test connection": creates a payment of the provider's smallest amount (0.01 for most) on the channel (never recorded as an attempt) and reports. */
export async function testChannel(ctx: Ctx, id: string, baseUrl: string): Promise<ChannelTestResult> {
  requireAdmin(ctx);
  const row = await findChannel(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const provider = providerFor(row.provider);
  if (!provider) return { ok: false, action: null, providerTradeNo: null, error: 'provider_unsupported' };
  try {
    const r = await provider.createPayment(channelConfig(ctx.box, row), {
      tradeNo: `T${newTradeNo(ctx.now()).slice(1)}`,
      amount: provider.testAmount ?? 1,
      currency: 'CNY',
      subject: 'Kameng channel test',
      notifyUrl: `${baseUrl}/api/pay/notify/${row.id}`,
      returnUrl: `${baseUrl}/`,
      clientIp: ctx.ip ?? '127.0.0.1',
      device: 'pc',
      baseUrl,
    });
    return { ok: true, action: r.action, providerTradeNo: r.providerTradeNo ?? null, error: null };
  } catch (err) {
    return {
      ok: false,
      action: null,
      providerTradeNo: null,
      error: shortError(err),
    };
  }
}
