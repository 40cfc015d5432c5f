import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { isAppError, AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { findHoldsByKeys, holdLookup } from '../ledger/find-holds';
import { createHold, voidHold } from '../ledger/holds';
import { resellerBalanceSpec } from '../resellers/reseller-dto';
import { paymentAttempts } from './schema';

/** The key of the hold that reserves the balance part of the online attempt `tradeNo`. */
export const balanceHoldKey = (orderId: string, tradeNo: string) => `order:${orderId}:balance:${tradeNo}`;

/** The balance part of an online attempt: the hold's key and amount, and whose balance it is. */
export interface AttemptBalance {
  holdKey: string;
  amount: number;
  resellerId: string;
  status: 'pending' | 'posted' | 'voided';
}

/** The balance part of an attempt (whatever its hold's state now), or null for a purely online one. */
export async function attemptBalance(
  db: DbOrTx,
  attempt: { orderId: string; tradeNo: string },
): Promise<AttemptBalance | null> {
  const key = balanceHoldKey(attempt.orderId, attempt.tradeNo);
  const [hold] = await findHoldsByKeys(db, [key]);
  if (!hold || hold.debitType !== 'reseller_balance' || !hold.debitOwnerId) return null;
  return { holdKey: key, amount: hold.amount, resellerId: hold.debitOwnerId, status: hold.status };
}

/**
 * Reserves `amount` of a reseller's balance towards the order's merchant under `key` (an attempt's
 * balanceHoldKey), in the caller's transaction (which also inserts the attempt, so a hold exists
 * exactly when its attempt does). BALANCE_INSUFFICIENT when the available balance cannot cover it.
 */
export async function holdOrderBalance(
  ctx: Ctx,
  input: {
    key: string;
    orderId: string;
    merchantId: string;
    resellerId: string;
    amount: number;
    currency: string;
  },
): Promise<string> {
  try {
    const { holdId } = await createHold(ctx, {
      idempotencyKey: input.key,
      debit: resellerBalanceSpec(input.resellerId, input.currency),
      credit: { type: 'merchant_pending', ownerId: input.merchantId, currency: input.currency },
      amount: input.amount,
      currency: input.currency,
      reference: { type: 'order', id: input.orderId },
    });
    return holdId;
  } catch (err) {
    if (isAppError(err, 'LEDGER_INSUFFICIENT_FUNDS')) throw new AppError('BALANCE_INSUFFICIENT', err.details);
    throw err;
  }
}

/** What the order's attempts hold of this reseller's balance right now (released when a new attempt starts). */
export async function orderHeldBalance(db: DbOrTx, orderId: string, resellerId: string): Promise<number> {
  const holds = await orderAttemptHolds(db, { orderId }, { pendingOnly: true });
  return holds.filter((h) => h.debitOwnerId === resellerId).reduce((n, h) => n + h.amount, 0);
}

/** The holds of all the order's attempts, by their keys as a subquery (see balanceHoldKey). */
const orderAttemptHolds = holdLookup(
  'holds_of_order_attempts',
  sql`(SELECT 'order:' || ${paymentAttempts.orderId} || ':balance:' || ${paymentAttempts.tradeNo}
    FROM ${paymentAttempts} WHERE ${paymentAttempts.orderId} = ${sql.placeholder('orderId')})`,
);

/**
 * Releases every pending balance hold of the order's online attempts (but `exceptKey`), in the
 * caller's transaction: on expiry, on cancellation, when a new attempt replaces an old one and when
 * the order is paid some other way. Callers hold the order's row lock, so no hold of the order is
 * created or resolved meanwhile. Returns how many were voided.
 */
export async function voidOrderBalanceHolds(ctx: Ctx, orderId: string, exceptKey?: string): Promise<number> {
  const pending = await orderAttemptHolds(ctx.db, { orderId }, { pendingOnly: true, exceptKey });
  for (const h of pending) await withTx(ctx, (sp) => voidHold(sp, h.id));
  return pending.length;
}
