import { describe, expect, it } from 'vitest';
import { fenToYuan, formatFen, yuanToFen } from './money';

describe('money helpers', () => {
  it('converts yuan strings to integer fen without floating-point error', () => {
    expect(yuanToFen('12.34')).toBe(1234);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('10')).toBe(1000);
    expect(yuanToFen('10.')).toBe(1000);
    expect(yuanToFen(' 9.90 ')).toBe(990);
    expect(yuanToFen('¥45.00')).toBe(4500);
    expect(yuanToFen(4.35)).toBe(435);
    expect(yuanToFen('999999999999.99')).toBe(99999999999999);
  });

  it('rejects anything that is not an amount with at most two decimals', () => {
    for (const bad of ['', ' ', '-1', '1.234', 'abc', '1e3', '.5', '1,00', null, undefined]) {
      expect(yuanToFen(bad)).toBeNull();
    }
  });

  it('formats fen as yuan with two decimals', () => {
    expect(fenToYuan(1234)).toBe('12.34');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(100000)).toBe('1000.00');
    expect(fenToYuan(-150)).toBe('-1.50');
    expect(formatFen(4500)).toBe('¥45.00');
    expect(formatFen(-29800)).toBe('-¥298.00');
    expect(formatFen(0)).toBe('¥0.00');
  });

  it('round-trips', () => {
    for (const fen of [0, 1, 9, 10, 99, 100, 101, 1999, 123456789]) {
      expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    }
  });
});
