import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { withTx, type Ctx } from '../../lib/ctx';
import { accountCode, ensureAccounts, lockAccounts, normalBalance, type AccountSpec } from './accounts';
import { requestHash } from './content-hash';
import { splitOrderAmount, type ChannelFeeRule } from './fees';
import { postHold } from './holds';
import { isValidAmount, postEntry, type TransferInput } from './post-entry';
import { ledgerEntries, ledgerTransfers } from './schema';

/** The idempotency key of an order's payment entry. */
export const orderPaidKey = (orderId: string) => `order:${orderId}:paid`;

/** The idempotency key of the entry posting an order's held balance part. */
export const orderBalancePaidKey = (orderId: string) => `order:${orderId}:paid:balance`;

/** The part of an order paid from a reseller's prepaid balance. */
export interface BalancePart {
  resellerId: string;
  amount: number;
  /** The pending hold reserving it (balance + online); null when debited directly (whole-balance payment). */
  holdId: string | null;
}

/**
 * Posts a paid order (key `order:<id>:paid`): the channel's cash grows by the amount, all of it owed to
 * the merchant as pending; the channel fee is the platform's expense out of that cash; the commission
 * and a merchant-borne channel fee move from the merchant's pending to platform fee revenue.
 * With a balance part, that part comes from `reseller_balance` instead of the channel's cash and bears
 * no channel fee: debited directly in this entry (line `order.gross`), or — when it was held for a
 * balance + online payment — by posting the hold first (key `order:<id>:paid:balance`). The commission
 * is always on the whole amount. LEDGER_INSUFFICIENT_FUNDS when the balance cannot cover a direct debit.
 * See docs/ledger.md for worked examples.
 */
export async function postOrderPaid(
  ctx: Ctx,
  input: {
    orderId: string;
    merchantId: string;
    channelId: string;
    /** The whole amount the buyer paid (channel part + balance part). */
    amount: number;
    currency?: string;
    channelFee: ChannelFeeRule;
    commissionBps: number;
    balance?: BalancePart;
  },
): Promise<{ entryId: string; split: ReturnType<typeof splitOrderAmount>; replayed: boolean }> {
  const balance = input.balance;
  const online = input.amount - (balance?.amount ?? 0);
  const split = splitOrderAmount({ ...input, channelAmount: online });
  const currency = input.currency ? { currency: input.currency } : {};
  const cash: AccountSpec = { type: 'platform_cash', ownerId: input.channelId };
  const pending: AccountSpec = { type: 'merchant_pending', ownerId: input.merchantId };
  const revenue: AccountSpec = { type: 'platform_fee_revenue' };
  const transfers: TransferInput[] = [];
  return withTx(ctx, async (tx) => {
    if (balance?.holdId) {
      await postHold(tx, balance.holdId, {
        idempotencyKey: orderBalancePaidKey(input.orderId),
        kind: 'order.paid_balance',
      });
    } else if (balance) {
      transfers.push({
        debit: { type: 'reseller_balance', ownerId: balance.resellerId },
        credit: pending,
        amount: balance.amount,
        code: 'order.gross',
      });
    }
    if (online > 0) transfers.push({ debit: cash, credit: pending, amount: online, code: 'order.gross' });
    if (split.channelFee > 0) {
      transfers.push({
        debit: { type: 'channel_fee_expense', ownerId: input.channelId },
        credit: cash,
        amount: split.channelFee,
        code: 'order.channel_fee',
      });
    }
    if (split.commission > 0) {
      transfers.push({ debit: pending, credit: revenue, amount: split.commission, code: 'order.commission' });
    }
    if (input.channelFee.bearer === 'merchant' && split.channelFee > 0) {
      transfers.push({
        debit: pending,
        credit: revenue,
        amount: split.channelFee,
        code: 'order.merchant_channel_fee',
      });
    }
    const res = await postEntry(tx, {
      idempotencyKey: orderPaidKey(input.orderId),
      kind: 'order.paid',
      ...currency,
      reference: { type: 'order', id: input.orderId },
      transfers,
    });
    return { ...res, split };
  });
}

/** Rounds `a × b / c` half up in exact integer arithmetic. */
const mulDivHalfUp = (a: number, b: number, c: number) =>
  Number((BigInt(a) * BigInt(b) * 2n + BigInt(c)) / (BigInt(c) * 2n));

/**
 * Posts a (full or partial) refund of a paid order (key `order:<id>:refund:<refundId>`). Policy
 * (docs/ledger.md): the buyer gets `amount` back through the channel; the platform returns the
 * commission in proportion (cumulatively rounded, so refunds summing to the order return exactly the
 * commission); the merchant pays the rest from `fromAccount` — pending when the order is not settled,
 * available when it is — and what that account cannot cover (a merchant-borne channel fee is not
 * returned, money already withdrawn or held) becomes merchant_receivable, which later earnings
 * offset. The channel fee stays with the platform. A wholly balance-paid order is paid back to the
 * reseller's balance instead of a channel. Refunds beyond the order amount: LEDGER_INVALID_AMOUNT.
 */
export async function postOrderRefund(
  ctx: Ctx,
  input: {
    orderId: string;
    refundId: string;
    merchantId: string;
    channelId: string;
    amount: number;
    fromAccount: 'merchant_pending' | 'merchant_available';
    currency?: string;
  },
): Promise<{
  entryId: string;
  replayed: boolean;
  fromMerchant: number;
  toReceivable: number;
  commissionReturned: number;
}> {
  if (!isValidAmount(input.amount)) throw new AppError('LEDGER_INVALID_AMOUNT', { amount: input.amount });
  const key = `order:${input.orderId}:refund:${input.refundId}`;
  const hash = requestHash({ ...input, currency: input.currency ?? null });
  return withTx(ctx, async (tx) => {
    // Locking the payment entry serialises the refunds of one order.
    const [paid] = await tx.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.idempotencyKey, orderPaidKey(input.orderId)))
      .for('update');
    if (!paid) throw new AppError('NOT_FOUND', { order: input.orderId });
    if (input.currency && input.currency !== paid.currency) {
      throw new AppError('LEDGER_CURRENCY_MISMATCH', { currency: input.currency, order: paid.currency });
    }
    const [done] = await tx.db.select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, key));
    if (done) {
      if (done.contentHash !== hash)
        throw new AppError('LEDGER_IDEMPOTENCY_CONFLICT', { idempotencyKey: key });
      const lines = await tx.db
        .select({ code: ledgerTransfers.code, amount: ledgerTransfers.amount })
        .from(ledgerTransfers)
        .where(eq(ledgerTransfers.entryId, done.id));
      const part = (code: string) => lines.filter((l) => l.code === code).reduce((n, l) => n + l.amount, 0);
      return {
        entryId: done.id,
        replayed: true,
        fromMerchant: part('refund.merchant'),
        toReceivable: part('refund.receivable'),
        commissionReturned: part('refund.commission'),
      };
    }
    const sums = await tx.db.execute<{ gross: number; commission: number; refunded: number }>(sql`
      SELECT
        COALESCE(SUM(t.amount) FILTER (WHERE (t.code = 'order.gross' AND t.entry_id = ${paid.id})
          OR (t.code = 'hold.post' AND e.kind = 'order.paid_balance')), 0)::int8 AS gross,
        COALESCE(SUM(t.amount) FILTER (WHERE t.code = 'order.commission' AND t.entry_id = ${paid.id}), 0)::int8 AS commission,
        COALESCE(SUM(t.amount) FILTER (WHERE t.code = 'refund.payout' AND e.kind = 'order.refund'), 0)::int8 AS refunded
      FROM ${ledgerTransfers} t JOIN ${ledgerEntries} e ON e.id = t.entry_id
      WHERE e.reference_type = 'order' AND e.reference_id = ${input.orderId}`);
    const { gross, commission, refunded } = sums.rows[0]!;
    if (refunded + input.amount > gross) {
      throw new AppError('LEDGER_INVALID_AMOUNT', { amount: input.amount, refundable: gross - refunded });
    }
    const commissionBack =
      mulDivHalfUp(commission, refunded + input.amount, gross) - mulDivHalfUp(commission, refunded, gross);
    const merchantPart = input.amount - commissionBack;

    const currency = paid.currency;
    const from: AccountSpec = { type: input.fromAccount, ownerId: input.merchantId, currency };
    const receivable: AccountSpec = { type: 'merchant_receivable', ownerId: input.merchantId, currency };
    const payable: AccountSpec = { type: 'buyer_refunds_payable', currency };
    const revenue: AccountSpec = { type: 'platform_fee_revenue', currency };
    // Money goes back where it came from: a wholly balance-paid order refunds to the reseller's balance.
    const sources = await tx.db.execute<{ type: string; owner_id: string | null }>(sql`
      SELECT a.type, a.owner_id FROM ${ledgerTransfers} t JOIN ledger_accounts a ON a.id = t.debit_account_id
      WHERE t.entry_id = ${paid.id} AND t.code = 'order.gross'`);
    const src = sources.rows;
    const cash: AccountSpec =
      src.length === 1 && src[0]!.type === 'reseller_balance' && src[0]!.owner_id
        ? { type: 'reseller_balance', ownerId: src[0]!.owner_id, currency }
        : { type: 'platform_cash', ownerId: input.channelId, currency };
    const specs = [from, receivable, payable, revenue, cash];
    const ids = await ensureAccounts(tx, specs);
    const locked = await lockAccounts(tx, [...ids.values()]);
    const available = normalBalance(locked.get(ids.get(accountCode(from))!)!).available;
    const fromMerchant = Math.min(Math.max(available, 0), merchantPart);
    const toReceivable = merchantPart - fromMerchant;
    const transfers: TransferInput[] = [];
    if (fromMerchant > 0)
      transfers.push({ debit: from, credit: payable, amount: fromMerchant, code: 'refund.merchant' });
    if (toReceivable > 0) {
      transfers.push({ debit: receivable, credit: payable, amount: toReceivable, code: 'refund.receivable' });
    }
    if (commissionBack > 0) {
      transfers.push({ debit: revenue, credit: payable, amount: commissionBack, code: 'refund.commission' });
    }
    transfers.push({ debit: payable, credit: cash, amount: input.amount, code: 'refund.payout' });
    const res = await postEntry(tx, {
      idempotencyKey: key,
      kind: 'order.refund',
      currency,
      reference: { type: 'order', id: input.orderId },
      contentHash: hash,
      transfers,
    });
    return { ...res, fromMerchant, toReceivable, commissionReturned: commissionBack };
  });
}
