import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/app-error';
import { accountCode, accountTypeTable, normalBalance } from './accounts';
import { ledgerAccounts } from './schema';

describe('account type table', () => {
  it('covers every account type of the schema', () => {
    expect(Object.keys(accountTypeTable).sort()).toEqual([...ledgerAccounts.type.enumValues].sort());
  });

  it('puts liabilities, equity and revenue on the credit side, assets and expenses on the debit side', () => {
    const credit = Object.entries(accountTypeTable)
      .filter(([, r]) => r.normalSide === 'credit')
      .map(([t]) => t);
    expect(credit.sort()).toEqual(
      [
        'buyer_refunds_payable',
        'merchant_available',
        'merchant_pending',
        'merchant_withdrawing',
        'platform_equity',
        'platform_fee_revenue',
        'reseller_balance',
      ].sort(),
    );
    const noNegative = Object.entries(accountTypeTable)
      .filter(([, r]) => r.noNegative)
      .map(([t]) => t);
    expect(noNegative.sort()).toEqual(
      ['merchant_available', 'merchant_pending', 'merchant_withdrawing', 'reseller_balance'].sort(),
    );
  });
});

describe('accountCode', () => {
  it('is stable and defaults to CNY', () => {
    expect(accountCode({ type: 'merchant_available', ownerId: 'm1' })).toBe('merchant_available:m1:CNY');
    expect(accountCode({ type: 'merchant_available', ownerId: 'm1', currency: 'CNY' })).toBe(
      'merchant_available:m1:CNY',
    );
    expect(accountCode({ type: 'platform_fee_revenue', currency: 'USD' })).toBe('platform_fee_revenue:USD');
  });

  it('refuses unknown currencies and types, and owners where the type says otherwise', () => {
    const code = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (err) {
        return isAppError(err) ? err.code : 'other';
      }
    };
    expect(code(() => accountCode({ type: 'reseller_balance', ownerId: 'r', currency: 'EUR' }))).toBe(
      'LEDGER_UNKNOWN_CURRENCY',
    );
    expect(code(() => accountCode({ type: 'nope' as never, ownerId: 'r' }))).toBe('VALIDATION_FAILED');
    expect(code(() => accountCode({ type: 'merchant_pending' }))).toBe('VALIDATION_FAILED');
    expect(code(() => accountCode({ type: 'merchant_pending', ownerId: '' }))).toBe('VALIDATION_FAILED');
    expect(code(() => accountCode({ type: 'platform_equity', ownerId: 'x' }))).toBe('VALIDATION_FAILED');
  });
});

describe('normalBalance', () => {
  it('subtracts outgoing holds from the posted balance on the normal side', () => {
    const base = { debitsPosted: 30, creditsPosted: 100, debitsPending: 20, creditsPending: 5 };
    expect(normalBalance({ ...base, normalSide: 'credit' })).toEqual({
      posted: 70,
      pending: 20,
      available: 50,
    });
    expect(normalBalance({ ...base, normalSide: 'debit' })).toEqual({
      posted: -70,
      pending: 5,
      available: -75,
    });
  });
});
