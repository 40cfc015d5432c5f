import { describe, expect, it } from 'vitest';
import { maskAccountNumber, normaliseAccountNumber } from './mask-account-number';

describe('payout account numbers', () => {
  it('normalises and masks each kind', () => {
    const bank = normaliseAccountNumber('bank', '6222 0212 3456 7890 123');
    expect(bank).toBe('6222021234567890123');
    expect(maskAccountNumber('bank', bank)).toBe('6222 **** **** 0123');
    expect(maskAccountNumber('alipay', '13812345678')).toBe('138****5678');
    expect(maskAccountNumber('alipay', 'alice@example.com')).toBe('al***@example.com');
    const tron = 'TQ5vWbYr1pDq6WJYxK3hPiTxXU4n9x9Abc';
    expect(maskAccountNumber('usdt', normaliseAccountNumber('usdt', tron))).toBe('TQ5v…9Abc');
  });
  it('refuses numbers that cannot be of the kind', () => {
    for (const [kind, v] of [
      ['bank', '1234'],
      ['bank', '6222abc1234567'],
      ['alipay', 'not an account'],
      ['usdt', '0x123'],
    ] as const) {
      expect(() => normaliseAccountNumber(kind, v)).toThrow('PAYOUT_ACCOUNT_INVALID');
    }
  });
});
