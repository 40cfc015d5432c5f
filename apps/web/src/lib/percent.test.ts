import { describe, expect, it } from 'vitest';
import { bpsToPercent, formatBps, percentToBps } from './percent';

describe('percent helpers', () => {
  it('converts percentages to basis points without floating-point error', () => {
    expect(percentToBps('0.6')).toBe(60);
    expect(percentToBps('0.07')).toBe(7);
    expect(percentToBps('1')).toBe(100);
    expect(percentToBps(' 2.55% ')).toBe(255);
    expect(percentToBps('100')).toBe(10_000);
    expect(percentToBps('0')).toBe(0);
  });

  it('rejects anything outside 0–100 % or with more than two decimals', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '100.01', '1000', null, undefined]) {
      expect(percentToBps(bad)).toBeNull();
    }
  });

  it('formats basis points as a percentage', () => {
    expect(bpsToPercent(60)).toBe('0.60');
    expect(bpsToPercent(10_000)).toBe('100.00');
    expect(formatBps(255)).toBe('2.55%');
  });
});
