import type { Ctx } from '../../lib/ctx';
import type { AccountSpec } from './accounts';
import { postEntry } from './post-entry';

/** A payment attempt that paid an order another attempt had already paid. */
export interface DuplicatePayment {
  attemptId: string;
  orderId: string;
  channelId: string;
  /** Minor units received twice (all of it is owed back to the buyer). */
  amount: number;
  currency?: string;
}

const accounts = (p: DuplicatePayment) => {
  const currency = p.currency ?? 'CNY';
  return {
    cash: { type: 'platform_cash', ownerId: p.channelId, currency } satisfies AccountSpec,
    payable: { type: 'buyer_refunds_payable', currency } satisfies AccountSpec,
    currency,
  };
};

/**
 * Books money received twice for one order (key `payment:<attemptId>:duplicate`): the channel holds it,
 * and all of it is owed back to the buyer — `platform_cash (channel) → buyer_refunds_payable`. The
 * merchant and the platform earn nothing on it.
 */
export async function postDuplicatePayment(ctx: Ctx, p: DuplicatePayment) {
  const { cash, payable, currency } = accounts(p);
  return postEntry(ctx, {
    idempotencyKey: `payment:${p.attemptId}:duplicate`,
    kind: 'payment.duplicate',
    currency,
    memo: `order ${p.orderId} paid twice`,
    reference: { type: 'payment_attempt', id: p.attemptId },
    transfers: [{ debit: cash, credit: payable, amount: p.amount, code: 'duplicate.received' }],
  });
}

/**
 * Books the return of a duplicate payment (key `payment:<attemptId>:duplicate_refund`, so an attempt's
 * duplicate is returned at most once, through the channel or offline): `buyer_refunds_payable →
 * platform_cash (channel)`. An offline refund is booked against the same channel's cash, where the
 * money arrived.
 */
export async function postDuplicateRefund(ctx: Ctx, p: DuplicatePayment & { offline: boolean }) {
  const { cash, payable, currency } = accounts(p);
  return postEntry(ctx, {
    idempotencyKey: `payment:${p.attemptId}:duplicate_refund`,
    kind: 'payment.duplicate_refund',
    currency,
    memo: p.offline ? 'duplicate payment refunded offline' : 'duplicate payment refunded through the channel',
    reference: { type: 'payment_attempt', id: p.attemptId },
    transfers: [
      {
        debit: payable,
        credit: cash,
        amount: p.amount,
        code: p.offline ? 'duplicate.refund_offline' : 'duplicate.refund',
      },
    ],
  });
}
