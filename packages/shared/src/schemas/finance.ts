import { z } from 'zod';
import { email } from './common';

/**
 * Finance API shapes: balances, statements, payout accounts, withdrawals (提现), fee schedules,
 * merchant terms, finance settings, manual adjustments and reseller prepaid balances (预存款).
 * Every amount is an integer of minor units (fen); the UI divides by 100 for display.
 */

/** A signed amount in fen (balances may be negative, e.g. the receivable). */
export const signedFen = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/** A positive amount in fen as sent by a client (at most 100 million yuan). */
export const positiveFen = z.number().int().positive().max(10_000_000_000);

/** A non-negative amount in fen (fees, minimums). */
export const nonNegativeFen = z.number().int().min(0).max(10_000_000_000);

/** An ISO 4217 currency code; the server refuses codes it has no ledger for (LEDGER_UNKNOWN_CURRENCY). */
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .default('CNY');

/** Basis points: 100 = 1 %. */
export const basisPoints = z.number().int().min(0).max(10_000);

/** Settlement cycle: T+0, T+1, T+3 or T+7 days after payment, in the platform's time zone. */
export const settlementDays = z.literal([0, 1, 3, 7]);
export type SettlementDays = z.infer<typeof settlementDays>;

/** An IANA time zone name such as Asia/Shanghai. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

const isoDateTime = z.iso.datetime({ offset: true });

// ——— balances and statements ———

/** A merchant's balance card (all in fen). */
export const merchantBalance = z.object({
  currency: z.string(),
  /** Earned, not yet settled (T+N). */
  pending: signedFen,
  /** Withdrawable. */
  available: signedFen,
  /** Held by withdrawals in review or being paid. */
  withdrawing: signedFen,
  /** Owed to the platform (refunds after settlement beyond the available balance); offset by later earnings. */
  receivable: signedFen,
});
export type MerchantBalance = z.infer<typeof merchantBalance>;

export const merchantStatementAccounts = ['pending', 'available', 'withdrawing', 'receivable'] as const;
export type MerchantStatementAccount = (typeof merchantStatementAccounts)[number];

/** Statement filters: account, time range [from, to), entry kind, cursor (`before` = a transferId). */
export const statementQuery = z.strictObject({
  account: z.enum(merchantStatementAccounts).default('available'),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  kind: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type StatementQuery = z.infer<typeof statementQuery>;

/** Statement filters for a reseller (one account). */
export const resellerStatementQuery = statementQuery.omit({ account: true });
export type ResellerStatementQuery = z.infer<typeof resellerStatementQuery>;

/** One movement on an account, newest first. */
export const statementLine = z.object({
  transferId: z.number().int(),
  entryId: z.uuid(),
  /** Entry kind: order.paid, order.settled, order.refund, receivable.offset, withdrawal.posted, withdrawal.paid, reseller.topup, adjustment (and `<kind>.reversal`). */
  kind: z.string(),
  memo: z.string().nullable(),
  reference: z.object({ type: z.string(), id: z.string() }).nullable(),
  direction: z.enum(['in', 'out']),
  amount: signedFen,
  balanceAfter: signedFen.nullable(),
  createdAt: isoDateTime,
});
export type StatementLine = z.infer<typeof statementLine>;

export const statementPage = z.object({
  items: z.array(statementLine),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: z.number().int().nullable(),
});
export type StatementPage = z.infer<typeof statementPage>;

// ——— settlement ———

export const settlementStatuses = ['scheduled', 'settled', 'held', 'reversed'] as const;
export type SettlementStatus = (typeof settlementStatuses)[number];

/** One paid order's earnings awaiting (or past) settlement. */
export const settlementItem = z.object({
  orderId: z.string(),
  amount: signedFen,
  currency: z.string(),
  /** yyyy-mm-dd in the platform time zone. */
  dueOn: z.string(),
  status: z.enum(settlementStatuses),
  heldReason: z.string().nullable(),
  settledAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type SettlementItem = z.infer<typeof settlementItem>;

export const settlementListQuery = z.strictObject({
  status: z.enum(settlementStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

// ——— payout accounts ———

export const payoutAccountKinds = ['alipay', 'bank', 'usdt'] as const;
export type PayoutAccountKind = (typeof payoutAccountKinds)[number];

/** A saved payout account; the number is stored encrypted and only ever returned masked. */
export const payoutAccount = z.object({
  id: z.uuid(),
  kind: z.enum(payoutAccountKinds),
  holderName: z.string(),
  /** e.g. `6222 **** **** 1234`, `ab***@example.com`, `TQ5…x9Ab`. */
  accountMasked: z.string(),
  bankName: z.string().nullable(),
  label: z.string().nullable(),
  createdAt: isoDateTime,
});
export type PayoutAccount = z.infer<typeof payoutAccount>;

/** A bank account needs bankName; the number's format is checked per kind (PAYOUT_ACCOUNT_INVALID). */
export const createPayoutAccountBody = z.strictObject({
  kind: z.enum(payoutAccountKinds),
  holderName: z.string().trim().min(1).max(60),
  accountNumber: z.string().trim().min(4).max(128),
  bankName: z.string().trim().min(1).max(60).optional(),
  label: z.string().trim().min(1).max(60).optional(),
});
export type CreatePayoutAccountBody = z.infer<typeof createPayoutAccountBody>;

export const updatePayoutAccountBody = z.strictObject({
  holderName: z.string().trim().min(1).max(60).optional(),
  bankName: z.string().trim().min(1).max(60).nullable().optional(),
  label: z.string().trim().min(1).max(60).nullable().optional(),
});
export type UpdatePayoutAccountBody = z.infer<typeof updatePayoutAccountBody>;

// ——— withdrawals ———

export const withdrawalStatuses = ['requested', 'approved', 'rejected', 'paid', 'failed'] as const;
export type WithdrawalStatus = (typeof withdrawalStatuses)[number];

/** A withdrawal (提现): `amount` leaves the available balance; the merchant receives amount − fee. */
export const withdrawal = z.object({
  id: z.uuid(),
  merchantId: z.uuid(),
  merchantName: z.string(),
  payoutAccount: payoutAccount,
  amount: signedFen,
  fee: signedFen,
  /** What is paid out: amount − fee. */
  netAmount: signedFen,
  currency: z.string(),
  status: z.enum(withdrawalStatuses),
  /** Rejection or failure reason. */
  reason: z.string().nullable(),
  payoutReference: z.string().nullable(),
  requestedBy: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  createdAt: isoDateTime,
  reviewedAt: isoDateTime.nullable(),
  completedAt: isoDateTime.nullable(),
});
export type Withdrawal = z.infer<typeof withdrawal>;

export const requestWithdrawalBody = z.strictObject({
  payoutAccountId: z.uuid(),
  amount: positiveFen,
});
export type RequestWithdrawalBody = z.infer<typeof requestWithdrawalBody>;

export const withdrawalListQuery = z.strictObject({
  status: z.enum(withdrawalStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type WithdrawalListQuery = z.infer<typeof withdrawalListQuery>;

export const reasonBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });
export const withdrawalPaidBody = z.strictObject({ payoutReference: z.string().trim().min(1).max(128) });

/** The withdrawal rules a merchant sees before requesting. */
export const withdrawalRules = z.object({
  currency: z.string(),
  minimum: signedFen,
  fee: signedFen,
  available: signedFen,
});
export type WithdrawalRules = z.infer<typeof withdrawalRules>;

// ——— fees, terms, settings ———

export const feeBearers = ['merchant', 'platform'] as const;

/** A payment channel's fee: rateBps of the amount (rounded to the fen by the ledger rule) + fixedFen, borne by one side. */
export const feeSchedule = z.object({
  channelId: z.string(),
  name: z.string(),
  rateBps: basisPoints,
  fixedFen: nonNegativeFen,
  bearer: z.enum(feeBearers),
  updatedAt: isoDateTime,
});
export type FeeSchedule = z.infer<typeof feeSchedule>;

export const channelIdParams = z.strictObject({
  channelId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/),
});

export const putFeeScheduleBody = z.strictObject({
  name: z.string().trim().min(1).max(60),
  rateBps: basisPoints,
  fixedFen: nonNegativeFen.default(0),
  bearer: z.enum(feeBearers).default('merchant'),
});
export type PutFeeScheduleBody = z.infer<typeof putFeeScheduleBody>;

/** A merchant's finance terms; `custom: false` means the platform defaults apply. */
export const merchantTerms = z.object({
  merchantId: z.uuid(),
  settlementDays,
  commissionBps: basisPoints,
  custom: z.boolean(),
});
export type MerchantTerms = z.infer<typeof merchantTerms>;

export const putMerchantTermsBody = z.strictObject({
  settlementDays,
  commissionBps: basisPoints,
});
export type PutMerchantTermsBody = z.infer<typeof putMerchantTermsBody>;

/** Platform-wide finance settings. */
export const financeSettings = z.object({
  /** Settlement dates are counted in this zone. */
  timezone: timeZone,
  withdrawalMinimum: nonNegativeFen,
  /** A fixed fee per withdrawal, deducted from the amount paid out. */
  withdrawalFee: nonNegativeFen,
  defaultSettlementDays: settlementDays,
  defaultCommissionBps: basisPoints,
});
export type FinanceSettings = z.infer<typeof financeSettings>;

export const updateFinanceSettingsBody = financeSettings.partial().strict();
export type UpdateFinanceSettingsBody = z.infer<typeof updateFinanceSettingsBody>;

// ——— admin ———

/** A manual adjustment of a merchant balance; platform_equity is the other side. */
export const adjustmentBody = z.strictObject({
  merchantId: z.uuid(),
  account: z.enum(['available', 'pending']),
  direction: z.enum(['credit', 'debit']),
  amount: positiveFen,
  reason: z.string().trim().min(2).max(500),
  currency: currencyCode.optional(),
});
export type AdjustmentBody = z.infer<typeof adjustmentBody>;

export const adjustmentResult = z.object({ entryId: z.uuid(), balance: merchantBalance });

export const financeOverview = z.object({
  currency: z.string(),
  platformFeeRevenue: signedFen,
  channelFeeExpense: signedFen,
  cashByChannel: z.array(z.object({ channelId: z.string(), amount: signedFen })),
  merchantLiabilities: z.object({
    pending: signedFen,
    available: signedFen,
    withdrawing: signedFen,
    receivable: signedFen,
  }),
  resellerBalances: signedFen,
  withdrawals: z.object({ requested: z.number().int(), approved: z.number().int() }),
});
export type FinanceOverview = z.infer<typeof financeOverview>;

export const adminMerchantFinance = z.object({
  merchantId: z.uuid(),
  merchantName: z.string(),
  balance: merchantBalance,
  terms: merchantTerms,
  statement: statementPage,
});
export type AdminMerchantFinance = z.infer<typeof adminMerchantFinance>;

// ——— resellers ———

export const resellerStatuses = ['active', 'suspended'] as const;

export const resellerBalance = z.object({
  currency: z.string(),
  posted: signedFen,
  /** Reserved by API orders in flight. */
  pending: signedFen,
  available: signedFen,
});
export type ResellerBalance = z.infer<typeof resellerBalance>;

export const resellerAccount = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  status: z.enum(resellerStatuses),
  balance: resellerBalance,
  createdAt: isoDateTime,
});
export type ResellerAccount = z.infer<typeof resellerAccount>;

/** Creates a reseller account for an existing user. */
export const createResellerBody = z.strictObject({
  email,
  name: z.string().trim().min(1).max(60),
});

export const resellerTopUpBody = z.strictObject({
  amount: positiveFen,
  note: z.string().trim().min(2).max(500),
});

export const setResellerStatusBody = z.strictObject({ status: z.enum(resellerStatuses) });

export const resellerTopUpResult = z.object({ entryId: z.uuid(), balance: resellerBalance });
