import { createProductBody, type CreateProductBody } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/app-error';
import { checkProductInput } from './check-product-input';
import { deriveSlug } from './derive-slug';

const product = (over: Record<string, unknown> = {}, sku: Record<string, unknown> = {}): CreateProductBody =>
  createProductBody.parse({
    title: 'Card',
    skus: [{ name: '10元', price: 1000, deliveryMode: 'card_keys', ...sku }],
    ...over,
  });

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('checkProductInput', () => {
  it('accepts a valid product', () => {
    expect(code(() => checkProductInput(product()))).toBeUndefined();
  });
  it('wants strictly increasing quantities and strictly decreasing prices below the base', () => {
    const tiers = (t: { minQty: number; unitPrice: number }[]) => product({}, { pricing: { tiers: t } });
    expect(
      code(() =>
        checkProductInput(
          tiers([
            { minQty: 5, unitPrice: 900 },
            { minQty: 10, unitPrice: 800 },
          ]),
        ),
      ),
    ).toBeUndefined();
    expect(
      code(() =>
        checkProductInput(
          tiers([
            { minQty: 10, unitPrice: 900 },
            { minQty: 10, unitPrice: 800 },
          ]),
        ),
      ),
    ).toBe('PRICE_TIERS_INVALID');
    expect(
      code(() =>
        checkProductInput(
          tiers([
            { minQty: 10, unitPrice: 900 },
            { minQty: 5, unitPrice: 800 },
          ]),
        ),
      ),
    ).toBe('PRICE_TIERS_INVALID');
    expect(
      code(() =>
        checkProductInput(
          tiers([
            { minQty: 5, unitPrice: 800 },
            { minQty: 10, unitPrice: 800 },
          ]),
        ),
      ),
    ).toBe('PRICE_TIERS_INVALID');
    expect(code(() => checkProductInput(tiers([{ minQty: 5, unitPrice: 1000 }])))).toBe(
      'PRICE_TIERS_INVALID',
    );
  });
  it('wants a limited window that ends after it starts and a lower price', () => {
    const limited = (price: number, startsAt: string, endsAt: string) =>
      product({}, { pricing: { limited: { price, startsAt, endsAt } } });
    expect(
      code(() => checkProductInput(limited(900, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'))),
    ).toBeUndefined();
    expect(code(() => checkProductInput(limited(900, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')))).toBe(
      'PRICE_RULE_INVALID',
    );
    expect(code(() => checkProductInput(limited(1000, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')))).toBe(
      'PRICE_RULE_INVALID',
    );
  });
  it('checks delivery settings per mode', () => {
    const sku = (s: Record<string, unknown>) => code(() => checkProductInput(product({}, s)));
    expect(sku({ deliveryMode: 'shared_text' })).toBe('SKU_CONFIG_INVALID');
    expect(sku({ deliveryMode: 'shared_text', sharedText: 'https://x' })).toBeUndefined();
    expect(sku({ deliveryMode: 'manual' })).toBe('SKU_CONFIG_INVALID');
    expect(sku({ deliveryMode: 'manual', manualStockCap: 5 })).toBeUndefined();
    expect(sku({ sharedText: 'x' })).toBe('SKU_CONFIG_INVALID');
    expect(sku({ manualStockCap: 5 })).toBe('SKU_CONFIG_INVALID');
    const id = '0b0c8f0e-1111-4222-8333-444455556666';
    const kept = product({}, { id, deliveryMode: 'shared_text' });
    expect(
      code(() =>
        checkProductInput(kept, new Map([[id, { deliveryMode: 'shared_text', hasSharedText: true }]])),
      ),
    ).toBeUndefined();
  });
  it('checks buyer input fields and quantities', () => {
    const field = { name: 'account', label: '账号', type: 'text', required: true };
    expect(code(() => checkProductInput(product({ inputFields: [field, field] })))).toBe(
      'INPUT_FIELD_INVALID',
    );
    expect(code(() => checkProductInput(product({ inputFields: [{ ...field, regex: '([a-z' }] })))).toBe(
      'INPUT_FIELD_INVALID',
    );
    expect(
      code(() => checkProductInput(product({ inputFields: [{ ...field, regex: '^\\d{5,12}$' }] }))),
    ).toBeUndefined();
    expect(code(() => checkProductInput(product({ minQty: 5, maxQty: 4 })))).toBe('QUANTITY_OUT_OF_RANGE');
  });
});

describe('deriveSlug', () => {
  it('keeps ASCII titles readable and adds a suffix for what it cannot transliterate', () => {
    expect(deriveSlug('Steam Wallet Card $100')).toBe('steam-wallet-card-100');
    expect(deriveSlug('Café Crème')).toBe('cafe-creme');
    expect(deriveSlug('Steam 充值卡 100')).toMatch(/^steam-100-[a-z0-9]{6}$/);
    expect(deriveSlug('王者荣耀点券')).toMatch(/^p-[a-z0-9]{6}$/);
    expect(deriveSlug('Netflix', true)).toMatch(/^netflix-[a-z0-9]{6}$/);
    expect(deriveSlug('x'.repeat(100)).length).toBeLessThanOrEqual(80);
  });
});
