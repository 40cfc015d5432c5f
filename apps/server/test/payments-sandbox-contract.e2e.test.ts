import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { buildSandboxNotify } from '../src/modules/payments/sandbox/notify-job';
import { sandboxTrades } from '../src/modules/payments/sandbox/schema';
import { sandboxSign } from '../src/modules/payments/sandbox/sign';
import { pressCashier, type PayWorld } from './payments-fixtures';
import { describeProviderContract, type ProviderHarness, type Trade } from './provider-contract';

/** The sandbox gateway through the same contract the real providers pass (it validates the suite too). */
describeProviderContract((): ProviderHarness => {
  let w: PayWorld;
  const good = { mchId: 'M20001', key: 'contract-key-one-0123456789' };
  const other = { mchId: 'M20002', key: 'contract-key-two-0123456789' };
  const form = (body: Record<string, unknown>) => ({
    method: 'POST' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body as Record<string, string>).toString(),
  });
  const fields = (t: Trade, key: string, kind: 'paid' | 'stale' = 'paid', fault: 'amount' | null = null) =>
    buildSandboxNotify(
      { tradeNo: t.providerTradeNo!, outTradeNo: t.tradeNo, mchId: good.mchId, amount: t.amount },
      key,
      kind,
      fault,
    ).body as Record<string, string>;
  return {
    name: 'sandbox',
    channelId: 'sbx-c',
    otherChannelId: 'sbx-o',
    emptyKeyChannelId: 'sbx-e',
    successReply: { status: 200, body: 'success' },
    secrets: [good.key, other.key],
    async setup(world) {
      w = world;
      for (const [id, credentials] of [
        ['sbx-c', good],
        ['sbx-o', other],
        ['sbx-e', { mchId: good.mchId, key: '' }],
      ] as const) {
        const res = await w.admin.post('/api/admin/payments/channels', {
          id,
          name: id,
          provider: 'sandbox',
          method: 'sandbox',
          credentials,
          settings: { gatewayUrl: `${w.base}/sandbox-gateway` },
        });
        expect(res.statusCode, res.body).toBe(201);
      }
    },
    async pay(t, { notify }) {
      if (notify === 'send') return pressCashier(w, String(t.action.url), 'pay');
      await w.env.db
        .update(sandboxTrades)
        .set({ status: 'paid', paidAt: sql`now()` })
        .where(eq(sandboxTrades.tradeNo, t.providerTradeNo!));
    },
    buildNotify(t, tamper, target) {
      const p = fields(t, good.key);
      const resign = (q: Record<string, string>, key = good.key) => ({ ...q, sign: sandboxSign(q, key) });
      switch (tamper) {
        case null:
          return form(p);
        case 'forged_signature':
          return form(resign(p, 'not-the-key'));
        case 'empty_key':
          return form({ ...p, sign: '' });
        case 'wrong_amount':
          return form(fields(t, good.key, 'paid', 'amount'));
        case 'wrong_merchant':
          return form(resign({ ...p, mch_id: other.mchId }));
        case 'not_success':
          return form(fields(t, good.key, 'stale'));
        case 'array_field':
          return { ...form(p), body: `${form(p).body}&out_trade_no=${encodeURIComponent(t.tradeNo)}X` };
        case 'type_confusion':
          return {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...p, sign: true, amount: t.amount / 100 }),
          };
        case 'other_order':
          return form({ ...p, out_trade_no: target!.tradeNo });
      }
    },
    async refunds(t) {
      const [trade] = await w.env.db
        .select({ refunded: sandboxTrades.refunded })
        .from(sandboxTrades)
        .where(eq(sandboxTrades.tradeNo, t.providerTradeNo!));
      return trade && trade.refunded > 0 ? [trade.refunded] : [];
    },
    close: async () => {},
  };
});
