import { createProductBody } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { emptyProductForm, emptySku, formToBody, type ProductForm } from './product-form';

describe('product form ↔ API body', () => {
  it('turns yuan strings into fen and local date-times into ISO, and the body passes the shared schema', () => {
    const form: ProductForm = {
      ...emptyProductForm(),
      title: ' 游戏点卡 ',
      status: 'on_sale',
      skus: [
        {
          ...emptySku(),
          name: '10元卡',
          price: '10.00',
          originalPrice: '12.5',
          tiers: [{ minQty: 5, unitPrice: '9.00' }],
          buyNGetMOn: true,
          buy: 3,
          free: 1,
          limitedOn: true,
          limitedPrice: '8.88',
          limitedStartsAt: '2026-01-01T10:00',
          limitedEndsAt: '2026-01-02T10:00',
        },
        {
          ...emptySku(1),
          id: '7a9d44da-619e-4150-a50f-4217e46c6a4b',
          name: '文本',
          price: '1',
          deliveryMode: 'shared_text',
        },
      ],
    };
    const body = formToBody(form);
    expect(body.title).toBe('游戏点卡');
    expect(body.slug).toBeUndefined();
    const [a, b] = body.skus;
    expect(a).toMatchObject({ price: 1000, originalPrice: 1250, sharedText: null, manualStockCap: null });
    expect(a!.pricing).toMatchObject({
      tiers: [{ minQty: 5, unitPrice: 900 }],
      buyNGetM: { buy: 3, free: 1 },
      limited: { price: 888, startsAt: new Date('2026-01-01T10:00').toISOString() },
    });
    // A saved shared-text SKU left blank sends null: the server keeps the stored (encrypted) text.
    expect(b).toMatchObject({ id: '7a9d44da-619e-4150-a50f-4217e46c6a4b', price: 100, sharedText: null });
    expect(createProductBody.safeParse(body).success).toBe(true);
  });
});
