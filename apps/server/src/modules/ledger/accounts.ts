import { inArray, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { ledgerAccounts } from './schema';

/** The purpose of a ledger account. */
export type AccountType = (typeof ledgerAccounts.type.enumValues)[number];

/** Which account: its type, its owner (merchant, reseller or payment channel id) and its currency. */
export interface AccountSpec {
  type: AccountType;
  ownerId?: string | null;
  /** ISO code, `CNY` when omitted; one ledger per currency. */
  currency?: string;
}

/** Currencies the ledger accepts (amounts are in their minor unit: fen, cent, USDT micro-units by convention of the caller). */
export const ledgerCurrencies = ['CNY', 'USD', 'USDT'] as const;

/** How an account of each type behaves: its normal side, whether it may go negative, whether it has an owner. */
export const accountTypeTable: Readonly<
  Record<
    AccountType,
    { normalSide: 'debit' | 'credit'; noNegative: boolean; owner: 'required' | 'optional' | 'none' }
  >
> = {
  platform_cash: { normalSide: 'debit', noNegative: false, owner: 'required' },
  platform_fee_revenue: { normalSide: 'credit', noNegative: false, owner: 'none' },
  channel_fee_expense: { normalSide: 'debit', noNegative: false, owner: 'optional' },
  platform_equity: { normalSide: 'credit', noNegative: false, owner: 'none' },
  merchant_pending: { normalSide: 'credit', noNegative: true, owner: 'required' },
  merchant_available: { normalSide: 'credit', noNegative: true, owner: 'required' },
  merchant_withdrawing: { normalSide: 'credit', noNegative: true, owner: 'required' },
  merchant_receivable: { normalSide: 'debit', noNegative: false, owner: 'required' },
  reseller_balance: { normalSide: 'credit', noNegative: true, owner: 'required' },
  buyer_refunds_payable: { normalSide: 'credit', noNegative: false, owner: 'optional' },
};

/** The currency of a spec, checked: CNY by default, LEDGER_UNKNOWN_CURRENCY for anything unsupported. */
export function specCurrency(spec: AccountSpec, fallback = 'CNY'): string {
  const currency = spec.currency ?? fallback;
  if (!(ledgerCurrencies as readonly string[]).includes(currency)) {
    throw new AppError('LEDGER_UNKNOWN_CURRENCY', { currency });
  }
  return currency;
}

/**
 * The account's stable code: `type:owner:CUR`, or `type:CUR` for owner-less accounts. Validates the
 * type, the owner rule of the type and the currency.
 */
export function accountCode(spec: AccountSpec): string {
  const rule = Object.hasOwn(accountTypeTable, spec.type) ? accountTypeTable[spec.type] : undefined;
  if (!rule) throw new AppError('VALIDATION_FAILED', { accountType: spec.type });
  const owner = spec.ownerId ?? null;
  if (
    owner === '' ||
    (owner === null && rule.owner === 'required') ||
    (owner !== null && rule.owner === 'none')
  ) {
    throw new AppError('VALIDATION_FAILED', { accountType: spec.type, ownerId: owner });
  }
  const currency = specCurrency(spec);
  return owner === null ? `${spec.type}:${currency}` : `${spec.type}:${owner}:${currency}`;
}

const accountsByCode = prepared('ledger_accounts_by_code', (db) =>
  db
    .select({ id: ledgerAccounts.id, code: ledgerAccounts.code })
    .from(ledgerAccounts)
    .where(sql`${ledgerAccounts.code} = ANY(${sql.placeholder('codes')}::text[])`),
);

/** Looks accounts up by spec, creating the missing ones (idempotent); returns code → id. */
export async function ensureAccounts(ctx: Ctx, specs: readonly AccountSpec[]): Promise<Map<string, string>> {
  const byCode = new Map(specs.map((s) => [accountCode(s), s] as const));
  const codes = [...byCode.keys()];
  const ids = new Map<string, string>();
  const found = await accountsByCode(ctx.db, { codes });
  for (const r of found) ids.set(r.code, r.id);
  // Sorted by code so two transactions creating the same new accounts queue instead of deadlocking.
  const missing = codes.filter((c) => !ids.has(c)).sort();
  if (missing.length) {
    await ctx.db
      .insert(ledgerAccounts)
      .values(
        missing.map((code) => {
          const spec = byCode.get(code)!;
          const rule = accountTypeTable[spec.type];
          return {
            code,
            type: spec.type,
            ownerId: spec.ownerId ?? null,
            currency: specCurrency(spec),
            normalSide: rule.normalSide,
            noNegative: rule.noNegative,
          };
        }),
      )
      .onConflictDoNothing({ target: ledgerAccounts.code });
    const created = await accountsByCode(ctx.db, { codes: missing });
    for (const r of created) ids.set(r.code, r.id);
  }
  return ids;
}

/** The id of the account for `spec`, created on first use (idempotent upsert by code). */
export async function ensureAccount(ctx: Ctx, spec: AccountSpec): Promise<string> {
  const ids = await ensureAccounts(ctx, [spec]);
  return ids.get(accountCode(spec))!;
}

/** An account row as the posting code sees it, under lock. */
export type LockedAccount = typeof ledgerAccounts.$inferSelect;

/**
 * Locks accounts in id order (so concurrent postings queue, never deadlock). `FOR NO KEY UPDATE`, not
 * `FOR UPDATE`: it serialises postings just the same but does not block the foreign-key checks of
 * transfers and holds being inserted against the same account by others.
 */
export async function lockAccounts(ctx: Ctx, ids: readonly string[]): Promise<Map<string, LockedAccount>> {
  const sorted = [...new Set(ids)].sort();
  const rows = await ctx.db
    .select()
    .from(ledgerAccounts)
    .where(inArray(ledgerAccounts.id, sorted))
    .orderBy(ledgerAccounts.id)
    .for('no key update');
  return new Map(rows.map((r) => [r.id, r]));
}

/** The normal-side balance: posted, held out by pending holds, and available (posted − held). */
export function normalBalance(
  a: Pick<
    LockedAccount,
    'normalSide' | 'debitsPosted' | 'creditsPosted' | 'debitsPending' | 'creditsPending'
  >,
) {
  const credit = a.normalSide === 'credit';
  const posted = credit ? a.creditsPosted - a.debitsPosted : a.debitsPosted - a.creditsPosted;
  const pending = credit ? a.debitsPending : a.creditsPending;
  return { posted, pending, available: posted - pending };
}
