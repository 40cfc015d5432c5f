import { and, eq, inArray, sql } from 'drizzle-orm';
import { withTx, type Ctx } from '../../lib/ctx';
import { postDuplicateRefund } from '../ledger/post-duplicate-payment';
import { channelConfig, findChannel } from './channels';
import { providerFor } from './registry';
import { paymentAttempts } from './schema';

/** Channel refund requests (and job attempts) before a duplicate is left to a person. */
export const DUPLICATE_REFUND_TRIES = 10;

/**
 * How long a `refunding` claim is trusted to be in flight. Older, its outcome is unknown (the process
 * died between asking the channel and booking the answer): asking again could refund twice.
 */
const CLAIM_LEASE_MS = 10 * 60_000;

type AttemptRow = typeof paymentAttempts.$inferSelect;

/** A `refunding` claim past its lease: nobody is asking the channel any more, and the outcome is unknown. */
export function isStaleClaim(
  a: Pick<AttemptRow, 'duplicateRefund' | 'duplicateRefundAt'>,
  now: Date,
): boolean {
  const since = a.duplicateRefundAt?.getTime() ?? 0;
  return a.duplicateRefund === 'refunding' && now.getTime() - since >= CLAIM_LEASE_MS;
}

type DuplicateState = NonNullable<AttemptRow['duplicateRefund']>;

/** What a run did: refunded now, left for a person, or nothing (already final or not a duplicate). */
export type DuplicateRefundOutcome = 'refunded' | 'manual' | 'skipped';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

async function toManual(ctx: Ctx, attemptId: string, from: DuplicateState, error: string): Promise<void> {
  await ctx.db
    .update(paymentAttempts)
    .set({ duplicateRefund: 'manual', duplicateRefundError: error, duplicateRefundAt: ctx.now() })
    .where(and(eq(paymentAttempts.id, attemptId), eq(paymentAttempts.duplicateRefund, from)));
}

/**
 * Returns a duplicate payment through its channel's refund, at most once per attempt: the attempt is
 * claimed `pending → refunding` by a committed conditional update before the channel is asked, so a
 * second run (or a concurrent one) never asks again; success books `buyer_refunds_payable →
 * platform_cash` and marks it `refunded` in one transaction. A failed request returns the claim to
 * `pending` and throws, so graphile-worker retries with backoff; after DUPLICATE_REFUND_TRIES requests,
 * without a channel refund, or when a claim's outcome is unknown, the attempt becomes `manual`: the
 * anomaly view asks the admin to refund by hand and mark it refunded offline.
 */
export async function refundDuplicatePayment(ctx: Ctx, attemptId: string): Promise<DuplicateRefundOutcome> {
  const [a] = await ctx.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  if (!a?.duplicateRefund) return 'skipped';
  if (a.duplicateRefund === 'refunding') {
    if (!isStaleClaim(a, ctx.now())) throw new Error('duplicate refund in progress');
    await toManual(
      ctx,
      a.id,
      'refunding',
      'refund outcome unknown (interrupted): check the trade at the channel',
    );
    return 'manual';
  }
  if (a.duplicateRefund !== 'pending') return 'skipped';

  const row = await findChannel(ctx.db, a.channelId);
  const provider = row && providerFor(row.provider);
  if (!row || !provider?.refund) {
    await toManual(ctx, a.id, 'pending', 'the channel has no refund');
    return 'manual';
  }
  const [claimed] = await ctx.db
    .update(paymentAttempts)
    .set({
      duplicateRefund: 'refunding',
      duplicateRefundTries: sql`${paymentAttempts.duplicateRefundTries} + 1`,
      duplicateRefundAt: ctx.now(),
    })
    .where(and(eq(paymentAttempts.id, a.id), eq(paymentAttempts.duplicateRefund, 'pending')))
    .returning();
  if (!claimed) {
    const [now] = await ctx.db
      .select({ state: paymentAttempts.duplicateRefund })
      .from(paymentAttempts)
      .where(eq(paymentAttempts.id, a.id));
    if (now?.state === 'refunding') throw new Error('duplicate refund in progress');
    return 'skipped';
  }

  const amount = claimed.duplicateAmount ?? claimed.amount;
  let refundNo: string;
  try {
    ({ refundNo } = await provider.refund(
      channelConfig(ctx.box, row),
      claimed,
      amount,
      `${claimed.tradeNo}D`,
    ));
  } catch (err) {
    const error = errorText(err);
    ctx.log.warn(
      { err, attemptId, channelId: row.id, tries: claimed.duplicateRefundTries },
      'duplicate refund failed',
    );
    if (claimed.duplicateRefundTries >= DUPLICATE_REFUND_TRIES) {
      await toManual(ctx, a.id, 'refunding', error);
      return 'manual';
    }
    await ctx.db
      .update(paymentAttempts)
      .set({ duplicateRefund: 'pending', duplicateRefundError: error, duplicateRefundAt: ctx.now() })
      .where(and(eq(paymentAttempts.id, a.id), eq(paymentAttempts.duplicateRefund, 'refunding')));
    throw new Error(`duplicate refund failed: ${error}`);
  }

  await withTx(ctx, async (tx) => {
    // `manual` too: a claim outlived its lease and was flagged, but the channel did refund.
    const [done] = await tx.db
      .update(paymentAttempts)
      .set({
        duplicateRefund: 'refunded',
        duplicateRefundRef: refundNo,
        duplicateRefundError: null,
        duplicateRefundAt: tx.now(),
      })
      .where(
        and(eq(paymentAttempts.id, a.id), inArray(paymentAttempts.duplicateRefund, ['refunding', 'manual'])),
      )
      .returning();
    if (!done) return;
    await postDuplicateRefund(tx, {
      attemptId: done.id,
      orderId: done.orderId,
      channelId: done.channelId,
      amount,
      currency: done.currency,
      offline: false,
    });
  });
  ctx.log.info({ attemptId, channelId: row.id, amount, refundNo }, 'duplicate payment refunded');
  return 'refunded';
}
