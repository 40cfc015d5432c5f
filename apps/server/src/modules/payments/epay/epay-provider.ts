import type { PaymentProvider } from '../provider';
import { epaySettings, epayVersion } from './epay-config';
import { createV1, parseNotifyV1, queryV1, refundV1 } from './epay-v1';
import { createV2, parseNotifyV2, queryV2, refundV2 } from './epay-v2';

/**
 * 彩虹易支付 (Epay), the protocol most Chinese card shops speak: V1 (MD5 with the merchant key) or V2
 * (SHA256withRSA, merchant private key / platform public key), chosen by `settings.version`; trades
 * created server-side (mapi.php, api/pay/create) or by a signed form the buyer's browser posts
 * (`settings.flow: 'submit'`).
 */
export const epayProvider: PaymentProvider = {
  id: 'epay',
  notifyFormat: 'fields',
  merchantIdOf: (channel) => (channel.credentials.pid ?? '').trim(),

  async createPayment(channel, req) {
    const s = epaySettings(channel);
    // 易支付 amounts are yuan: another currency would be charged as if it were CNY.
    if (req.currency !== 'CNY') throw new Error(`epay: charges CNY only, not ${req.currency}`);
    return s.version === 'v2' ? createV2(channel, s, req) : createV1(channel, s, req);
  },

  parseNotify(channel, _req, fields) {
    if (!fields) return { ok: false, reason: 'fields_missing' };
    const version = epayVersion(channel);
    if (!version) return { ok: false, reason: 'settings_invalid' };
    return version === 'v2' ? parseNotifyV2(channel, fields) : parseNotifyV1(channel, fields);
  },

  notifyReply: (ok) => ({
    status: 200,
    contentType: 'text/plain; charset=utf-8',
    body: ok ? 'success' : 'fail',
  }),

  async query(channel, attempt) {
    const s = epaySettings(channel);
    return s.version === 'v2' ? queryV2(channel, s, attempt) : queryV1(channel, s, attempt);
  },

  async refund(channel, attempt, amount, refundNo) {
    const s = epaySettings(channel);
    return s.version === 'v2'
      ? refundV2(channel, s, attempt, amount, refundNo)
      : refundV1(channel, s, attempt, amount);
  },
};
