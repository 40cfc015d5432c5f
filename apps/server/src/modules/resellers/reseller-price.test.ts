import { describe, expect, it } from 'vitest';
import { resellerUnitPrice } from './reseller-price';

describe('resellerUnitPrice', () => {
  it('is the retail price without a level', () => {
    expect(resellerUnitPrice(1000, null)).toBe(1000);
    expect(resellerUnitPrice(1000, null, 500)).toBe(1000);
  });
  it("takes the level's price-list entry over its discount", () => {
    expect(resellerUnitPrice(1000, { discountBps: 500 }, 777)).toBe(777);
  });
  it('takes the discount off the base price, rounded down to the fen', () => {
    expect(resellerUnitPrice(1000, { discountBps: 500 })).toBe(950);
    // 999 × 0.95 = 949.05 → 949; 333 × 0.9 = 299.7 → 299
    expect(resellerUnitPrice(999, { discountBps: 500 })).toBe(949);
    expect(resellerUnitPrice(333, { discountBps: 1000 })).toBe(299);
    expect(resellerUnitPrice(1000, { discountBps: 0 })).toBe(1000);
  });
  it('never goes below 1 fen', () => {
    expect(resellerUnitPrice(1, { discountBps: 9999 })).toBe(1);
    expect(resellerUnitPrice(500, { discountBps: 10_000 })).toBe(1);
    expect(resellerUnitPrice(500, { discountBps: 20_000 })).toBe(1);
  });
  it('stays exact at the largest prices', () => {
    expect(resellerUnitPrice(10_000_000_000, { discountBps: 1 })).toBe(9_999_000_000);
  });
});
