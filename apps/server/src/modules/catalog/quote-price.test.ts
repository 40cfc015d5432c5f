import type { PricingRules } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/app-error';
import { MAX_QUOTE_FEN, quotePrice, type QuoteInput } from './quote-price';

const none: PricingRules = { tiers: [], buyNGetM: null, limited: null };
const now = new Date('2026-06-01T12:00:00Z');

function quote(over: Partial<QuoteInput> & { pricing?: Partial<PricingRules>; price?: number } = {}) {
  const { pricing, price, ...rest } = over;
  return quotePrice({
    sku: { price: price ?? 1000, pricing: { ...none, ...pricing } },
    product: { minQty: 1, maxQty: null },
    quantity: 1,
    now,
    ...rest,
  });
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('quotePrice', () => {
  it('charges the base price per unit', () => {
    expect(quote({ quantity: 3 })).toEqual({
      quantity: 3,
      deliveredQuantity: 3,
      freeUnits: 0,
      unitPrice: 1000,
      unitPriceSource: 'base',
      subtotal: 3000,
      discount: 0,
      total: 3000,
    });
  });

  it('refuses quantities outside [minQty, maxQty]', () => {
    const product = { minQty: 2, maxQty: 5 };
    expect(code(() => quote({ product, quantity: 1 }))).toBe('QUANTITY_OUT_OF_RANGE');
    expect(code(() => quote({ product, quantity: 6 }))).toBe('QUANTITY_OUT_OF_RANGE');
    expect(quote({ product, quantity: 2 }).subtotal).toBe(2000);
    expect(quote({ product, quantity: 5 }).subtotal).toBe(5000);
    expect(code(() => quote({ quantity: 0 }))).toBe('QUANTITY_OUT_OF_RANGE');
    expect(code(() => quote({ quantity: 1.5 }))).toBe('QUANTITY_OUT_OF_RANGE');
  });

  describe('wholesale tiers', () => {
    const pricing = {
      tiers: [
        { minQty: 10, unitPrice: 900 },
        { minQty: 50, unitPrice: 800 },
      ],
    };
    it('applies the highest tier reached, from its exact boundary on', () => {
      expect(quote({ pricing, quantity: 9 })).toMatchObject({ unitPrice: 1000, unitPriceSource: 'base' });
      expect(quote({ pricing, quantity: 10 })).toMatchObject({
        unitPrice: 900,
        unitPriceSource: 'tier',
        subtotal: 9000,
      });
      expect(quote({ pricing, quantity: 49 })).toMatchObject({ unitPrice: 900 });
      expect(quote({ pricing, quantity: 50 })).toMatchObject({ unitPrice: 800, subtotal: 40_000 });
      expect(quote({ pricing, quantity: 1000 })).toMatchObject({ unitPrice: 800 });
    });
    it('does not depend on the order the tiers are stored in', () => {
      const reversed = { tiers: [...pricing.tiers].reverse() };
      expect(quote({ pricing: reversed, quantity: 60 }).unitPrice).toBe(800);
    });
    it('never raises the price above the base price', () => {
      expect(quote({ pricing: { tiers: [{ minQty: 2, unitPrice: 1200 }] }, quantity: 3 })).toMatchObject({
        unitPrice: 1000,
        unitPriceSource: 'base',
      });
    });
  });

  describe('limited-time price', () => {
    const limited = { price: 700, startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-06-02T00:00:00Z' };
    it('applies from startsAt inclusive to endsAt exclusive', () => {
      const at = (iso: string) => quote({ pricing: { limited }, now: new Date(iso) });
      expect(at('2026-05-31T23:59:59.999Z')).toMatchObject({ unitPrice: 1000, unitPriceSource: 'base' });
      expect(at('2026-06-01T00:00:00.000Z')).toMatchObject({ unitPrice: 700, unitPriceSource: 'limited' });
      expect(at('2026-06-01T23:59:59.999Z')).toMatchObject({ unitPrice: 700 });
      expect(at('2026-06-02T00:00:00.000Z')).toMatchObject({ unitPrice: 1000, unitPriceSource: 'base' });
    });
    it('competes with tiers: the lowest unit price wins, ties keep the tier', () => {
      const tiers = [{ minQty: 10, unitPrice: 600 }];
      expect(quote({ pricing: { limited, tiers }, quantity: 10 })).toMatchObject({
        unitPrice: 600,
        unitPriceSource: 'tier',
      });
      expect(quote({ pricing: { limited, tiers }, quantity: 9 })).toMatchObject({
        unitPrice: 700,
        unitPriceSource: 'limited',
      });
      const same = [{ minQty: 2, unitPrice: 700 }];
      expect(quote({ pricing: { limited, tiers: same }, quantity: 2 }).unitPriceSource).toBe('tier');
    });
  });

  describe('buy N get M', () => {
    const pricing = { buyNGetM: { buy: 3, free: 1 } };
    it('delivers floor(quantity / N) × M extra units and charges only the quantity', () => {
      expect(quote({ pricing, quantity: 2 })).toMatchObject({
        deliveredQuantity: 2,
        freeUnits: 0,
        subtotal: 2000,
      });
      expect(quote({ pricing, quantity: 3 })).toMatchObject({
        deliveredQuantity: 4,
        freeUnits: 1,
        subtotal: 3000,
      });
      expect(quote({ pricing, quantity: 5 })).toMatchObject({ deliveredQuantity: 6, freeUnits: 1 });
      expect(quote({ pricing, quantity: 6 })).toMatchObject({ deliveredQuantity: 8, freeUnits: 2 });
      const two = { buyNGetM: { buy: 1, free: 2 } };
      expect(quote({ pricing: two, quantity: 4 })).toMatchObject({ deliveredQuantity: 12, freeUnits: 8 });
    });
  });

  describe('coupons', () => {
    it('percent: the discount rounds down to whole fen', () => {
      // 333 × 3 = 999; 15 % of 999 = 149.85 → 149
      expect(quote({ price: 333, quantity: 3, coupon: { kind: 'percent', value: 15 } })).toMatchObject({
        subtotal: 999,
        discount: 149,
        total: 850,
      });
      expect(quote({ price: 1, coupon: { kind: 'percent', value: 99 } })).toMatchObject({
        discount: 0,
        total: 1,
      });
      expect(quote({ coupon: { kind: 'percent', value: 100 } })).toMatchObject({ discount: 1000, total: 0 });
    });
    it('fixed: takes off at most the subtotal, never making the total negative', () => {
      expect(quote({ quantity: 2, coupon: { kind: 'fixed', value: 500 } })).toMatchObject({
        discount: 500,
        total: 1500,
      });
      expect(quote({ coupon: { kind: 'fixed', value: 5000 } })).toMatchObject({ discount: 1000, total: 0 });
    });
    it('applies after tiers and limited prices', () => {
      const tiers = [{ minQty: 10, unitPrice: 900 }];
      expect(
        quote({ pricing: { tiers }, quantity: 10, coupon: { kind: 'percent', value: 10 } }),
      ).toMatchObject({
        subtotal: 9000,
        discount: 900,
        total: 8100,
      });
    });
  });

  it('keeps money exact and refuses totals beyond the maximum', () => {
    const big = quote({ price: 99_999_97, quantity: 1000, coupon: { kind: 'percent', value: 33 } });
    expect(big.subtotal).toBe(9_999_997_000);
    expect(quote({ price: MAX_QUOTE_FEN }).subtotal).toBe(MAX_QUOTE_FEN);
    expect(Number.isSafeInteger(big.discount)).toBe(true);
    expect(big.discount).toBe(Math.floor((big.subtotal * 33) / 100));
    expect(code(() => quote({ price: MAX_QUOTE_FEN, quantity: 2 }))).toBe('QUANTITY_OUT_OF_RANGE');
    expect(code(() => quote({ price: 10.5 }))).toMatch(/not an amount of fen/);
  });
});
