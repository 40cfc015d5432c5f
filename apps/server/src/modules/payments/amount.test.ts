import { describe, expect, it } from 'vitest';
import { formatYuan, parseYuan } from './amount';

describe('yuan strings ↔ fen', () => {
  it('parses exactly, without floats', () => {
    expect(parseYuan('10')).toBe(1000);
    expect(parseYuan('10.5')).toBe(1050);
    expect(parseYuan('10.00')).toBe(1000);
    expect(parseYuan('0.01')).toBe(1);
    expect(parseYuan('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(parseYuan('19.99')).toBe(1999);
  });
  it('refuses anything that is not a plain non-negative amount with ≤ 2 decimals', () => {
    for (const bad of [
      '',
      ' 1',
      '1 ',
      '-1',
      '+1',
      '1e3',
      '1.001',
      '.5',
      '01',
      '1.',
      '0x10',
      'NaN',
      '1,00',
      '１',
    ]) {
      expect(parseYuan(bad), bad).toBeNull();
    }
  });
  it('formats fen as two-decimal yuan', () => {
    expect(formatYuan(1234)).toBe('12.34');
    expect(formatYuan(1)).toBe('0.01');
    expect(formatYuan(100)).toBe('1.00');
    expect(() => formatYuan(1.5)).toThrow();
  });
});
