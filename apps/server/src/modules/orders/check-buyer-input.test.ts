import type { InputField } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { checkBuyerInput, checkContact } from './check-buyer-input';

const fields: InputField[] = [
  { name: 'account', label: 'Account', type: 'text', required: true, regex: '[a-z0-9]{3,12}' },
  { name: 'mail', label: 'Mail', type: 'email', required: false },
  { name: 'level', label: 'Level', type: 'number', required: false },
];
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code: string; details?: { reason?: string } }).details?.reason;
  }
};

describe('checkBuyerInput', () => {
  it('accepts valid input and trims it', () => {
    expect(checkBuyerInput(fields, { account: ' abc123 ', level: '3' })).toEqual({
      account: 'abc123',
      level: '3',
    });
  });
  it('refuses missing, mistyped, unmatched and unknown fields', () => {
    expect(code(() => checkBuyerInput(fields, {}))).toBe('required');
    expect(code(() => checkBuyerInput(fields, { account: 'ABC' }))).toBe('pattern');
    expect(code(() => checkBuyerInput(fields, { account: 'abc', mail: 'nope' }))).toBe('type');
    expect(code(() => checkBuyerInput(fields, { account: 'abc', level: '3x' }))).toBe('type');
    expect(code(() => checkBuyerInput(fields, { account: 'abc', other: 'x' }))).toBe('unknown');
  });
  it('anchors the merchant regex', () => {
    expect(code(() => checkBuyerInput(fields, { account: 'abc!!' }))).toBe('pattern');
  });
  it('normalises contacts', () => {
    expect(checkContact('email', ' A@B.CO ')).toBe('a@b.co');
    expect(checkContact('qq', '123456')).toBe('123456');
    expect(code(() => checkContact('email', 'x'))).toBe('email');
    expect(code(() => checkContact('qq', '0123'))).toBe('qq');
  });
});
