import { describe, expect, it } from 'vitest';
import { decideCoupon, type CouponRow } from './validate-coupon';

const coupon: CouponRow = {
  id: 'c1',
  code: 'SAVE10',
  kind: 'percent',
  value: 10,
  scope: 'all',
  scopeId: null,
  minSpend: 0,
  totalLimit: null,
  perBuyerLimit: null,
  usedCount: 0,
  startsAt: null,
  endsAt: null,
  active: true,
};
const purchase = {
  skuId: 's1',
  productId: 'p1',
  categoryIds: ['child', 'parent'],
  subtotal: 1000,
  now: new Date('2026-06-01T00:00:00Z'),
  buyerUses: 0,
};
const reason = (c: Partial<CouponRow> | undefined, p: Partial<typeof purchase> = {}) => {
  const r = decideCoupon(c === undefined ? undefined : { ...coupon, ...c }, { ...purchase, ...p });
  return r.ok ? 'ok' : r.reason;
};

describe('decideCoupon', () => {
  it('accepts a valid coupon and hands quotePrice its discount', () => {
    expect(decideCoupon(coupon, purchase)).toEqual({
      ok: true,
      coupon: { id: 'c1', code: 'SAVE10', kind: 'percent', value: 10 },
    });
  });
  it('names each rejection', () => {
    expect(reason(undefined)).toBe('not_found');
    expect(reason({ active: false })).toBe('inactive');
    expect(reason({ startsAt: new Date('2026-06-01T00:00:00.001Z') })).toBe('not_started');
    expect(reason({ startsAt: new Date('2026-06-01T00:00:00Z') })).toBe('ok');
    expect(reason({ endsAt: new Date('2026-06-01T00:00:00Z') })).toBe('expired');
    expect(reason({ endsAt: new Date('2026-06-01T00:00:00.001Z') })).toBe('ok');
    expect(reason({ totalLimit: 5, usedCount: 5 })).toBe('exhausted');
    expect(reason({ totalLimit: 5, usedCount: 4 })).toBe('ok');
    expect(reason({ perBuyerLimit: 1 }, { buyerUses: 1 })).toBe('buyer_limit');
    expect(reason({ perBuyerLimit: 2 }, { buyerUses: 1 })).toBe('ok');
    expect(reason({ minSpend: 1001 })).toBe('min_spend');
    expect(reason({ minSpend: 1000 })).toBe('ok');
  });
  it('checks the scope: SKU, product, category and its ancestors', () => {
    expect(reason({ scope: 'sku', scopeId: 's1' })).toBe('ok');
    expect(reason({ scope: 'sku', scopeId: 's2' })).toBe('out_of_scope');
    expect(reason({ scope: 'product', scopeId: 'p1' })).toBe('ok');
    expect(reason({ scope: 'product', scopeId: 'p2' })).toBe('out_of_scope');
    expect(reason({ scope: 'category', scopeId: 'parent' })).toBe('ok');
    expect(reason({ scope: 'category', scopeId: 'other' })).toBe('out_of_scope');
    expect(reason({ scope: 'category', scopeId: 'parent' }, { categoryIds: [] })).toBe('out_of_scope');
  });
  it('reports the first failing check', () => {
    expect(reason({ active: false, minSpend: 5000, scope: 'sku', scopeId: 'x' })).toBe('inactive');
    expect(reason({ minSpend: 5000, scope: 'sku', scopeId: 'x' })).toBe('out_of_scope');
  });
});
