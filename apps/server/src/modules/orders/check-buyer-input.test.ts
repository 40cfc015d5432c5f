import type { InputField } from '@kameng/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPatterns } from '../catalog/pattern-safety';
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

const evil = '(a+)+b';
beforeAll(() => checkPatterns(['[a-z0-9]{3,12}', evil]), 30_000);

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
  it('does not run a pattern whose matching time can explode (one stored before the catalog refused them)', () => {
    const risky: InputField[] = [{ name: 'id', label: 'ID', type: 'text', required: true, regex: evil }];
    // Run, this answer would take about a minute (each further character doubles it): bounded, should
    // the guard ever break.
    const answer = `${'a'.repeat(34)}!`;
    const t0 = performance.now();
    expect(checkBuyerInput(risky, { id: answer })).toEqual({ id: answer });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
  it('normalises contacts', () => {
    expect(checkContact('email', ' A@B.CO ')).toBe('a@b.co');
    expect(checkContact('qq', '123456')).toBe('123456');
    expect(code(() => checkContact('email', 'x'))).toBe('email');
    expect(code(() => checkContact('qq', '0123'))).toBe('qq');
  });
});
