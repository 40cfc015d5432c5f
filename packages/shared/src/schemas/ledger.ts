import { z } from 'zod';

/** The purposes a ledger account can have (mirrors the server's account type table). */
export const ledgerAccountType = z.enum([
  'platform_cash',
  'platform_fee_revenue',
  'channel_fee_expense',
  'platform_equity',
  'merchant_pending',
  'merchant_available',
  'merchant_withdrawing',
  'merchant_receivable',
  'reseller_balance',
  'buyer_refunds_payable',
]);
export type LedgerAccountType = z.infer<typeof ledgerAccountType>;

/** Currencies the ledger accepts; amounts are integer minor units. */
export const ledgerCurrency = z.enum(['CNY', 'USD', 'USDT']);
export type LedgerCurrency = z.infer<typeof ledgerCurrency>;

/** An integer amount of minor units (fen), never a float or a string. */
export const ledgerAmount = z.number().int().refine(Number.isSafeInteger, 'not a safe integer');

/** A balance on the account's normal side: posted, held by pending holds, available = posted − held. */
export const ledgerBalance = z.object({
  posted: ledgerAmount,
  pending: ledgerAmount,
  available: ledgerAmount,
});
export type LedgerBalance = z.infer<typeof ledgerBalance>;

export const ledgerAccount = ledgerBalance.extend({
  id: z.uuid(),
  code: z.string(),
  type: ledgerAccountType,
  ownerId: z.string().nullable(),
  currency: z.string(),
  normalSide: z.enum(['debit', 'credit']),
  noNegative: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type LedgerAccount = z.infer<typeof ledgerAccount>;

export const ledgerAccountListQuery = z.strictObject({
  ownerId: z.string().min(1).max(100).optional(),
  type: ledgerAccountType.optional(),
  currency: ledgerCurrency.optional(),
});

/** One line of an account statement; `in` raises the account's normal-side balance. */
export const ledgerStatementLine = z.object({
  transferId: z.number().int(),
  entryId: z.uuid(),
  kind: z.string(),
  code: z.string().nullable(),
  memo: z.string().nullable(),
  reference: z.object({ type: z.string(), id: z.string() }).nullable(),
  direction: z.enum(['in', 'out']),
  amount: ledgerAmount,
  balanceAfter: ledgerAmount,
  createdAt: z.iso.datetime({ offset: true }),
});
export type LedgerStatementLine = z.infer<typeof ledgerStatementLine>;

export const ledgerCheckResult = z.object({
  ok: z.boolean(),
  accounts: z.number().int(),
  entries: z.number().int(),
  transfers: z.number().int(),
  problems: z.array(
    z.object({
      kind: z.enum([
        'entry_unbalanced',
        'running_total_mismatch',
        'pending_mismatch',
        'negative_balance',
        'entry_without_transfers',
      ]),
      id: z.string(),
      detail: z.string(),
    }),
  ),
});
export type LedgerCheckResult = z.infer<typeof ledgerCheckResult>;
