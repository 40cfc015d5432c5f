import type { Withdrawal } from '@kameng/shared';
import type { Ctx } from '../../lib/ctx';
import { postEntry } from '../ledger/post-entry';
import { postHold, voidHold } from '../ledger/holds';
import { transitionWithdrawal } from './transition-withdrawal';

/**
 * The cash account payouts leave from. Payouts are made outside Kameng (a bank transfer, an Alipay
 * payout, a USDT send), so they are booked against `platform_cash:payout`, whose balance goes
 * negative by what was paid out; the operator reconciles it against the channels' cash.
 */
export const PAYOUT_CHANNEL = 'payout';

/**
 * Marks an approved withdrawal paid with the payout reference (admin): the hold is posted
 * (available → withdrawing), then the money leaves: withdrawing → platform_cash:payout for
 * amount − fee and withdrawing → platform_fee_revenue for the fee — one entry keyed
 * `withdrawal:<id>:paid`. Audited.
 */
export async function markWithdrawalPaid(ctx: Ctx, id: string, payoutReference: string): Promise<Withdrawal> {
  return transitionWithdrawal(ctx, id, 'paid', { payoutReference }, async (tx, w) => {
    const owner = { ownerId: w.merchantId, currency: w.currency };
    await postHold(tx, w.holdId!, {
      idempotencyKey: `withdrawal:${w.id}:posted`,
      kind: 'withdrawal.posted',
      memo: payoutReference,
    });
    const withdrawing = { type: 'merchant_withdrawing', ...owner } as const;
    const { entryId } = await postEntry(tx, {
      idempotencyKey: `withdrawal:${w.id}:paid`,
      kind: 'withdrawal.paid',
      currency: w.currency,
      memo: payoutReference,
      reference: { type: 'withdrawal', id: w.id },
      transfers: [
        {
          debit: withdrawing,
          credit: { type: 'platform_cash', ownerId: PAYOUT_CHANNEL, currency: w.currency },
          amount: w.amount - w.fee,
          code: 'withdrawal.payout',
        },
        ...(w.fee > 0
          ? [
              {
                debit: withdrawing,
                credit: { type: 'platform_fee_revenue', currency: w.currency } as const,
                amount: w.fee,
                code: 'withdrawal.fee',
              },
            ]
          : []),
      ],
    });
    return { paidEntryId: entryId };
  });
}

/** Marks an approved withdrawal failed with a reason (admin): the hold is voided, the money available again. Audited. */
export async function markWithdrawalFailed(ctx: Ctx, id: string, reason: string): Promise<Withdrawal> {
  return transitionWithdrawal(ctx, id, 'failed', { reason }, async (tx, w) => {
    if (w.holdId) await voidHold(tx, w.holdId);
  });
}
